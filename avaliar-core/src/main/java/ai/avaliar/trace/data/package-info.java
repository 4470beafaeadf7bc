/**
 * The read model of captured traces: a {@link ai.avaliar.trace.data.Trace} is a tree of
 * {@link ai.avaliar.trace.data.CapturedSpan}s built from OpenTelemetry {@code SpanData}, ours or
 * another instrumentation's, the way OpenTelemetry's {@code sdk.trace.data} holds what its SDK
 * exports. Immutable and safe to share between threads.
 *
 * <pre>{@code
 * Trace trace = Trace.of(exporter.getFinishedSpanItems()).get(0);
 * CapturedSpan synthesize = trace.span("morning_briefing/synthesize").orElseThrow();
 * System.out.println(trace.render());
 * }</pre>
 */
package ai.avaliar.trace.data;
