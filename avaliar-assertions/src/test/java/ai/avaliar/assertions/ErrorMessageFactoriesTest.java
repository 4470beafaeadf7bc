package ai.avaliar.assertions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import ai.avaliar.assertions.error.ShouldBeOfType;
import ai.avaliar.assertions.error.ShouldBeStreaming;
import ai.avaliar.assertions.error.ShouldHaveChild;
import ai.avaliar.assertions.error.ShouldHaveChildren;
import ai.avaliar.assertions.error.ShouldHaveCount;
import ai.avaliar.assertions.error.ShouldHaveDepth;
import ai.avaliar.assertions.error.ShouldHaveDescendant;
import ai.avaliar.assertions.error.ShouldHaveDetection;
import ai.avaliar.assertions.error.ShouldHaveDuration;
import ai.avaliar.assertions.error.ShouldHaveError;
import ai.avaliar.assertions.error.ShouldHaveRoot;
import ai.avaliar.assertions.error.ShouldHaveRunConcurrently;
import ai.avaliar.assertions.error.ShouldHaveShape;
import ai.avaliar.assertions.error.ShouldHaveSpanAt;
import ai.avaliar.assertions.error.ShouldHaveToolCallsInOrder;
import ai.avaliar.assertions.error.ShouldHaveTotal;
import ai.avaliar.assertions.error.ShouldHaveValue;
import ai.avaliar.trace.SpanType;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.junit.jupiter.api.Test;

/** Each factory's exact text, with the description AssertJ puts in front. */
class ErrorMessageFactoriesTest {

    private static final String TREE = "root  (agent)\n  └── x  (tool)  <<<\n";
    private static final String SHOWN = "\nActual trace:\nroot  (agent)\n  └── x  (tool)  <<<";

    private static String create(ErrorMessageFactory factory) {
        return factory.create(new TextDescription("Test"), STANDARD_REPRESENTATION);
    }

    @Test
    void should_have_root() {
        assertThat(create(ShouldHaveRoot.shouldHaveRoot("a", List.of("b", "c"), TREE)))
                .isEqualTo("[Test] Expected the trace to have the root <a> but its roots were <b, c>." + SHOWN);
    }

    @Test
    void should_be_complete() {
        assertThat(create(ShouldHaveRoot.shouldBeComplete("a", List.of("b", "c"), TREE)))
                .isEqualTo("[Test] Expected the trace to have the root <a> but the trace is incomplete: it has 2 roots "
                        + "<b, c>, spans whose parent was not captured (still running, or in another process)."
                        + SHOWN);
        assertThat(create(ShouldHaveRoot.shouldBeComplete("a", List.of("a"), TREE)))
                .isEqualTo("[Test] Expected the trace to have the root <a> but the trace is incomplete: its root <a> "
                        + "has a parent that was not captured (still running, or in another process)." + SHOWN);
    }

    @Test
    void should_have_child() {
        assertThat(create(ShouldHaveChild.shouldHaveChild("root", "y", List.of("x"), TREE)))
                .isEqualTo("[Test] No child named <y> under <root>; its children are <x>." + SHOWN);
        assertThat(ShouldHaveChild.shouldHaveChild("x", "y", List.of(), TREE).create())
                .isEqualTo("No child named <y> under <x>; it has no children." + SHOWN);
    }

    @Test
    void should_have_children() {
        assertThat(create(ShouldHaveChildren.shouldHaveChildren("root", List.of("y"), List.of("x"), true, TREE)))
                .isEqualTo(
                        "[Test] Expected <root> to have the children <[y]> in this order but they were <[x]>." + SHOWN);
    }

    @Test
    void should_have_descendant_and_span_at() {
        assertThat(create(ShouldHaveDescendant.shouldHaveDescendant("root", "z", TREE)))
                .isEqualTo("[Test] No span named <z> below <root>." + SHOWN);
        assertThat(create(ShouldHaveSpanAt.shouldHaveSpanAt("root/x/z", "root/x", "z", List.of(), TREE)))
                .isEqualTo("[Test] No span at path <root/x/z>: <root/x> has no child <z>; it has no children." + SHOWN);
        assertThat(create(ShouldHaveSpanAt.shouldHaveSpanAt("r/x", null, "r", List.of("root"), TREE)))
                .isEqualTo("[Test] No span at path <r/x>: the trace has no root <r>; its roots are <root>." + SHOWN);
    }

    @Test
    void lists_the_first_twenty_names_and_counts_the_rest() {
        List<String> names = IntStream.range(0, 25).mapToObj(i -> "n" + i).toList();
        String first = "n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12, n13, n14, n15, n16, n17, n18, n19";
        assertThat(create(ShouldHaveChild.shouldHaveChild("root", "y", names, TREE)))
                .isEqualTo("[Test] No child named <y> under <root>; its children are <" + first + ", … and 5 more>."
                        + SHOWN);
        assertThat(create(ShouldHaveSpanAt.shouldHaveSpanAt("r/x", null, "r", names, TREE)))
                .isEqualTo("[Test] No span at path <r/x>: the trace has no root <r>; its roots are <" + first
                        + ", … and 5 more>." + SHOWN);
        assertThat(create(ShouldHaveRoot.shouldHaveRoot("a", names, TREE)))
                .isEqualTo("[Test] Expected the trace to have the root <a> but its roots were <" + first
                        + ", … and 5 more>." + SHOWN);
        assertThat(create(ShouldHaveCount.shouldHaveCount("spans", 1, names, TREE)))
                .isEqualTo("[Test] Expected the trace to have <1> spans but it had <25>: <" + first + ", … and 5 more>."
                        + SHOWN);
        assertThat(create(ShouldHaveChildren.shouldHaveChildren("root", List.of("y"), names, false, TREE)))
                .isEqualTo("[Test] Expected <root> to have the children <[y]> in any order but they were <[" + first
                        + ", … and 5 more]>." + SHOWN);
        assertThat(create(ShouldHaveToolCallsInOrder.shouldHaveToolCallsInOrder(names, List.of("x"), TREE)))
                .isEqualTo("[Test] Expected the tool calls <[" + first + ", … and 5 more]> in this order but they "
                        + "were <[x]>." + SHOWN);
        assertThat(create(ShouldHaveChild.shouldHaveChild("root", "y", names.subList(0, 20), TREE)))
                .isEqualTo("[Test] No child named <y> under <root>; its children are <" + first + ">." + SHOWN);
    }

    @Test
    void should_have_shape() {
        assertThat(create(ShouldHaveShape.shouldHaveShape(
                        true,
                        "root\n  └── y\n",
                        "root  (agent)\n  └── x  (tool)\n",
                        "  root  (agent)\n-   └── y\n+   └── x  (tool)\n")))
                .isEqualTo("[Test] Expected the trace to have the shape (siblings in any order):\n"
                        + "root\n  └── y\n"
                        + "but it was:\n"
                        + "root  (agent)\n  └── x  (tool)\n"
                        + "Diff (- expected, + actual):\n"
                        + "  root  (agent)\n-   └── y\n+   └── x  (tool)");
    }

    @Test
    void should_have_depth_count_total_and_trajectory() {
        assertThat(create(ShouldHaveDepth.shouldHaveDepth(1, 2, TREE)))
                .isEqualTo("[Test] Expected the trace to be <1> levels deep but it was <2> levels deep." + SHOWN);
        assertThat(create(ShouldHaveCount.shouldHaveCount("llm calls", 1, List.of(), TREE)))
                .isEqualTo("[Test] Expected the trace to have <1> llm calls but it had <0>." + SHOWN);
        assertThat(create(ShouldHaveTotal.shouldHaveTotal("total tokens", 1, 2, TREE)))
                .isEqualTo("[Test] Expected the trace to have total tokens <1> but it had <2>." + SHOWN);
        assertThat(create(ShouldHaveToolCallsInOrder.shouldHaveToolCallsInOrder(List.of("y"), List.of("x"), TREE)))
                .isEqualTo("[Test] Expected the tool calls <[y]> in this order but they were <[x]>." + SHOWN);
    }

    @Test
    void should_be_of_type_value_streaming_and_duration() {
        assertThat(create(ShouldBeOfType.shouldBeOfType("x", SpanType.GENERIC, SpanType.AGENT, TREE)))
                .isEqualTo("[Test] Expected span <x> to be a generic span but it was an agent span." + SHOWN);
        assertThat(create(ShouldHaveValue.shouldHaveValue("x", "model", "a", null, TREE)))
                .isEqualTo("[Test] Expected span <x> to have model <a> but it had none." + SHOWN);
        assertThat(create(ShouldHaveValue.shouldHaveValue("x", "metadata \"n\"", 1L, "1", TREE)))
                .isEqualTo(
                        "[Test] Expected span <x> to have metadata \"n\" <1> (Long) but it was <1> (String)." + SHOWN);
        assertThat(create(ShouldHaveValue.shouldHaveValue("x", "input \"ids\"", List.of(1), "[1]", TREE)))
                .isEqualTo("[Test] Expected span <x> to have input \"ids\" <[1]> (List) but it was <[1]> (String)."
                        + SHOWN);
        assertThat(create(ShouldHaveValue.shouldHaveNoValue("x", "model", "gpt-4o", TREE)))
                .isEqualTo("[Test] Expected span <x> to have no model but it had <gpt-4o>." + SHOWN);
        assertThat(create(ShouldBeStreaming.shouldBeStreaming("x", TREE)))
                .isEqualTo("[Test] Expected span <x> to be a streamed response but it was not." + SHOWN);
        assertThat(create(ShouldHaveDuration.shouldHaveDuration("x", "at least", "2 ms", "1 ms", TREE)))
                .isEqualTo("[Test] Expected span <x> to take at least <2 ms> but it took <1 ms>." + SHOWN);
    }

    @Test
    void should_have_run_concurrently_and_errors() {
        assertThat(create(ShouldHaveRunConcurrently.shouldHaveRunConcurrently(
                        "x", "from 0 ms to 1 ms", "y", "from 2 ms to 3 ms", TREE)))
                .isEqualTo("[Test] Expected <x> and <y> to have run concurrently but <x> ran from 0 ms to 1 ms and "
                        + "<y> ran from 2 ms to 3 ms (from the start of the trace)." + SHOWN);
        assertThat(create(ShouldHaveError.shouldHaveError("x", TREE)))
                .isEqualTo("[Test] Expected span <x> to have failed but it succeeded." + SHOWN);
        assertThat(create(ShouldHaveError.shouldNotHaveError("x", null, TREE)))
                .isEqualTo("[Test] Expected no error but span <x> failed." + SHOWN);
        assertThat(create(ShouldHaveError.shouldHaveException("x", "java.io.IOException", null, TREE)))
                .isEqualTo("[Test] Expected span <x> to have recorded an exception of type <java.io.IOException> but "
                        + "it recorded none." + SHOWN);
    }

    @Test
    void should_have_detection() {
        assertThat(create(ShouldHaveDetection.shouldHaveIssue("x", "PII", "", TREE)))
                .isEqualTo("[Test] Expected span <x> to have a PII issue but it has no detection results." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldHaveDetectionStatus(
                        "x", "BIAS", "PENDING", "BIAS: failed (no key)", TREE)))
                .isEqualTo("[Test] Expected the BIAS detection of span <x> to be <PENDING> but its detections are "
                        + "<BIAS: failed (no key)>." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldHaveBeenBlocked("x", true, "JAILBREAK: clean", TREE)))
                .isEqualTo(
                        "[Test] Expected the prompt of span <x> to have been blocked but it passed the screening, and"
                                + " its detections are <JAILBREAK: clean>." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldHaveBeenBlocked("x", false, "", TREE)))
                .isEqualTo("[Test] Expected the prompt of span <x> to have been blocked but it was not screened (no"
                        + " avaliar.blocked: not an llm span with blocking(true) and detectors)." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldNotHaveBeenBlocked("x", "JAILBREAK: HIGH role_play", TREE)))
                .isEqualTo("[Test] Expected the prompt of span <x> not to have been blocked but it was, and its"
                        + " detections are <JAILBREAK: HIGH role_play>." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldHaveCategory("x", "PII", "IBAN", "PII: HIGH EMAIL_ADDRESS", TREE)))
                .isEqualTo("[Test] Expected the PII detection of span <x> to have an issue of category <IBAN> but its "
                        + "detections are <PII: HIGH EMAIL_ADDRESS>." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldHaveIssueAtLeast("x", "HIGH", "PII: LOW IBAN", TREE)))
                .isEqualTo("[Test] Expected span <x> to have an issue of severity <HIGH> or worse but its detections "
                        + "are <PII: LOW IBAN>." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldNotHaveDetections("x", "PII: LOW IBAN", TREE)))
                .isEqualTo("[Test] Expected no detection issues but span <x> has <PII: LOW IBAN>." + SHOWN);
        assertThat(create(ShouldHaveDetection.shouldNotHaveIssues("x", "PII: pending", TREE)))
                .isEqualTo("[Test] Expected every detection of span <x> to have completed without issues but its "
                        + "detections are <PII: pending>." + SHOWN);
    }
}
