package ai.avaliar.assertions;

import static ai.avaliar.assertions.Trees.MORNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class SoftAssertionsTest {

    private static final CapturedSpan SYNTHESIZE =
            MORNING.span("morning_briefing/synthesize").orElseThrow();
    private static final Function<Throwable, String> FIRST_LINE =
            e -> e.getMessage().split("\n")[0];

    @Test
    void collects_every_failure_of_trace_and_span_assertions() {
        SoftAvaliarAssertions softly = new SoftAvaliarAssertions();

        softly.assertThat(MORNING).hasChild("synth").hasTotalTokens(100).hasChild("synthesize");
        softly.assertThatSpan(SYNTHESIZE).isTool().hasModel("gpt-4o-mini").hasProvider("openai");
        softly.assertThatTrace(MORNING)
                .hasSpanSatisfying("morning_briefing/synthesize", s -> s.hasProvider("anthropic"));
        softly.assertThat("plain AssertJ too").startsWith("plain");

        assertThat(softly.errorsCollected())
                .map(FIRST_LINE)
                .containsExactly(
                        "No child named <synth> under <morning_briefing>; its children are "
                                + "<fetch_weather, fetch_news, synthesize>.",
                        "Expected the trace to have total tokens <100> but it had <65>.",
                        "Expected span <synthesize> to be a tool span but it was an llm span.",
                        "Expected span <synthesize> to have model <gpt-4o-mini> but it was <gpt-4o>.",
                        "Expected span <synthesize> to have provider <anthropic> but it was <openai>.");
    }

    @Test
    void detection_assertions_are_soft_too() {
        SoftAvaliarAssertions softly = new SoftAvaliarAssertions();
        CapturedSpan answer = SpanAssertTest.SUPPORT.span("support/answer").orElseThrow();
        CapturedSpan chat = SpanAssertTest.GUARD.span("guard/chat").orElseThrow();

        softly.assertThatSpan(answer)
                .hasIssue(ai.avaliar.detection.DetectorType.PII)
                .withCategory("IBAN")
                .withSeverityAtLeast(ai.avaliar.detection.Severity.CRITICAL)
                .backToSpan()
                .wasBlocked();
        softly.assertThatSpan(chat).wasNotBlocked().hasNoIssues();

        assertThat(softly.errorsCollected())
                .map(FIRST_LINE)
                .containsExactly(
                        "Expected the PII detection of span <answer> to have an issue of category <IBAN> but its detections are "
                                + "<PII: HIGH EMAIL_ADDRESS, MEDIUM PHONE_NUMBER; TOXICITY: clean>.",
                        "Expected span <answer> to have an issue of severity <CRITICAL> or worse but its detections are "
                                + "<PII: HIGH EMAIL_ADDRESS, MEDIUM PHONE_NUMBER; TOXICITY: clean>.",
                        "Expected the prompt of span <answer> to have been blocked but it was not screened (no avaliar.blocked:"
                                + " not an llm span with blocking(true) and detectors).",
                        "Expected the prompt of span <chat> not to have been blocked but it was, and its detections are "
                                + "<PROMPT_INJECTION: CRITICAL instruction_override>.",
                        "Expected every detection of span <chat> to have completed without issues but its detections are "
                                + "<PROMPT_INJECTION: CRITICAL instruction_override>.");
    }

    @Test
    void navigation_stays_soft_and_a_failed_navigation_skips_what_is_chained_after_it() {
        SoftAvaliarAssertions softly = new SoftAvaliarAssertions();

        softly.assertThat(MORNING)
                .child("synthesize")
                .isTool()
                .hasModel("gpt-4o-mini")
                .output()
                .contains("Rain");
        softly.assertThat(MORNING)
                .child("synth")
                .isTool()
                .hasModel("gpt-4o-mini")
                .output()
                .contains("Rain");
        softly.assertThat(MORNING)
                .span("morning_briefing/synthesize/retry")
                .isLlm()
                .backToTrace()
                .hasSpanCount(5);
        softly.assertThat(MORNING).root().child("fetch_news").isLlm().parent().hasChild("fetch_mail");
        softly.assertThat(MORNING).tokensByProvider().containsKey("anthropic");

        assertThat(softly.errorsCollected())
                .map(FIRST_LINE)
                .containsExactly(
                        "Expected span <synthesize> to be a tool span but it was an llm span.",
                        "Expected span <synthesize> to have model <gpt-4o-mini> but it was <gpt-4o>.",
                        "[output of span <synthesize>] ",
                        "No child named <synth> under <morning_briefing>; its children are "
                                + "<fetch_weather, fetch_news, synthesize>.",
                        "No span at path <morning_briefing/synthesize/retry>: <morning_briefing/synthesize> has no child "
                                + "<retry>; it has no children.",
                        "Expected the trace to have <5> spans but it had <4>: "
                                + "<morning_briefing, fetch_weather, fetch_news, synthesize>.",
                        "Expected span <fetch_news> to be an llm span but it was a tool span.",
                        "No child named <fetch_mail> under <morning_briefing>; its children are "
                                + "<fetch_weather, fetch_news, synthesize>.",
                        "[tokens by provider] ");
    }

    @Test
    void satisfying_variants_collect_the_failures_inside_them() {
        SoftAvaliarAssertions softly = new SoftAvaliarAssertions();

        softly.assertThat(MORNING)
                .hasSpanSatisfying("morning_briefing/fetch_news", s -> s.isLlm())
                .hasSpanSatisfying("morning_briefing/nothing", s -> s.isLlm())
                .hasTotalTokens(1);

        assertThat(softly.errorsCollected())
                .map(FIRST_LINE)
                .containsExactly(
                        "Expected span <fetch_news> to be an llm span but it was a tool span.",
                        "No span at path <morning_briefing/nothing>: <morning_briefing> has no child <nothing>; its children "
                                + "are <fetch_weather, fetch_news, synthesize>.",
                        "Expected the trace to have total tokens <1> but it had <65>.");
    }

    @Test
    void passes_when_every_soft_assertion_holds() {
        SoftAvaliarAssertions.assertSoftlyOnTraces(softly -> {
            softly.assertThat(MORNING)
                    .hasRoot("morning_briefing")
                    .hasChildren("fetch_weather", "fetch_news", "synthesize");
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
    void a_wrong_root_is_one_failure_and_the_chain_goes_on_from_the_root() {
        SoftAvaliarAssertions softly = new SoftAvaliarAssertions();

        softly.assertThat(MORNING).hasRoot("briefing").isAgent().hasChild("nope");

        assertThat(softly.errorsCollected())
                .map(FIRST_LINE)
                .containsExactly(
                        "Expected the trace to have the root <briefing> but its root was <morning_briefing>.",
                        "No child named <nope> under <morning_briefing>; its children are "
                                + "<fetch_weather, fetch_news, synthesize>.");
    }

    @Test
    void plain_soft_assertions_can_proxy_the_assert_classes() {
        SoftAssertions softly = new SoftAssertions();

        softly.proxy(TraceAssert.class, Trace.class, MORNING).hasDepth(3).hasSpanCount(4);
        softly.proxy(SpanAssert.class, CapturedSpan.class, SYNTHESIZE).isAgent().isLlm();

        assertThat(softly.errorsCollected())
                .map(FIRST_LINE)
                .containsExactly(
                        "Expected the trace to be <3> levels deep but it was <2> levels deep.",
                        "Expected span <synthesize> to be an agent span but it was an llm span.");
    }
}
