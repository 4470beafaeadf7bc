/**
 * A Spring Boot 4 app with a Spring AI 2.0 {@code ChatClient} that calls a tool: no Avaliar in
 * it; its spans are Spring AI's observations through Micrometer's OpenTelemetry bridge.
 *
 * <pre>{@code
 * String answer = context.getBean(CountryAssistant.class).ask("What is the largest city in the user country?");
 * }</pre>
 */
package ai.avaliar.interop.springai;
