package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.Trees.COORDINATOR;
import static ai.avaliar.assertions.Trees.COORDINATOR_TREE;
import static ai.avaliar.assertions.Trees.MORNING;
import static ai.avaliar.assertions.Trees.MORNING_TREE;
import static ai.avaliar.assertions.Trees.PROVIDERS;
import static ai.avaliar.assertions.Trees.message;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TraceAssertTest {

    @Nested
    class Tree {

        @Test
        void passes_when_root_has_the_name() {
            assertThatTrace(MORNING).hasRoot("morning_briefing");
        }

        @Test
        void fails_when_root_has_another_name() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasRoot("briefing"))
                    .withMessage(message(
                            "Expected the trace to have the root <briefing> but its root was " + "<morning_briefing>.",
                            MORNING_TREE,
                            0));
        }

        @Test
        void has_root_fails_on_a_trace_with_several_roots_showing_them_all() {
            // the root's span was not captured: its three children are roots of an incomplete trace
            Trace headless = Trace.of(MORNING.spans().stream()
                            .filter(span -> span != MORNING.root())
                            .map(CapturedSpan::spanData)
                            .toList())
                    .get(0);
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(headless).hasRoot("fetch_weather"))
                    .withMessage(message(
                            "Expected the trace to have the root <fetch_weather> but the trace is "
                                    + "incomplete: it has 3 roots <fetch_weather, fetch_news, synthesize>, spans whose parent "
                                    + "was not captured (still running, or in another process).",
                            ""
                                    + "fetch_weather  (tool)  100 ms\n"
                                    + "fetch_news     (tool)  100 ms\n"
                                    + "synthesize     (llm)  gpt-4o · openai · 53→12 tokens · $0.000253 · 9 ms\n",
                            -1));
        }

        @Test
        void has_root_fails_on_a_root_whose_parent_was_not_captured() {
            CapturedSpan summarize =
                    COORDINATOR.span("coordinator/summarize_findings").orElseThrow();
            Trace subtree = Trace.of(summarize.descendantsAndSelf().stream()
                            .map(CapturedSpan::spanData)
                            .toList())
                    .get(0);
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(subtree).hasRoot("summarize_findings"))
                    .withMessageStartingWith("Expected the trace to have the root <summarize_findings> but the trace "
                            + "is incomplete: its root <summarize_findings> has a parent that was not captured (still "
                            + "running, or in another process).\nActual trace:\nsummarize_findings");
        }

        @Test
        void fails_on_a_null_trace() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace((Trace) null).hasRoot("x"))
                    .withMessageContaining("Expecting actual not to be null");
        }

        @Test
        void passes_when_root_has_the_child() {
            assertThatTrace(MORNING).hasChild("synthesize").hasChild("fetch_news");
        }

        @Test
        void fails_when_child_is_missing() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasChild("synth"))
                    .withMessage(message(
                            "No child named <synth> under <morning_briefing>; its children are "
                                    + "<fetch_weather, fetch_news, synthesize>.",
                            MORNING_TREE,
                            0));
        }

        @Test
        void description_prefixes_the_message() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).as("briefing").hasChild("synth"))
                    .withMessageStartingWith("[briefing] No child named <synth> under <morning_briefing>;");
        }

        @Test
        void passes_when_children_are_in_order() {
            assertThatTrace(MORNING).hasChildren("fetch_weather", "fetch_news", "synthesize");
        }

        @Test
        void fails_when_children_are_in_another_order() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasChildren("fetch_news", "fetch_weather", "synthesize"))
                    .withMessage(message(
                            "Expected <morning_briefing> to have the children "
                                    + "<[fetch_news, fetch_weather, synthesize]> in this order but they were "
                                    + "<[fetch_weather, fetch_news, synthesize]>.",
                            MORNING_TREE,
                            0));
        }

        @Test
        void passes_when_children_are_there_in_any_order() {
            assertThatTrace(MORNING).hasChildrenInAnyOrder("synthesize", "fetch_news", "fetch_weather");
        }

        @Test
        void fails_when_children_in_any_order_miss_one() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasChildrenInAnyOrder("fetch_news", "synthesize"))
                    .withMessage(message(
                            "Expected <morning_briefing> to have the children "
                                    + "<[fetch_news, synthesize]> in any order but they were "
                                    + "<[fetch_weather, fetch_news, synthesize]>.",
                            MORNING_TREE,
                            0));
        }

        @Test
        void passes_when_a_descendant_is_deep_below() {
            assertThatTrace(COORDINATOR).hasDescendant("llm_call");
        }

        @Test
        void fails_when_no_descendant_has_the_name() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(COORDINATOR).hasDescendant("web_search"))
                    .withMessage(message("No span named <web_search> below <coordinator>.", COORDINATOR_TREE, 0));
        }

        @Test
        void passes_when_depth_matches() {
            assertThatTrace(MORNING).hasDepth(2);
            assertThatTrace(COORDINATOR).hasDepth(3);
        }

        @Test
        void fails_when_depth_differs_marking_a_deepest_span() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasDepth(3))
                    .withMessage(message(
                            "Expected the trace to be <3> levels deep but it was <2> levels deep.", MORNING_TREE, 1));
        }

        @Test
        void passes_when_span_count_matches() {
            assertThatTrace(COORDINATOR).hasSpanCount(7);
        }

        @Test
        void fails_when_span_count_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasSpanCount(5))
                    .withMessage(message(
                            "Expected the trace to have <5> spans but it had <4>: "
                                    + "<morning_briefing, fetch_weather, fetch_news, synthesize>.",
                            MORNING_TREE,
                            -1));
        }
    }

    @Nested
    class Navigation {

        @Test
        void span_finds_a_path_with_an_index() {
            assertThatTrace(COORDINATOR)
                    .hasSpan("coordinator/researcher[1]/llm_call")
                    .span("coordinator/researcher[1]/llm_call")
                    .isLlm()
                    .hasError();
        }

        @Test
        void span_fails_naming_where_the_path_left_the_tree() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(COORDINATOR).span("coordinator/researcher[2]/llm_call"))
                    .withMessage(message(
                            "No span at path <coordinator/researcher[2]/llm_call>: <coordinator> has "
                                    + "no child <researcher[2]>; its children are "
                                    + "<researcher[0], researcher[1], summarize_findings>.",
                            COORDINATOR_TREE,
                            0));
        }

        @Test
        void has_span_fails_when_the_root_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasSpan("briefing/synthesize"))
                    .withMessage(message(
                            "No span at path <briefing/synthesize>: the trace has no root <briefing>; "
                                    + "its roots are <morning_briefing>.",
                            MORNING_TREE,
                            -1));
        }

        @Test
        void span_rejects_a_malformed_path() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> assertThatTrace(MORNING).span("morning_briefing//synthesize"))
                    .withMessage("\"\" in span path \"morning_briefing//synthesize\" is not a name or name[index] "
                            + "(index from 0)");
        }

        @Test
        void a_navigation_keeps_the_description_of_the_assert_it_came_from() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING)
                            .as("the Lisbon briefing")
                            .child("synthesize")
                            .isTool())
                    .withMessageStartingWith("[the Lisbon briefing] ");
        }

        @Test
        void child_and_root_navigate_and_back_to_trace_returns() {
            assertThatTrace(MORNING)
                    .root()
                    .isAgent()
                    .hasName("morning_briefing")
                    .child("synthesize")
                    .isLlm()
                    .hasModel("gpt-4o")
                    .parent()
                    .isAgent()
                    .backToTrace()
                    .hasSpanCount(4)
                    .child("fetch_weather")
                    .isTool();
        }

        @Test
        void child_fails_when_missing() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).child("synth"))
                    .withMessage(message(
                            "No child named <synth> under <morning_briefing>; its children are "
                                    + "<fetch_weather, fetch_news, synthesize>.",
                            MORNING_TREE,
                            0));
        }

        @Test
        void has_span_satisfying_passes_the_span_on() {
            assertThatTrace(MORNING)
                    .hasSpanSatisfying(
                            "morning_briefing/synthesize", s -> s.isLlm().hasInputTokens(53));
        }

        @Test
        void has_span_satisfying_fails_with_the_inner_failure() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() ->
                            assertThatTrace(MORNING).hasSpanSatisfying("morning_briefing/synthesize", s -> s.isTool()))
                    .withMessage(message(
                            "Expected span <synthesize> to be a tool span but it was an llm span.", MORNING_TREE, 3));
        }
    }

    @Nested
    class Aggregates {

        @Test
        void passes_when_token_totals_match() {
            assertThatTrace(MORNING).hasTotalTokens(65).hasTotalInputTokens(53).hasTotalOutputTokens(12);
        }

        @Test
        void fails_when_total_tokens_differ() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasTotalTokens(100))
                    .withMessage(message(
                            "Expected the trace to have total tokens <100> but it had <65>.", MORNING_TREE, -1));
        }

        @Test
        void fails_when_total_input_tokens_differ() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasTotalInputTokens(50))
                    .withMessage(message(
                            "Expected the trace to have total input tokens <50> but it had <53>.", MORNING_TREE, -1));
        }

        @Test
        void fails_when_total_output_tokens_differ() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasTotalOutputTokens(13))
                    .withMessage(message(
                            "Expected the trace to have total output tokens <13> but it had <12>.", MORNING_TREE, -1));
        }

        @Test
        void passes_when_total_cost_is_within_tolerance() {
            assertThatTrace(MORNING)
                    .hasTotalCostUsd(0.000253)
                    .hasTotalCostUsd(0.00025, 0.00001)
                    .hasTotalCostUsdAtMost(0.001);
        }

        @Test
        void fails_when_total_cost_is_outside_tolerance() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasTotalCostUsd(0.0001, 0.00001))
                    .withMessage(message(
                            "Expected the trace to have total cost in USD <$0.000100> but it had " + "<$0.000253>.",
                            MORNING_TREE,
                            -1));
        }

        @Test
        void fails_when_total_cost_differs_by_more_than_a_billionth() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasTotalCostUsd(0.000254))
                    .withMessage(message(
                            "Expected the trace to have total cost in USD <$0.000254> but it had " + "<$0.000253>.",
                            MORNING_TREE,
                            -1));
        }

        @Test
        void fails_when_total_cost_exceeds_the_budget() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasTotalCostUsdAtMost(0.0002))
                    .withMessage(message(
                            "Expected the trace to have total cost in USD at most <$0.000200> but it "
                                    + "had <$0.000253>.",
                            MORNING_TREE,
                            -1));
        }

        @Test
        void totals_by_provider_and_model_count_older_gen_ai_system_too() {
            assertThatTrace(PROVIDERS)
                    .hasTotalTokensForProvider("openai", 17)
                    .hasTotalTokensForProvider("anthropic", 35)
                    .hasTotalTokensForModel("claude-sonnet-4", 35)
                    .hasTotalCostUsdForProvider("openai", 0.0011)
                    .hasTotalCostUsdForModel("claude-sonnet-4", 0.002);
            assertThatTrace(PROVIDERS)
                    .tokensByProvider()
                    .containsExactly(entry("anthropic", 35L), entry("openai", 17L));
            assertThatTrace(PROVIDERS)
                    .tokensByModel()
                    .containsExactly(entry("claude-sonnet-4", 35L), entry("gpt-4o", 15L), entry("gpt-4o-mini", 2L));
            assertThatTrace(PROVIDERS)
                    .costUsdByProvider()
                    .hasEntrySatisfying(
                            "openai",
                            cost -> org.assertj.core.api.Assertions.assertThat(cost)
                                    .isCloseTo(0.0011, within(1e-9)));
            assertThatTrace(PROVIDERS).costUsdByModel().containsOnlyKeys("gpt-4o", "claude-sonnet-4", "gpt-4o-mini");
        }

        @Test
        void fails_when_provider_tokens_differ() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(PROVIDERS).hasTotalTokensForProvider("openai", 15))
                    .withMessageStartingWith("Expected the trace to have total tokens for provider <openai> <15> but "
                            + "it had <17>.\nActual trace:\nrouter ");
        }

        @Test
        void fails_when_model_tokens_differ() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(PROVIDERS).hasTotalTokensForModel("gpt-4.1", 1))
                    .withMessageStartingWith(
                            "Expected the trace to have total tokens for model <gpt-4.1> <1> but " + "it had <0>.");
        }

        @Test
        void fails_when_provider_cost_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(PROVIDERS).hasTotalCostUsdForProvider("anthropic", 0.001))
                    .withMessageStartingWith("Expected the trace to have total cost in USD for provider <anthropic> "
                            + "<$0.001000> but it had <$0.002000>.");
        }

        @Test
        void fails_when_model_cost_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(PROVIDERS).hasTotalCostUsdForModel("gpt-4o", 0.002))
                    .withMessageStartingWith("Expected the trace to have total cost in USD for model <gpt-4o> "
                            + "<$0.002000> but it had <$0.001000>.");
        }

        @Test
        void passes_when_llm_and_tool_call_counts_match() {
            assertThatTrace(MORNING).hasLlmCallCount(1).hasToolCallCount(2);
            assertThatTrace(PROVIDERS).hasLlmCallCount(4);
        }

        @Test
        void fails_when_llm_call_count_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasLlmCallCount(2))
                    .withMessage(message(
                            "Expected the trace to have <2> llm calls but it had <1>: <synthesize>.",
                            MORNING_TREE,
                            -1));
        }

        @Test
        void fails_when_tool_call_count_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(PROVIDERS).hasToolCallCount(1))
                    .withMessageStartingWith("Expected the trace to have <1> tool calls but it had <0>.\n");
        }

        @Test
        void passes_when_tool_calls_follow_the_trajectory() {
            assertThatTrace(MORNING).hasToolCallsInOrder("fetch_weather", "fetch_news");
        }

        @Test
        void fails_when_the_trajectory_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).hasToolCallsInOrder("fetch_news", "fetch_weather"))
                    .withMessage(message(
                            "Expected the tool calls <[fetch_news, fetch_weather]> in this order but "
                                    + "they were <[fetch_weather, fetch_news]>.",
                            MORNING_TREE,
                            -1));
        }
    }

    @Nested
    class ConcurrencyErrorsDetections {

        @Test
        void passes_when_named_children_overlapped() {
            assertThatTrace(MORNING).childrenRanConcurrently("fetch_weather", "fetch_news");
        }

        @Test
        void fails_when_named_children_ran_one_after_the_other() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).childrenRanConcurrently("fetch_news", "synthesize"))
                    .withMessage(message(
                            "Expected <fetch_news> and <synthesize> to have run concurrently but "
                                    + "<fetch_news> ran from 2 ms to 102 ms and <synthesize> ran from 105 ms to 114 ms "
                                    + "(from the start of the trace).",
                            MORNING_TREE,
                            2));
        }

        @Test
        void fails_when_not_all_children_overlapped() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).childrenRanConcurrently())
                    .withMessageStartingWith("Expected <fetch_weather> and <synthesize> to have run concurrently");
        }

        @Test
        void concurrency_fails_when_a_named_child_is_missing() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(MORNING).childrenRanConcurrently("fetch_weather", "fetch_mail"))
                    .withMessageStartingWith("No child named <fetch_mail> under <morning_briefing>;");
        }

        @Test
        void passes_when_no_span_failed() {
            assertThatTrace(MORNING).hasNoErrors();
        }

        @Test
        void fails_when_a_span_failed_marking_it() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(COORDINATOR).hasNoErrors())
                    .withMessage(message("Expected no error but span <llm_call> failed: boom.", COORDINATOR_TREE, 4));
        }

        @Test
        void passes_when_no_detector_found_anything() {
            assertThatTrace(MORNING).hasNoDetections();
        }

        @Test
        void fails_when_a_detector_found_an_issue() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(COORDINATOR).hasNoDetections())
                    .withMessage(message(
                            "Expected no detection issues but span <llm_call> has " + "<PII: HIGH EMAIL_ADDRESS>.",
                            COORDINATOR_TREE,
                            2));
        }
    }
}
