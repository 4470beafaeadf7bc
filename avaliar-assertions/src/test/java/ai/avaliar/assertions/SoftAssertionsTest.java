package ai.avaliar.assertions;

import static ai.avaliar.assertions.Trees.MORNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ai.avaliar.trace.Span;
import ai.avaliar.trace.Trace;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class SoftAssertionsTest {

    private static final Span SYNTHESIZE = MORNING.span("morning_briefing/synthesize").orElseThrow();
    private static final Function<Throwable, String> FIRST_LINE = e -> e.getMessage().split("\n")[0];

    @Test
    void collects_every_failure_of_trace_and_span_assertions() {
        SoftAvaliarAssertions softly = new SoftAvaliarAssertions();

        softly.assertThat(MORNING).hasChild("synth").hasTotalTokens(100).hasChild("synthesize");
        softly.assertThatSpan(SYNTHESIZE).isTool().hasModel("gpt-4o-mini").hasProvider("openai");
        softly.assertThatTrace(MORNING).hasSpanSatisfying("morning_briefing/synthesize", s -> s.hasProvider("anthropic"));
        softly.assertThat("plain AssertJ too").startsWith("plain");

        assertThat(softly.errorsCollected()).map(FIRST_LINE).containsExactly(
                "No child named <synth> under <morning_briefing>; its children are "
                        + "<fetch_weather, fetch_news, synthesize>.",
                "Expected the trace to have total tokens <100> but it had <65>.",
                "Expected span <synthesize> to be a tool span but it was an llm span.",
                "Expected span <synthesize> to have model <gpt-4o-mini> but it was <gpt-4o>.",
                "Expected span <synthesize> to have provider <anthropic> but it was <openai>.");
    }

    @Test
    void passes_when_every_soft_assertion_holds() {
        SoftAvaliarAssertions.assertSoftlyOnTraces(softly -> {
            softly.assertThat(MORNING).hasRoot("morning_briefing").hasChildren("fetch_weather", "fetch_news", "synthesize");
            softly.assertThat(SYNTHESIZE).isLlm().hasInputTokens(53);
        });
    }

    @Test
    void assert_softly_fails_at_the_end_with_all_failures() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> SoftAvaliarAssertions.assertSoftlyOnTraces(softly -> {
                    softly.assertThat(MORNING).hasLlmCallCount(2);
                    softly.assertThat(SYNTHESIZE).hasOutputTokens(1);
                }))
                .withMessageContaining("Multiple Failures (2 failures)")
                .withMessageContaining("Expected the trace to have <2> llm calls but it had <1>: <synthesize>.")
                .withMessageContaining("Expected span <synthesize> to have output tokens <1> but it was <12>.");
    }

    @Test
    void plain_soft_assertions_can_proxy_the_assert_classes() {
        SoftAssertions softly = new SoftAssertions();

        softly.proxy(TraceAssert.class, Trace.class, MORNING).hasDepth(3).hasSpanCount(4);
        softly.proxy(SpanAssert.class, Span.class, SYNTHESIZE).isAgent().isLlm();

        assertThat(softly.errorsCollected()).map(FIRST_LINE).containsExactly(
                "Expected the trace to be <3> levels deep but it was <2> levels deep.",
                "Expected span <synthesize> to be an agent span but it was an llm span.");
    }
}
