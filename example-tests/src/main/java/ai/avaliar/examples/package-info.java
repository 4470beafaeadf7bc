/**
 * The patterns of Avaliar's advanced tracing guide as small real agents on the real
 * openai-java, anthropic-java and LangChain4j clients.
 */
package ai.avaliar.examples;
