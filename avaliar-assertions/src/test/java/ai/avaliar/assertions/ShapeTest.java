package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.TraceFixture.agent;
import static ai.avaliar.assertions.TraceFixture.llm;
import static ai.avaliar.assertions.TraceFixture.tool;
import static ai.avaliar.assertions.TraceFixture.trace;
import static ai.avaliar.assertions.Trees.COORDINATOR;
import static ai.avaliar.assertions.Trees.MORNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.avaliar.trace.data.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeTest {

    /** The news came back first: siblings started in another order than the picture shows. */
    private static final Trace NEWS_FIRST = trace(agent("morning_briefing")
            .at(0, 200)
            .children(
                    tool("fetch_news").at(1, 100),
                    tool("fetch_weather").at(2, 100),
                    llm("synthesize").at(110, 190)));

    @Test
    void accepts_the_guides_morning_briefing_picture_as_is() {
        assertThatTrace(MORNING)
                .hasShape(""
                        + "morning_briefing  (agent)\n"
                        + "  ├── fetch_weather  (tool)   ─ run in parallel\n"
                        + "  ├── fetch_news     (tool)   ─ run in parallel\n"
                        + "  └── synthesize     (llm)\n");
    }

    @Test
    void accepts_the_guides_coordinator_picture_as_is() {
        assertThatTrace(COORDINATOR)
                .hasShape(""
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
    void accepts_the_layout_of_the_tree_command_with_branches_in_the_roots_column() {
        assertThatTrace(MORNING).hasShape("""
                morning_briefing
                ├── fetch_weather
                ├── fetch_news
                └── synthesize
                """);
        assertThatTrace(COORDINATOR).hasShape("""
                coordinator
                ├── researcher
                │   └── llm_call
                ├── researcher
                │   └── llm_call
                └── summarize_findings
                    └── llm_call
                """);
    }

    @Test
    void in_the_tree_layout_a_branch_closes_the_deeper_branch_above_it() {
        // <synthesize> goes under the root, not under <fetch_news>: the diff shows it one level up
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(MORNING).hasShape("""
                        morning_briefing
                        ├── fetch_weather
                        │   └── fetch_news
                        └── synthesize
                        """))
                .withMessageEndingWith("""
                        Diff (- expected, + actual):
                          morning_briefing  (agent)
                            ├── fetch_weather  (tool)
                        -   │     └── fetch_news
                        +   ├── fetch_news  (tool)
                            └── synthesize  (llm)""");
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

    /** Many same-named parallel siblings, each with one child: the last one's child is named differently. */
    private static Trace sameNamedSiblings(int count, String lastChild) {
        TraceFixture.Node[] workers = new TraceFixture.Node[count];
        for (int i = 0; i < count; i++) {
            workers[i] = tool("worker")
                    .at(1 + i, 500)
                    .children(llm(i == count - 1 ? lastChild : "call").at(2 + i, 400));
        }
        return trace(agent("fan_out").at(0, 1000).children(workers));
    }

    private static String sameNamedShape(int count) {
        StringBuilder shape = new StringBuilder("fan_out\n");
        for (int i = 0; i < count; i++) {
            shape.append(i == count - 1 ? "  └── worker\n        └── call\n" : "  ├── worker\n  │     └── call\n");
        }
        return shape.toString();
    }

    @Test
    void any_order_fails_fast_on_many_same_named_parallel_siblings() {
        // Trying every pairing of 200 siblings would never end; a bipartite matching answers at once.
        Trace trace = sameNamedSiblings(200, "other_call");
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(trace).hasShapeInAnyOrder(sameNamedShape(200)))
                .withMessageStartingWith("Expected the trace to have the shape (siblings in any order):\n")
                .withMessageEndingWith("""
                            └── worker  (tool)
                        -         └── call
                        +         └── other_call  (llm)""");
    }

    @Test
    void any_order_passes_on_many_same_named_parallel_siblings() {
        assertThatTrace(sameNamedSiblings(200, "call")).hasShapeInAnyOrder(sameNamedShape(200));
    }

    @Test
    void any_order_pairs_siblings_that_a_first_fit_would_pair_wrongly() {
        // The first expected <step> (no type) fits both actual steps; only one pairing uses both.
        Trace trace = trace(agent("root")
                .at(0, 100)
                .children(tool("step").at(1, 50), llm("step").at(2, 60)));
        assertThatTrace(trace).hasShapeInAnyOrder("""
                root
                  ├── step
                  └── step  (tool)
                """);
    }

    @Test
    void any_order_diff_pairs_whole_matching_subtrees_before_same_named_ones() {
        // a first fit would pair <worker/a> with <worker/b> and show two differences instead of one
        Trace trace = trace(agent("root")
                .at(0, 100)
                .children(
                        tool("worker").at(1, 50).children(llm("b").at(2, 40)),
                        tool("worker").at(3, 60).children(llm("x").at(4, 50))));
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(trace).hasShapeInAnyOrder("""
                        root
                          ├── worker
                          │     └── a
                          └── worker
                                └── b
                        """))
                .withMessageEndingWith("""
                        Diff (- expected, + actual):
                          root  (agent)
                            ├── worker  (tool)
                        -   │     └── a
                        +   │     └── x  (llm)
                            └── worker  (tool)
                                  └── b  (llm)""");
    }

    @Test
    void a_diff_too_big_for_its_table_lists_expected_and_actual_lines_plainly() {
        List<Shape.Node> expected = Shape.parse("root\n  ├── a\n  ├── b\n  ├── c\n  └── d\n");
        List<Shape.Node> actual = Shape.parse("root\n  ├── b\n  ├── c\n  ├── a\n  └── d\n");
        assertThat(Shape.diff(expected, actual)).isEqualTo("""
                  root
                -   ├── a
                    ├── b
                    ├── c
                +   ├── a
                    └── d
                """);
        // beyond the cap: the common start and end are kept, the middle listed plainly
        assertThat(Shape.diff(expected, actual, 15)).isEqualTo("""
                  root
                -   ├── a
                -   ├── b
                -   ├── c
                +   ├── b
                +   ├── c
                +   ├── a
                    └── d
                """);
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
