/**
 * Avaliar's tracing SDK: agents, tools and LLM calls as OpenTelemetry spans. What users call
 * ({@link ai.avaliar.trace.Avaliar}, the call builders, {@link ai.avaliar.trace.Run},
 * {@link ai.avaliar.trace.OpenSpan}, {@link ai.avaliar.trace.Traceable}) is public here; the runtime
 * behind it is package-private beside it, the way OpenTelemetry keeps {@code SdkSpan} beside
 * {@code SdkTracerProvider}. Captured traces are read through {@link ai.avaliar.trace.data}.
 *
 * <pre>{@code
 * String answer = Avaliar.llm("synthesize").model("gpt-4o").provider("openai")
 *         .call(run -> { ChatCompletion c = client.chat().completions().create(params);
 *                        run.usageFrom(c);
 *                        return c.choices().get(0).message().content().orElse(""); });
 * }</pre>
 */
package ai.avaliar.trace;
