package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThat;
import static ai.avaliar.assertions.AvaliarAssertions.assertThatSpan;
import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.TraceFixture.agent;
import static ai.avaliar.assertions.TraceFixture.llm;
import static ai.avaliar.assertions.TraceFixture.tool;
import static ai.avaliar.assertions.TraceFixture.trace;
import static ai.avaliar.assertions.Trees.MORNING;
import static ai.avaliar.assertions.Trees.MORNING_TREE;
import static ai.avaliar.assertions.Trees.PROVIDERS;
import static ai.avaliar.assertions.Trees.message;
import static ai.avaliar.detection.DetectorType.JAILBREAK;
import static ai.avaliar.detection.DetectorType.PII;
import static ai.avaliar.detection.DetectorType.PROMPT_INJECTION;
import static ai.avaliar.detection.DetectorType.TOXICITY;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.entry;

import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.Severity;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SpanAssertTest {

    private static final CapturedSpan SYNTHESIZE =
            MORNING.span("morning_briefing/synthesize").orElseThrow();
    private static final CapturedSpan WEATHER =
            MORNING.span("morning_briefing/fetch_weather").orElseThrow();

    /** Streaming, metadata, detections of every status, an exception. */
    static final Trace SUPPORT = trace(agent("support")
            .at(0, 50)
            .children(
                    llm("answer")
                            .at(1, 40)
                            .model("gpt-4o")
                            .provider("openai")
                            .streaming()
                            .input("days", 3)
                            .input("tags", List.of("a", "b"))
                            .metadata("tenant", "acme")
                            .metadata("attempt", 2)
                            .generationInfo("max_tokens", 256)
                            .generationInfo("seed", "42")
                            .detection(PII, "HIGH EMAIL_ADDRESS", "MEDIUM PHONE_NUMBER")
                            .detection(TOXICITY),
                    tool("lookup").at(41, 44).detection(TOXICITY).detectionFailed(PROMPT_INJECTION, "judge timed out"),
                    tool("send").at(45, 49).exception(new IOException("smtp down")),
                    tool("moderate").at(45, 48).detectionPending(JAILBREAK)));

    static final String SUPPORT_TREE = ""
            + "support         (agent)  50 ms\n"
            + "  ├── answer    (llm)  gpt-4o · openai · stream · 39 ms · PII: 2 issue(s) · TOXICITY: clean\n"
            + "  ├── lookup    (tool)  3 ms · TOXICITY: clean · PROMPT_INJECTION: failed\n"
            + "  ├── send      (tool)  4 ms · ERROR smtp down\n"
            + "  └── moderate  (tool)  3 ms · JAILBREAK: pending\n";

    /** A blocked prompt and one that passed. */
    static final Trace GUARD = trace(agent("guard")
            .at(0, 20)
            .children(
                    llm("chat")
                            .at(1, 2)
                            .attr(AvaliarAttributes.BLOCKED, true)
                            .error("The prompt was blocked")
                            .detection(PROMPT_INJECTION, "CRITICAL instruction_override"),
                    llm("summarize")
                            .at(3, 9)
                            .attr(AvaliarAttributes.BLOCKED, false)
                            .detection(PROMPT_INJECTION)));

    static final String GUARD_TREE = ""
            + "guard            (agent)  20 ms\n"
            + "  ├── chat       (llm)  1 ms · BLOCKED · PROMPT_INJECTION: 1 issue(s)\n"
            + "  └── summarize  (llm)  6 ms · PROMPT_INJECTION: clean\n";

    private static CapturedSpan guard(String child) {
        return GUARD.span("guard/" + child).orElseThrow();
    }

    private static CapturedSpan support(String child) {
        return SUPPORT.span("support/" + child).orElseThrow();
    }

    @Nested
    class Types {

        @Test
        void passes_for_each_type() {
            assertThatTrace(MORNING).root().isAgent().hasType(SpanType.AGENT);
            assertThat(WEATHER).isTool();
            assertThat(SYNTHESIZE).isLlm().hasType(SpanType.LLM);
            assertThat(trace(TraceFixture.generic("step")).root()).isGeneric();
        }

        @Test
        void fails_when_the_type_differs_showing_the_tree() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(
                            () -> assertThatTrace(MORNING).child("synthesize").isTool())
                    .withMessage(""
                            + "Expected span <synthesize> to be a tool span but it was an llm span.\n"
                            + "Actual trace:\n"
                            + "morning_briefing     (agent)  212 ms\n"
                            + "  ├── fetch_weather  (tool)  100 ms\n"
                            + "  ├── fetch_news     (tool)  100 ms\n"
                            + "  └── synthesize     (llm)  gpt-4o · openai · 53→12 tokens · $0.000253 · 9 ms  <<<");
        }

        @Test
        void is_agent_fails_for_a_tool() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).isAgent())
                    .withMessage(message(
                            "Expected span <fetch_weather> to be an agent span but it was a tool span.",
                            MORNING_TREE,
                            1));
        }

        @Test
        void is_llm_and_is_generic_fail_for_a_tool() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).isLlm())
                    .withMessageStartingWith("Expected span <fetch_weather> to be an llm span but it was a tool span.");
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).isGeneric())
                    .withMessageStartingWith("Expected span <fetch_weather> to be a generic span but it was a tool");
        }

        @Test
        void has_type_fails_on_another_type() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(MORNING.root()).hasType(SpanType.GENERIC))
                    .withMessage(message(
                            "Expected span <morning_briefing> to be a generic span but it was an agent " + "span.",
                            MORNING_TREE,
                            0));
        }

        @Test
        void spans_of_other_instrumentation_read_operation_name_and_gen_ai_system() {
            assertThatTrace(PROVIDERS)
                    .child("chat claude-sonnet-4")
                    .isLlm()
                    .hasProvider("anthropic")
                    .hasModel("claude-sonnet-4");
        }

        @Test
        void passes_and_fails_on_the_name() {
            assertThat(SYNTHESIZE).hasName("synthesize");
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasName("synth"))
                    .withMessage(message(
                            "Expected span <synthesize> to have name <synth> but it was <synthesize>.",
                            MORNING_TREE,
                            3));
        }
    }

    @Nested
    class Tree {

        @Test
        void passes_on_children_descendants_and_paths() {
            assertThatTrace(Trees.COORDINATOR)
                    .root()
                    .hasChild("summarize_findings")
                    .hasChildren("researcher", "researcher", "summarize_findings")
                    .hasChildrenInAnyOrder("summarize_findings", "researcher", "researcher")
                    .hasDescendant("llm_call")
                    .hasChildSatisfying("summarize_findings", s -> s.isTool().hasChild("llm_call"))
                    .span("researcher[1]/llm_call")
                    .hasError();
        }

        @Test
        void a_span_asserted_without_its_trace_still_renders_the_whole_tree() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatSpan(WEATHER).hasChild("city_lookup"))
                    .withMessage(message(
                            "No child named <city_lookup> under <fetch_weather>; it has no children.",
                            MORNING_TREE,
                            1));
        }

        @Test
        void fails_when_children_differ() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(MORNING.root()).hasChildren("fetch_weather", "synthesize"))
                    .withMessage(message(
                            "Expected <morning_briefing> to have the children "
                                    + "<[fetch_weather, synthesize]> in this order but they were "
                                    + "<[fetch_weather, fetch_news, synthesize]>.",
                            MORNING_TREE,
                            0));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(MORNING.root()).hasChildrenInAnyOrder("synthesize"))
                    .withMessageStartingWith("Expected <morning_briefing> to have the children <[synthesize]> in any "
                            + "order but they were <[fetch_weather, fetch_news, synthesize]>.");
        }

        @Test
        void fails_when_no_descendant_has_the_name() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasDescendant("tool_call"))
                    .withMessage(message("No span named <tool_call> below <synthesize>.", MORNING_TREE, 3));
        }

        @Test
        void relative_span_path_fails_naming_where_it_left_the_tree() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(Trees.COORDINATOR).root().span("researcher[0]/search"))
                    .withMessageStartingWith("No span at path <researcher[0]/search>: <coordinator/researcher[0]> has "
                            + "no child <search>; its children are <llm_call>.");
        }

        @Test
        void child_fails_when_missing() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).child("geocode"))
                    .withMessage(message(
                            "No child named <geocode> under <fetch_weather>; it has no children.", MORNING_TREE, 1));
        }

        @Test
        void child_satisfying_fails_with_the_inner_failure() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(MORNING.root()).hasChildSatisfying("fetch_news", s -> s.isLlm()))
                    .withMessage(message(
                            "Expected span <fetch_news> to be an llm span but it was a tool span.", MORNING_TREE, 2));
        }

        @Test
        void parent_of_a_root_is_a_usage_error() {
            assertThatIllegalStateException()
                    .isThrownBy(() -> assertThat(MORNING.root()).parent())
                    .withMessage("<morning_briefing> is a root and has no parent");
        }
    }

    @Nested
    class InputsAndOutput {

        @Test
        void passes_on_inputs_and_output() {
            assertThat(WEATHER).hasInput("city", "Lisbon").hasOutput("Sunny, 21 C");
            assertThat(WEATHER).inputs().containsExactly(entry("city", "Lisbon"));
            assertThat(WEATHER).output().contains("Sunny").endsWith("21 C");
            assertThat(WEATHER).outputJson().isEqualTo("\"Sunny, 21 C\"");
            assertThat(support("answer"))
                    .hasInput("days", 3L)
                    .hasInput("days", 3.0)
                    .hasInput("tags", List.of("a", "b"));
        }

        @Test
        void fails_when_an_input_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).hasInput("city", "Porto"))
                    .withMessage(message(
                            "Expected span <fetch_weather> to have input \"city\" <Porto> but it was " + "<Lisbon>.",
                            MORNING_TREE,
                            1));
        }

        @Test
        void fails_when_an_input_is_missing() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).hasInput("country", "PT"))
                    .withMessageStartingWith(
                            "Expected span <fetch_weather> to have input \"country\" <PT> but it had " + "none.\n");
        }

        @Test
        void fails_when_the_output_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).hasOutput("Rainy"))
                    .withMessage(message(
                            "Expected span <fetch_weather> to have output <Rainy> but it was " + "<Sunny, 21 C>.",
                            MORNING_TREE,
                            1));
        }

        @Test
        void output_follow_ups_fail_with_assertj_messages_naming_the_span() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).output().contains("Rain"))
                    .withMessageStartingWith("[output of span <fetch_weather>] \nExpecting actual:\n  \"Sunny, 21 C\"");
        }
    }

    @Nested
    class ModelAndUsage {

        @Test
        void passes_on_model_provider_tokens_cost_and_generation_info() {
            assertThat(SYNTHESIZE)
                    .hasModel("gpt-4o")
                    .hasResponseModel("gpt-4o-2024-08-06")
                    .hasProvider("openai")
                    .hasInputTokens(53)
                    .hasOutputTokens(12)
                    .hasTotalTokens(65)
                    .hasCostUsd(0.000253)
                    .hasCostUsd(0.00025, 0.00001)
                    .hasGenerationInfo("temperature", 0.2)
                    .hasGenerationInfo("temperature", 0.2f)
                    .hasGenerationInfo("top_p", 0.9);
            assertThat(support("answer"))
                    .hasGenerationInfo("max_tokens", 256)
                    .hasGenerationInfo("seed", "42")
                    .hasMetadata("tenant", "acme")
                    .hasMetadata("attempt", 2)
                    .isStreaming();
        }

        @Test
        void fails_when_the_model_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasModel("gpt-4o-mini"))
                    .withMessage(message(
                            "Expected span <synthesize> to have model <gpt-4o-mini> but it was <gpt-4o>.",
                            MORNING_TREE,
                            3));
        }

        @Test
        void fails_when_there_is_no_model_or_provider() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).hasModel("gpt-4o"))
                    .withMessage(message(
                            "Expected span <fetch_weather> to have model <gpt-4o> but it had none.", MORNING_TREE, 1));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).hasProvider("openai"))
                    .withMessageStartingWith(
                            "Expected span <fetch_weather> to have provider <openai> but it had none.");
        }

        @Test
        void fails_when_the_response_model_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasResponseModel("gpt-4o"))
                    .withMessageStartingWith("Expected span <synthesize> to have response model <gpt-4o> but it was "
                            + "<gpt-4o-2024-08-06>.");
        }

        @Test
        void fails_when_tokens_differ() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasInputTokens(50))
                    .withMessage(message(
                            "Expected span <synthesize> to have input tokens <50> but it was <53>.", MORNING_TREE, 3));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasOutputTokens(10))
                    .withMessageStartingWith("Expected span <synthesize> to have output tokens <10> but it was <12>.");
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).hasTotalTokens(10))
                    .withMessageStartingWith(
                            "Expected span <fetch_weather> to have total tokens <10> but it had none.");
        }

        @Test
        void fails_when_the_cost_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasCostUsd(0.0003))
                    .withMessage(message(
                            "Expected span <synthesize> to have cost in USD <$0.000300> but it was " + "<$0.000253>.",
                            MORNING_TREE,
                            3));
        }

        @Test
        void fails_when_there_is_no_cost() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).hasCostUsd(0.001))
                    .withMessageStartingWith(
                            "Expected span <fetch_weather> to have cost in USD <$0.001000> but it had " + "none.\n");
        }

        @Test
        void fails_when_generation_info_differs_or_is_missing() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasGenerationInfo("temperature", 0.7))
                    .withMessage(message(
                            "Expected span <synthesize> to have generation info \"temperature\" <0.7> "
                                    + "but it was <0.2>.",
                            MORNING_TREE,
                            3));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasGenerationInfo("max_tokens", 100))
                    .withMessageStartingWith("Expected span <synthesize> to have generation info \"max_tokens\" <100> "
                            + "but it had none.");
        }

        @Test
        void fails_when_metadata_differs() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("answer")).hasMetadata("tenant", "globex"))
                    .withMessage(message(
                            "Expected span <answer> to have metadata \"tenant\" <globex> but it was " + "<acme>.",
                            SUPPORT_TREE,
                            1));
        }

        @Test
        void a_float_compares_as_a_float_also_when_it_was_recorded_widened_to_a_double() {
            // 0.7f widened to a double is 0.699999988079071; recorded as its decimal value it is 0.7
            Trace widened =
                    trace(agent("a").at(0, 10).children(llm("l").at(1, 5).generationInfo("temperature", 0.7f)));
            Trace decimal =
                    trace(agent("a").at(0, 10).children(llm("l").at(1, 5).generationInfo("temperature", 0.7)));
            assertThatTrace(widened).child("l").hasGenerationInfo("temperature", 0.7f);
            assertThatTrace(decimal)
                    .child("l")
                    .hasGenerationInfo("temperature", 0.7f)
                    .hasGenerationInfo("temperature", 0.7);
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(decimal).child("l").hasGenerationInfo("temperature", 0.8f))
                    .withMessageStartingWith(
                            "Expected span <l> to have generation info \"temperature\" <0.8> but it " + "was <0.7>.");
        }

        @Test
        void lists_and_maps_compare_their_numbers_by_value() {
            Trace inputs = trace(agent("a")
                    .at(0, 10)
                    .input("ids", List.of(1, 2))
                    .input("page", Map.of("size", 20))
                    .input("big", 5_000_000_000L));
            assertThatTrace(inputs)
                    .root()
                    .hasInput("ids", List.of(1L, 2L))
                    .hasInput("ids", List.of(1, 2.0))
                    .hasInput("page", Map.of("size", 20L))
                    .hasInput("big", 5_000_000_000L);
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(inputs).root().hasInput("ids", List.of(1L, 3L)))
                    .withMessageStartingWith("Expected span <a> to have input \"ids\" <[1, 3]> but it was <[1, 2]>.");
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(inputs).root().hasInput("page", Map.of("size", 20, "from", 0)))
                    .withMessageStartingWith("Expected span <a> to have input \"page\" <{");
        }

        @Test
        void an_expected_list_or_map_reads_metadata_recorded_as_json_text() {
            Trace tagged = trace(agent("a")
                    .at(0, 10)
                    .metadata("tags", "[\"eu\",\"beta\"]")
                    .metadata("limits", "{\"rpm\":60,\"burst\":1.5}")
                    .metadata("note", "[not json]"));
            assertThatTrace(tagged)
                    .root()
                    .hasMetadata("tags", List.of("eu", "beta"))
                    .hasMetadata("limits", Map.of("rpm", 60L, "burst", 1.5))
                    .hasMetadata("tags", "[\"eu\",\"beta\"]");
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(tagged).root().hasMetadata("tags", List.of("beta", "eu")))
                    .withMessageStartingWith("Expected span <a> to have metadata \"tags\" <[beta, eu]> but it was "
                            + "<[\"eu\",\"beta\"]>.");
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThatTrace(tagged).root().hasMetadata("note", List.of("not json")))
                    .withMessageStartingWith("Expected span <a> to have metadata \"note\" <[not json]> (List) but "
                            + "it was <[not json]> (String).");
        }

        @Test
        void fails_showing_the_types_when_both_values_print_alike() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("answer")).hasGenerationInfo("seed", 42))
                    .withMessage(message(
                            "Expected span <answer> to have generation info \"seed\" <42> (Integer) but "
                                    + "it was <42> (String).",
                            SUPPORT_TREE,
                            1));
        }

        @Test
        void a_null_expected_value_is_rejected_instead_of_matching_a_missing_one() {
            CapturedSpan lookup = support("lookup"); // no model, provider, output, error or generation info
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasModel(null))
                    .withMessage("The expected model must not be null; hasNoModel() checks that there is none");
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasProvider(null))
                    .withMessage("The expected provider must not be null; hasNoProvider() checks that there is none");
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasResponseModel(null))
                    .withMessage("The expected response model must not be null");
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasName(null))
                    .withMessage("The expected name must not be null");
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasOutput(null))
                    .withMessage("The expected output must not be null");
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasErrorMessage(null))
                    .withMessage("The expected error message must not be null; hasError() checks that the span failed");
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasGenerationInfo("seed", null))
                    .withMessage("The expected generation info \"seed\" must not be null");
            assertThatNullPointerException()
                    .isThrownBy(() -> assertThat(lookup).hasMetadata("tenant", null))
                    .withMessage("The expected metadata \"tenant\" must not be null");
        }

        @Test
        void has_no_model_and_no_provider_pass_on_a_span_without_them() {
            assertThat(support("lookup")).hasNoModel().hasNoProvider();
        }

        @Test
        void has_no_model_and_no_provider_fail_naming_what_was_there() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasNoModel())
                    .withMessage(message(
                            "Expected span <synthesize> to have no model but it had <gpt-4o>.", MORNING_TREE, 3));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasNoProvider())
                    .withMessage(message(
                            "Expected span <synthesize> to have no provider but it had <openai>.", MORNING_TREE, 3));
        }

        @Test
        void fails_when_not_streaming() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).isStreaming())
                    .withMessage(message(
                            "Expected span <synthesize> to be a streamed response but it was not.", MORNING_TREE, 3));
        }
    }

    @Nested
    class Errors {

        @Test
        void passes_on_error_message_and_exception() {
            assertThat(support("send")).hasError().hasErrorMessage("smtp down").hasException(IOException.class);
            assertThat(SYNTHESIZE).hasNoError();
        }

        @Test
        void has_error_fails_on_a_success() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasError())
                    .withMessage(
                            message("Expected span <synthesize> to have failed but it succeeded.", MORNING_TREE, 3));
        }

        @Test
        void has_no_error_fails_on_a_failure() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("send")).hasNoError())
                    .withMessage(message("Expected no error but span <send> failed: smtp down.", SUPPORT_TREE, 3));
        }

        @Test
        void has_error_message_fails_on_another_message() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("send")).hasErrorMessage("timeout"))
                    .withMessage(message(
                            "Expected span <send> to have error message <timeout> but it was " + "<smtp down>.",
                            SUPPORT_TREE,
                            3));
        }

        @Test
        void has_exception_fails_on_another_type_or_none() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("send")).hasException(IllegalStateException.class))
                    .withMessage(message(
                            "Expected span <send> to have recorded an exception of type "
                                    + "<java.lang.IllegalStateException> but it recorded <java.io.IOException: smtp down>.",
                            SUPPORT_TREE,
                            3));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasException(IOException.class))
                    .withMessageStartingWith("Expected span <synthesize> to have recorded an exception of type "
                            + "<java.io.IOException> but it recorded none.");
        }
    }

    @Nested
    class LatencyAndConcurrency {

        @Test
        void passes_on_latency_bounds() {
            assertThat(SYNTHESIZE).tookLessThan(Duration.ofMillis(10)).tookAtLeast(Duration.ofMillis(9));
        }

        @Test
        void took_less_than_fails_at_the_bound() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).tookLessThan(Duration.ofMillis(9)))
                    .withMessage(message(
                            "Expected span <synthesize> to take less than <9 ms> but it took <9 ms>.",
                            MORNING_TREE,
                            3));
        }

        @Test
        void took_at_least_fails_below_the_bound() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).tookAtLeast(Duration.ofMillis(1500)))
                    .withMessageStartingWith(
                            "Expected span <synthesize> to take at least <1500 ms> but it took <9 ms>.");
        }

        @Test
        void passes_when_spans_overlapped_by_sibling_name_full_path_or_span() {
            assertThatTrace(MORNING)
                    .child("fetch_weather")
                    .ranConcurrentlyWith("fetch_news")
                    .ranConcurrentlyWith("morning_briefing/fetch_news")
                    .ranConcurrentlyWith(
                            MORNING.span("morning_briefing/fetch_news").orElseThrow());
            assertThat(MORNING.root()).childrenRanConcurrently("fetch_weather", "fetch_news");
        }

        @Test
        void fails_when_spans_ran_one_after_the_other() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).ranConcurrentlyWith("synthesize"))
                    .withMessage(message(
                            "Expected <fetch_weather> and <synthesize> to have run concurrently but "
                                    + "<fetch_weather> ran from 1 ms to 101 ms and <synthesize> ran from 105 ms to 114 ms "
                                    + "(from the start of the trace).",
                            MORNING_TREE,
                            1));
        }

        @Test
        void fails_when_the_other_span_given_as_span_ran_apart() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).ranConcurrentlyWith(WEATHER))
                    .withMessageStartingWith("Expected <synthesize> and <fetch_weather> to have run concurrently but "
                            + "<synthesize> ran from 105 ms to 114 ms and <fetch_weather> ran from 1 ms to 101 ms");
        }

        @Test
        void fails_when_the_other_span_is_not_there() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(WEATHER).ranConcurrentlyWith("morning_briefing/fetch_mail"))
                    .withMessage(message(
                            "No span at path <morning_briefing/fetch_mail>: <morning_briefing> has no "
                                    + "child <fetch_mail>; its children are <fetch_weather, fetch_news, synthesize>.",
                            MORNING_TREE,
                            0));
        }

        @Test
        void children_ran_concurrently_fails_for_sequential_children() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(MORNING.root()).childrenRanConcurrently())
                    .withMessageStartingWith("Expected <fetch_weather> and <synthesize> to have run concurrently but");
        }
    }

    @Nested
    class Detections {

        @Test
        void passes_on_findings_categories_and_severities() {
            assertThat(support("answer"))
                    .hasIssue(PII)
                    .withCategory("EMAIL_ADDRESS")
                    .withCategory("PHONE_NUMBER")
                    .withSeverityAtLeast(Severity.HIGH)
                    .backToSpan()
                    .hasIssue(PII, "PHONE_NUMBER")
                    .backToSpan()
                    .hasIssueAtLeast(Severity.MEDIUM)
                    .hasIssueAtLeast(Severity.HIGH);
        }

        @Test
        void has_no_detections_passes_when_clean_pending_or_failed() {
            assertThat(SYNTHESIZE).hasNoDetections();
            assertThat(support("lookup")).hasNoDetections();
            assertThat(support("moderate")).hasNoDetections();
        }

        @Test
        void has_no_detections_fails_on_a_finding() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("answer")).hasNoDetections())
                    .withMessage(message(
                            "Expected no detection issues but span <answer> has "
                                    + "<PII: HIGH EMAIL_ADDRESS, MEDIUM PHONE_NUMBER; TOXICITY: clean>.",
                            SUPPORT_TREE,
                            1));
        }

        @Test
        void has_no_issues_passes_only_when_detection_ran_and_found_nothing() {
            assertThat(guard("summarize")).hasNoIssues();
        }

        @Test
        void has_no_issues_fails_when_no_detection_ran_so_a_clean_verdict_cannot_come_from_not_looking() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasNoIssues())
                    .withMessage(message(
                            "Expected every detection of span <synthesize> to have completed without issues"
                                    + " but no detection ran on span <morning_briefing/synthesize>; call detect(...) on it.",
                            MORNING_TREE,
                            3));
        }

        @Test
        void has_no_issues_fails_on_a_failed_or_pending_detection() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("lookup")).hasNoIssues())
                    .withMessage(message(
                            "Expected every detection of span <lookup> to have completed without issues "
                                    + "but its detections are <TOXICITY: clean; PROMPT_INJECTION: failed (judge timed out)>.",
                            SUPPORT_TREE,
                            2));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("moderate")).hasNoIssues())
                    .withMessageStartingWith("Expected every detection of span <moderate> to have completed without "
                            + "issues but its detections are <JAILBREAK: pending>.");
        }

        @Test
        void has_issue_fails_when_the_detector_found_nothing() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("answer")).hasIssue(TOXICITY))
                    .withMessage(message(
                            "Expected span <answer> to have a TOXICITY issue but its "
                                    + "detections are <PII: HIGH EMAIL_ADDRESS, MEDIUM PHONE_NUMBER; TOXICITY: clean>.",
                            SUPPORT_TREE,
                            1));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).hasIssue(PII))
                    .withMessageStartingWith(
                            "Expected span <synthesize> to have a PII issue but it " + "has no detection results.");
        }

        @Test
        void with_category_fails_on_another_category() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("answer")).hasIssue(PII, "CREDIT_CARD"))
                    .withMessage(message(
                            "Expected the PII detection of span <answer> to have an issue of category "
                                    + "<CREDIT_CARD> but its detections are "
                                    + "<PII: HIGH EMAIL_ADDRESS, MEDIUM PHONE_NUMBER; TOXICITY: clean>.",
                            SUPPORT_TREE,
                            1));
        }

        @Test
        void with_severity_at_least_fails_below_the_threshold() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(
                            () -> assertThat(support("answer")).hasIssue(PII).withSeverityAtLeast(Severity.CRITICAL))
                    .withMessageStartingWith(
                            "Expected span <answer> to have an issue of severity <CRITICAL> or worse "
                                    + "but its detections are <PII: HIGH EMAIL_ADDRESS, MEDIUM PHONE_NUMBER; TOXICITY: clean>.");
        }

        @Test
        void has_issue_at_least_fails_below_the_threshold() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(support("answer")).hasIssueAtLeast(Severity.CRITICAL))
                    .withMessage(message(
                            "Expected span <answer> to have an issue of severity <CRITICAL> or worse but "
                                    + "its detections are <PII: HIGH EMAIL_ADDRESS, MEDIUM PHONE_NUMBER; TOXICITY: clean>.",
                            SUPPORT_TREE,
                            1));
        }

        @Test
        void has_detection_status_passes_on_the_status_of_each_detector() {
            assertThat(support("lookup"))
                    .hasDetectionStatus(TOXICITY, DetectionStatus.COMPLETED)
                    .hasDetectionStatus(PROMPT_INJECTION, DetectionStatus.FAILED);
            assertThat(support("moderate")).hasDetectionStatus(JAILBREAK, DetectionStatus.PENDING);
        }

        @Test
        void has_detection_status_fails_on_another_status_showing_the_detections() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() ->
                            assertThat(support("moderate")).hasDetectionStatus(JAILBREAK, DetectionStatus.COMPLETED))
                    .withMessage(message(
                            "Expected the JAILBREAK detection of span <moderate> to be <COMPLETED> but its "
                                    + "detections are <JAILBREAK: pending>.",
                            SUPPORT_TREE,
                            4));
        }

        @Test
        void was_blocked_passes_on_a_blocked_prompt_and_was_not_blocked_on_the_others() {
            assertThat(guard("chat")).wasBlocked().hasIssue(PROMPT_INJECTION).withSeverityAtLeast(Severity.CRITICAL);
            assertThat(guard("summarize")).wasNotBlocked();
            assertThat(SYNTHESIZE).wasNotBlocked();
        }

        @Test
        void was_blocked_fails_saying_whether_the_prompt_was_screened() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(guard("summarize")).wasBlocked())
                    .withMessage(message(
                            "Expected the prompt of span <summarize> to have been blocked but it passed the"
                                    + " screening, and its detections are <PROMPT_INJECTION: clean>.",
                            GUARD_TREE,
                            2));
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(SYNTHESIZE).wasBlocked())
                    .withMessageStartingWith("Expected the prompt of span <synthesize> to have been blocked but it was"
                            + " not screened (no avaliar.blocked: not an llm span with blocking(true) and detectors).");
        }

        @Test
        void was_not_blocked_fails_on_a_blocked_prompt() {
            assertThatExceptionOfType(AssertionError.class)
                    .isThrownBy(() -> assertThat(guard("chat")).wasNotBlocked())
                    .withMessage(message(
                            "Expected the prompt of span <chat> not to have been blocked but it was, and its"
                                    + " detections are <PROMPT_INJECTION: CRITICAL instruction_override>.",
                            GUARD_TREE,
                            1));
        }
    }
}
