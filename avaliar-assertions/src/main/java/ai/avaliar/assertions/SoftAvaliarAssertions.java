package ai.avaliar.assertions;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * AssertJ's {@link SoftAssertions} plus soft assertions on traces and spans: every failure is
 * collected and reported together at the end.
 *
 * <pre>{@code
 * SoftAvaliarAssertions.assertSoftlyOnTraces(softly -> {
 *     softly.assertThat(trace).hasChild("synthesize").hasTotalTokens(65);
 *     softly.assertThat(trace).hasSpanSatisfying("morning_briefing/synthesize", s -> s.isLlm().hasModel("gpt-4o"));
 *     softly.assertThat("text").isNotEmpty();
 * });
 * }</pre>
 *
 * <p>Navigation stays soft: {@code softly.assertThat(trace).child("synthesize").isLlm()} collects
 * the failures of both steps; when the child is missing, that is one failure and the assertions
 * chained after it are skipped. Follow-ups such as {@code output().contains(...)} are soft too. With a
 * {@code SoftAssertions} of your own, {@code softly.proxy(TraceAssert.class, Trace.class, trace)}
 * works as well, but its navigation returns ordinary (failing) assertions.
 *
 * @since 0.1.0
 */
public class SoftAvaliarAssertions extends SoftAssertions {

    /** Creates an empty collector of failures. */
    public SoftAvaliarAssertions() {}

    /**
     * Starts soft assertions on a trace.
     *
     * @param actual the trace
     * @return the assertion, collecting its failures
     */
    public TraceAssert assertThat(Trace actual) {
        return TraceAssert.start(actual, this);
    }

    /**
     * Starts soft assertions on a trace.
     *
     * @param actual the trace
     * @return the assertion, collecting its failures
     */
    public TraceAssert assertThatTrace(Trace actual) {
        return assertThat(actual);
    }

    /**
     * Starts soft assertions on a span.
     *
     * @param actual the span
     * @return the assertion, collecting its failures
     */
    public SpanAssert assertThat(CapturedSpan actual) {
        return SpanAssert.navigate(null, actual, null, this, false);
    }

    /**
     * Starts soft assertions on a span.
     *
     * @param actual the span
     * @return the assertion, collecting its failures
     */
    public SpanAssert assertThatSpan(CapturedSpan actual) {
        return assertThat(actual);
    }

    /**
     * Runs soft assertions on traces and spans and fails with every collected failure at the end.
     *
     * @param softly the assertions
     */
    public static void assertSoftlyOnTraces(Consumer<SoftAvaliarAssertions> softly) {
        SoftAssertionsProvider.assertSoftly(SoftAvaliarAssertions.class, softly);
    }
}
