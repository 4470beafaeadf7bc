/**
 * Avaliar's tracing SDK: agents, tools and LLM calls as OpenTelemetry spans, and the read
 * model ({@link ai.avaliar.trace.Trace}, {@link ai.avaliar.trace.Span}) of captured traces.
 *
 * <pre>{@code
 * String answer = Avaliar.llm("synthesize").model("gpt-4o").provider("openai")
 *         .call(run -> { ChatCompletion c = client.chat().completions().create(params);
 *                        run.usageFrom(c);
 *                        return c.choices().get(0).message().content().orElse(""); });
 * }</pre>
 */
package ai.avaliar.trace;
