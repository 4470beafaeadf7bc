/**
 * A LangChain4j {@code AiServices} agent with a tool, traced by its own listener events turned
 * into OpenTelemetry GenAI spans; no Avaliar in it.
 *
 * <pre>{@code
 * GenAiTracing tracing = new GenAiTracing(GlobalOpenTelemetry.get());
 * String answer = CountryAgent.create(model, tracing).chat("What is the largest city in the user country?");
 * }</pre>
 */
package ai.avaliar.interop.langchain4j;
