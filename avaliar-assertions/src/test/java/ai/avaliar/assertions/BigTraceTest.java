package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.TraceFixture.agent;
import static ai.avaliar.assertions.TraceFixture.tool;
import static ai.avaliar.assertions.TraceFixture.trace;
import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Traces with many spans: checks stay linear, and messages list the first names only. */
class BigTraceTest {

    private static final int CALLS = 20_000;

    /** A root with {@link #CALLS} parallel children named <call>, and <other> when asked. */
    private static Trace fanOut(TraceFixture.Node... more) {
        List<TraceFixture.Node> children = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            children.add(tool("call").at(1 + i % 10, 50));
        }
        children.addAll(List.of(more));
        return trace(agent("root").at(0, 100).children(children.toArray(TraceFixture.Node[]::new)));
    }

    private static final Trace FAN_OUT = fanOut();

    private static String calls(int count) {
        return IntStream.range(0, count).mapToObj(i -> "call[" + i + "]").collect(joining(", "));
    }

    @Test
    void children_ran_concurrently_passes_on_many_parallel_children() {
        assertThatTrace(FAN_OUT).childrenRanConcurrently();
    }

    @Test
    void children_ran_concurrently_names_a_pair_that_ran_apart_among_many() {
        Trace late = fanOut(tool("late").at(60, 70));
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(late).childrenRanConcurrently())
                .withMessageStartingWith("Expected <call> and <late> to have run concurrently but <call> ran from "
                        + "1 ms to 50 ms and <late> ran from 60 ms to 70 ms (from the start of the trace).");
    }

    @Test
    void has_child_lists_the_first_twenty_children_with_their_indexes() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(FAN_OUT).hasChild("missing"))
                .withMessageStartingWith("No child named <missing> under <root>; its children are <" + calls(20)
                        + ", … and " + (CALLS - 20) + " more>.\nActual trace:\n");
    }

    @Test
    void has_span_count_lists_the_first_twenty_names() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(FAN_OUT).hasSpanCount(1))
                .withMessageStartingWith(
                        "Expected the trace to have <1> spans but it had <" + (CALLS + 1) + ">: <root, "
                                + IntStream.range(0, 19).mapToObj(i -> "call").collect(joining(", ")) + ", … and "
                                + (CALLS - 19)
                                + " more>.\n");
    }

    @Test
    void labels_of_siblings_are_core_labels() {
        Trace trace = trace(agent("a")
                .at(0, 10)
                .children(
                        tool("x").at(1, 2),
                        tool("y").at(2, 3),
                        tool("x").at(3, 4),
                        tool("z").at(4, 5),
                        tool("x").at(5, 6)));
        List<CapturedSpan> children = trace.root().children();
        assertThat(SpanPaths.labels(children))
                .containsExactly("x[0]", "y", "x[1]", "z", "x[2]")
                .isEqualTo(children.stream().map(CapturedSpan::label).toList());
    }

    /** The one-pass check answers as comparing every pair would, zero-length intervals and ties included. */
    @Test
    void one_pass_concurrency_agrees_with_comparing_every_pair() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            int count = 2 + random.nextInt(5);
            long[] starts = new long[count];
            long[] ends = new long[count];
            for (int i = 0; i < count; i++) {
                starts[i] = random.nextInt(6);
                ends[i] = starts[i] + random.nextInt(4);
            }
            boolean allOverlap = true;
            for (int i = 0; i < count; i++) {
                for (int j = i + 1; j < count; j++) {
                    allOverlap &= overlap(starts, ends, i, j);
                }
            }
            int[] apart = Checks.firstPairApart(starts, ends);
            String intervals = Arrays.toString(starts) + " " + Arrays.toString(ends);
            assertThat(apart == null).as(intervals).isEqualTo(allOverlap);
            if (apart != null) {
                assertThat(apart[0]).as(intervals).isLessThan(apart[1]);
                assertThat(overlap(starts, ends, apart[0], apart[1]))
                        .as(intervals)
                        .isFalse();
            }
        }
    }

    /** As core's {@code CapturedSpan.overlaps}. */
    private static boolean overlap(long[] starts, long[] ends, int i, int j) {
        return starts[i] < ends[j] && starts[j] < ends[i];
    }
}
