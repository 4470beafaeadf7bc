/**
 * An openai-java app that calls a tool, traced by OpenTelemetry's openai-java instrumentation
 * ({@code opentelemetry-openai-java-1.1}); no Avaliar in it.
 *
 * <pre>{@code
 * OpenAIClient client = OpenAITelemetry.create(openTelemetry).wrap(OpenAIOkHttpClient.fromEnv());
 * String answer = new CountryAnswerer(client, openTelemetry).answer("What is the largest city in the user country?");
 * }</pre>
 */
package ai.avaliar.interop.openai;
