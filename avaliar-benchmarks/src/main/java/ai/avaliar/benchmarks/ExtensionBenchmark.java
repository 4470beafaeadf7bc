package ai.avaliar.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.trace.Avaliar;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A suite of {@value #TESTS} trivial tests run on the JUnit Platform (EngineTestKit), with and
 * without {@link CaptureTraces}, in one run: the difference divided by {@value #TESTS} is what the
 * extension costs each test. A third suite also traces one span per test and asserts on it through
 * {@link CapturedTraces}, what a real Avaliar test does at the least. Each figure is one run of a
 * whole suite.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExtensionBenchmark {

    static final int TESTS = 1000;

    @Benchmark
    public EngineExecutionResults withoutExtension() {
        return run(PlainSuite.class);
    }

    @Benchmark
    public EngineExecutionResults withCaptureTraces() {
        return run(CapturedSuite.class);
    }

    @Benchmark
    public EngineExecutionResults withCaptureTracesAndOneSpan() {
        return run(TracingSuite.class);
    }

    private static EngineExecutionResults run(Class<?> suite) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(suite))
                .execute();
        long succeeded = results.testEvents().succeeded().count();
        if (succeeded != TESTS || results.testEvents().failed().count() > 0) {
            throw new IllegalStateException("the suite must pass to be measured: " + succeeded + " of " + TESTS
                    + " passed; " + results.testEvents().failed().list());
        }
        return results;
    }

    static void trivialCheck(int repetition) {
        if (repetition + 1 <= repetition) {
            throw new AssertionError("arithmetic is broken at " + repetition);
        }
    }

    /** The trivial tests, on their own. */
    public static class PlainSuite {
        @RepeatedTest(TESTS)
        void trivial(RepetitionInfo repetition) {
            trivialCheck(repetition.getCurrentRepetition());
        }
    }

    /** The same tests, each with its traces captured. */
    @CaptureTraces
    public static class CapturedSuite {
        @RepeatedTest(TESTS)
        void trivial(RepetitionInfo repetition) {
            trivialCheck(repetition.getCurrentRepetition());
        }
    }

    /** Each test traces one tool span and reads it back. */
    @CaptureTraces
    public static class TracingSuite {
        @RepeatedTest(TESTS)
        void traced(RepetitionInfo repetition, CapturedTraces traces) {
            int answer = Avaliar.tool("lookup")
                    .input("n", repetition.getCurrentRepetition())
                    .call(() -> repetition.getCurrentRepetition() + 1);
            trivialCheck(answer);
            if (traces.single().spans().size() != 1) {
                throw new AssertionError(
                        "expected one span, got " + traces.single().render());
            }
        }
    }
}
