package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.TraceFixture.agent;
import static ai.avaliar.assertions.TraceFixture.llm;
import static ai.avaliar.assertions.TraceFixture.tool;
import static ai.avaliar.assertions.TraceFixture.trace;
import static ai.avaliar.assertions.Trees.COORDINATOR;
import static ai.avaliar.assertions.Trees.MORNING;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.avaliar.trace.Trace;
import org.junit.jupiter.api.Test;

class ShapeTest {

    /** The news came back first: siblings started in another order than the picture shows. */
    private static final Trace NEWS_FIRST = trace(agent("morning_briefing").at(0, 200).children(
            tool("fetch_news").at(1, 100),
            tool("fetch_weather").at(2, 100),
            llm("synthesize").at(110, 190)));

    @Test
    void accepts_the_guides_morning_briefing_picture_as_is() {
        assertThatTrace(MORNING).hasShape(""
                + "morning_briefing  (agent)\n"
                + "  ├── fetch_weather  (tool)   ─ run in parallel\n"
                + "  ├── fetch_news     (tool)   ─ run in parallel\n"
                + "  └── synthesize     (llm)\n");
    }

    @Test
    void accepts_the_guides_coordinator_picture_as_is() {
        assertThatTrace(COORDINATOR).hasShape(""
                + "coordinator                    (agent)   — level 1\n"
                + "  ├── researcher: \"topic A\"    (agent)   — level 2\n"
                + "  │     └── llm_call           (llm)\n"
                + "  ├── researcher: \"topic B\"    (agent)   — level 2\n"
                + "  │     └── llm_call           (llm)\n"
                + "  └── summarize_findings        (tool)    — level 2\n"
                + "        └── llm_call           (llm)\n");
    }

    @Test
    void accepts_an_indented_text_block_without_types_and_with_ascii_branches() {
        assertThatTrace(MORNING).hasShape("""
                morning_briefing
                  |-- fetch_weather   # first
                  |-- fetch_news
                  `-- synthesize  (llm)
                """);
    }

    @Test
    void accepts_plain_indentation_and_several_roots() {
        assertThatTrace(COORDINATOR).hasShape("""
                coordinator
                    researcher
                        llm_call
                    researcher
                        llm_call
                    summarize_findings (tool)
                        llm_call (llm)
                """);
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(MORNING).hasShape("morning_briefing\nother_root\n"))
                .withMessageEndingWith("""
                        Diff (- expected, + actual):
                          morning_briefing  (agent)
                        - other_root
                        +   ├── fetch_weather  (tool)
                        +   ├── fetch_news  (tool)
                        +   └── synthesize  (llm)""");
    }

    @Test
    void fails_with_a_diff_when_a_name_differs() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(MORNING).hasShape("""
                        morning_briefing  (agent)
                          ├── fetch_weather  (tool)
                          ├── fetch_news     (tool)
                          └── synth          (llm)
                        """))
                .withMessage("""
                        Expected the trace to have the shape:
                        morning_briefing  (agent)
                          ├── fetch_weather  (tool)
                          ├── fetch_news     (tool)
                          └── synth          (llm)
                        but it was:
                        morning_briefing     (agent)
                          ├── fetch_weather  (tool)
                          ├── fetch_news     (tool)
                          └── synthesize     (llm)
                        Diff (- expected, + actual):
                          morning_briefing  (agent)
                            ├── fetch_weather  (tool)
                            ├── fetch_news  (tool)
                        -   └── synth  (llm)
                        +   └── synthesize  (llm)""");
    }

    @Test
    void fails_with_a_diff_when_a_type_differs_or_a_span_is_missing() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(MORNING).hasShape("""
                        morning_briefing  (agent)
                          ├── fetch_weather  (llm)
                          └── synthesize     (llm)
                        """))
                .withMessageEndingWith("""
                        Diff (- expected, + actual):
                          morning_briefing  (agent)
                        -   ├── fetch_weather  (llm)
                        +   ├── fetch_weather  (tool)
                        +   ├── fetch_news  (tool)
                            └── synthesize  (llm)""");
    }

    @Test
    void in_order_fails_when_parallel_siblings_started_the_other_way() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(NEWS_FIRST).hasShape("""
                        morning_briefing
                          ├── fetch_weather
                          ├── fetch_news
                          └── synthesize
                        """))
                .withMessageEndingWith("""
                        Diff (- expected, + actual):
                          morning_briefing  (agent)
                        -   ├── fetch_weather
                            ├── fetch_news  (tool)
                        +   ├── fetch_weather  (tool)
                            └── synthesize  (llm)""");
    }

    @Test
    void any_order_passes_when_parallel_siblings_started_the_other_way() {
        assertThatTrace(NEWS_FIRST).hasShapeInAnyOrder("""
                morning_briefing  (agent)
                  ├── fetch_weather  (tool)   ─ run in parallel
                  ├── fetch_news     (tool)   ─ run in parallel
                  └── synthesize     (llm)
                """);
    }

    @Test
    void any_order_fails_with_a_diff_aligned_to_the_expected_order() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(NEWS_FIRST).hasShapeInAnyOrder("""
                        morning_briefing
                          ├── fetch_weather
                          ├── fetch_news
                          └── summarize
                        """))
                .withMessageStartingWith("Expected the trace to have the shape (siblings in any order):\n")
                .withMessageEndingWith("""
                        Diff (- expected, + actual):
                          morning_briefing  (agent)
                            ├── fetch_weather  (tool)
                            ├── fetch_news  (tool)
                        -   └── summarize
                        +   └── synthesize  (llm)""");
    }

    @Test
    void rejects_a_branch_without_a_parent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> assertThatTrace(MORNING).hasShape("  ├── fetch_weather\nmorning_briefing"))
                .withMessage("line 1 of the expected shape has a branch but no parent line above it: "
                        + "\"  ├── fetch_weather\"");
    }

    @Test
    void rejects_an_empty_shape() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> assertThatTrace(MORNING).hasShape("  \n"))
                .withMessageStartingWith("an expected shape needs at least a root line");
    }
}
