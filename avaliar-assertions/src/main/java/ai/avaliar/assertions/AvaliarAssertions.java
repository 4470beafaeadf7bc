package ai.avaliar.assertions;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import org.assertj.core.api.InstanceOfAssertFactory;

/**
 * The entry point of Avaliar's AssertJ assertions on captured traces and spans.
 *
 * <pre>{@code
 * import static ai.avaliar.assertions.AvaliarAssertions.assertThat;
 *
 * assertThat(trace).hasRoot("morning_briefing")
 *     .child("synthesize").isLlm().hasModel("gpt-4o").hasInputTokens(53);
 *
 * Assertions.assertThat(exporter.traces()).first(as(AvaliarAssertions.TRACE)).hasChild("synthesize");
 * }</pre>
 *
 * @since 0.1.0
 */
public class AvaliarAssertions {

    /** For {@code extracting(..., as(TRACE))} and {@code asInstanceOf(TRACE)}. */
    public static final InstanceOfAssertFactory<Trace, TraceAssert> TRACE =
            new InstanceOfAssertFactory<>(Trace.class, TraceAssert::new);

    /** For {@code extracting(..., as(SPAN))} and {@code asInstanceOf(SPAN)}. */
    public static final InstanceOfAssertFactory<CapturedSpan, SpanAssert> SPAN =
            new InstanceOfAssertFactory<>(CapturedSpan.class, SpanAssert::new);

    /** For subclasses that add entry points of their own. */
    protected AvaliarAssertions() {}

    /**
     * Starts assertions on a trace.
     *
     * @param actual the trace
     * @return the assertion
     */
    public static TraceAssert assertThat(Trace actual) {
        return new TraceAssert(actual);
    }

    /**
     * Starts assertions on a trace; the same as {@link #assertThat(Trace)}, for classes that also
     * import AssertJ's {@code assertThat}.
     *
     * @param actual the trace
     * @return the assertion
     */
    public static TraceAssert assertThatTrace(Trace actual) {
        return new TraceAssert(actual);
    }

    /**
     * Starts assertions on a span.
     *
     * @param actual the span
     * @return the assertion
     */
    public static SpanAssert assertThat(CapturedSpan actual) {
        return new SpanAssert(actual);
    }

    /**
     * Starts assertions on a span; the same as {@link #assertThat(CapturedSpan)}.
     *
     * @param actual the span
     * @return the assertion
     */
    public static SpanAssert assertThatSpan(CapturedSpan actual) {
        return new SpanAssert(actual);
    }
}
