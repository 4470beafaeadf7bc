package ai.avaliar.junit5;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.avaliar.junit5.internal.Options;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.OpenSpan;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A thousand tests, one in ten faulty in one of seven ways, interleaved with innocent ones across
 * four classes, run one after another and in parallel: no innocent test fails, and each faulty
 * test fails with its own reason, naming its own span. On a JDK with virtual threads the tests'
 * pool is one of virtual threads.
 */
class FaultInjectionSuiteTest {

    static final int CLASSES = 4;
    static final int PER_CLASS = 250;

    /** The ways a test can misbehave, and what its failure must say: the span it names carries the test's number. */
    enum Fault {
        SPAN_LEFT_OPEN_ON_THE_TEST_THREAD("SPAN_LEFT_OPEN: span 'forgotten-%d' (agent)"),
        SCOPE_LEFT_OPEN("' (span %016x current in it) when the test's code returned"),
        SPAN_LEFT_OPEN_ON_A_POOL_THREAD("SPAN_LEFT_OPEN: span 'pooled-%d' (tool) was still open and current on thread"),
        TIMED_OUT_WITH_A_SPAN_OPEN("SPAN_LEFT_OPEN: span 'slow-%d' (agent)"),
        SPAN_CLOSED_TWICE("SPAN_ENDED_TWICE: span 'twice-%d' was closed twice"),
        EXCEPTION_IN_A_TRACED_CALLBACK("the tool failed in test %d"),
        STREAM_NEVER_CLOSED("SPAN_LEFT_OPEN: span 'story-%d' (llm), started with stream(...)");

        final String reason;

        Fault(String reason) {
            this.reason = reason;
        }
    }

    /** Test number {@code n} (1 to 1,000) is faulty when its last digit is 7; which way, the tens say. */
    static Fault faultOf(int n) {
        return n % 10 == 7 ? Fault.values()[(n / 10) % Fault.values().length] : null;
    }

    private static final Map<String, String> CONFIGURATION = Map.of(Options.AWAIT_TIMEOUT, "300 ms");
    private static final Map<String, String> PARALLEL = Map.of(
            Options.AWAIT_TIMEOUT,
            "300 ms",
            "junit.jupiter.execution.parallel.enabled",
            "true",
            "junit.jupiter.execution.parallel.mode.default",
            "concurrent",
            "junit.jupiter.execution.parallel.mode.classes.default",
            "concurrent",
            "junit.jupiter.execution.parallel.config.strategy",
            "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism",
            "8");

    @Test
    void one_after_another_no_innocent_test_fails_and_each_faulty_test_fails_with_its_own_reason() {
        assertIsolated(run(CONFIGURATION));
    }

    @Test
    void in_parallel_no_innocent_test_fails_and_each_faulty_test_fails_with_its_own_reason() {
        assertIsolated(run(PARALLEL));
    }

    private static EngineExecutionResults run(Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(
                        selectClass(First.class),
                        selectClass(Second.class),
                        selectClass(Third.class),
                        selectClass(Fourth.class))
                .execute();
    }

    private static final Pattern REPETITION = Pattern.compile("repetition (\\d+) of");

    private static void assertIsolated(EngineExecutionResults results) {
        List<String> innocentFailures = new ArrayList<>();
        List<String> wrongReasons = new ArrayList<>();
        Map<Fault, Integer> failedAsExpected = new HashMap<>();
        int faulty = 0;
        for (Event event : results.testEvents().finished().list()) {
            int n = number(event);
            Fault fault = faultOf(n);
            TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
            if (fault == null) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    innocentFailures.add("test " + n + ": "
                            + result.getThrowable().map(Throwable::toString).orElse("?"));
                }
                continue;
            }
            faulty++;
            String reason = fault.reason.formatted(n);
            Throwable failure = result.getThrowable().orElse(null);
            boolean timedOutFirst = fault != Fault.TIMED_OUT_WITH_A_SPAN_OPEN
                    || String.valueOf(failure).contains("execution timed out after 500 ms");
            if (result.getStatus() == TestExecutionResult.Status.FAILED
                    && mentions(failure, reason)
                    && timedOutFirst
                    && namesOnlyItsOwnSpans(failure, n)) {
                failedAsExpected.merge(fault, 1, Integer::sum);
            } else {
                wrongReasons.add("test " + n + " (" + fault + ") " + result.getStatus() + ": "
                        + result.getThrowable()
                                .map(FaultInjectionSuiteTest::describe)
                                .orElse("no failure"));
            }
        }
        System.out.printf(
                "Fault injection: %d tests, %d faulty in %d kinds: %d innocent failures, %d faulty tests failed"
                        + " with their own reason%n",
                results.testEvents().finished().count(),
                faulty,
                failedAsExpected.size(),
                innocentFailures.size(),
                failedAsExpected.values().stream().mapToInt(Integer::intValue).sum());
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(results.testEvents().finished().count()).isEqualTo(CLASSES * PER_CLASS);
        assertThat(innocentFailures).as("innocent tests that failed").isEmpty();
        assertThat(wrongReasons)
                .as("faulty tests that did not fail with their own reason")
                .isEmpty();
        assertThat(faulty).isEqualTo(CLASSES * PER_CLASS / 10);
        assertThat(failedAsExpected).containsOnlyKeys(Fault.values());
    }

    /** The test's number: its class's offset plus its repetition. */
    private static int number(Event event) {
        Matcher repetition = REPETITION.matcher(event.getTestDescriptor().getDisplayName());
        assertThat(repetition.find()).isTrue();
        String uniqueId = event.getTestDescriptor().getUniqueId().toString();
        int offset = uniqueId.contains("$First")
                ? 0
                : uniqueId.contains("$Second") ? 1 : uniqueId.contains("$Third") ? 2 : 3;
        return offset * PER_CLASS + Integer.parseInt(repetition.group(1));
    }

    private static final Pattern SPAN_OF_A_TEST = Pattern.compile("'[a-z]+-(\\d+)'");

    /** Whether every span of the suite the failure names (such as {@code 'pooled-17'}) is test {@code n}'s own. */
    private static boolean namesOnlyItsOwnSpans(Throwable failure, int n) {
        Matcher span = SPAN_OF_A_TEST.matcher(describe(failure));
        while (span.find()) {
            if (Integer.parseInt(span.group(1)) != n) {
                return false;
            }
        }
        return true;
    }

    /** Whether the failure, or a failure it carries, says {@code reason}. */
    private static boolean mentions(Throwable failure, String reason) {
        if (String.valueOf(failure.getMessage()).contains(reason)) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (mentions(suppressed, reason)) {
                return true;
            }
        }
        return failure.getCause() != null && mentions(failure.getCause(), reason);
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        for (Throwable suppressed : failure.getSuppressed()) {
            text.append(" [suppressed: ").append(describe(suppressed)).append(']');
        }
        return text.toString();
    }

    // ---- the suite ----

    /**
     * The pool every test of the suite shares, as an application's pool would be: virtual threads
     * where the JDK has them, else four platform threads.
     */
    static final ExecutorService POOL = Avaliar.propagating(newPool());

    private static ExecutorService newPool() {
        try {
            Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) virtual.invoke(null);
        } catch (ReflectiveOperationException beforeJdk21) {
            return Executors.newFixedThreadPool(4);
        }
    }

    /** What every test of the suite does: an innocent agent, or one of the faults. */
    static void act(int n) throws Exception {
        Fault fault = faultOf(n);
        if (fault == null) {
            innocent(n);
            return;
        }
        switch (fault) {
            case SPAN_LEFT_OPEN_ON_THE_TEST_THREAD -> {
                @SuppressWarnings({"resource", "unused"})
                OpenSpan forgotten = Avaliar.agent("forgotten-" + n).start();
            }
            case SCOPE_LEFT_OPEN -> {
                SpanContext remote = SpanContext.createFromRemoteParent(
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        "%016x".formatted(n),
                        TraceFlags.getSampled(),
                        TraceState.getDefault());
                @SuppressWarnings({"resource", "unused"})
                var scope = Context.current().with(Span.wrap(remote)).makeCurrent();
            }
            case SPAN_LEFT_OPEN_ON_A_POOL_THREAD ->
                POOL.submit(() -> Avaliar.tool("pooled-" + n).start()).get();
            // Long enough for the timeout's thread to start the span even on a loaded machine.
            case TIMED_OUT_WITH_A_SPAN_OPEN ->
                Assertions.assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
                    @SuppressWarnings({"resource", "unused"})
                    OpenSpan slow = Avaliar.agent("slow-" + n).start();
                    Thread.sleep(10_000);
                });
            case SPAN_CLOSED_TWICE -> {
                OpenSpan twice = Avaliar.tool("twice-" + n).start();
                twice.close();
                twice.close();
            }
            case EXCEPTION_IN_A_TRACED_CALLBACK ->
                Avaliar.tool("failing-" + n).call(() -> {
                    throw new IllegalStateException("the tool failed in test " + n);
                });
            case STREAM_NEVER_CLOSED -> {
                Stream<String> story = Avaliar.llm("story-" + n).model("gpt-4o").provider("openai").stream(
                        () -> Stream.of("once", " upon", " a time"));
                assertThat(story.iterator().next()).isEqualTo("once");
            }
        }
    }

    /** An agent with a tool on the shared pool and one here, then an llm call: what an innocent test traces and checks. */
    static void innocent(int n) throws Exception {
        String answer = Avaliar.agent("agent-" + n).call(() -> {
            Future<String> weather =
                    POOL.submit(() -> Avaliar.tool("weather-" + n).call(() -> "sunny"));
            String news = Avaliar.tool("news-" + n).call(() -> "calm");
            return Avaliar.llm("synthesize-" + n)
                    .model("gpt-4o")
                    .provider("openai")
                    .call(run -> {
                        run.usage(10, n);
                        return weather.get() + " and " + news;
                    });
        });
        assertThat(answer).isEqualTo("sunny and calm");
    }

    static void check(int n, CapturedTraces traces) {
        if (faultOf(n) != null) {
            return;
        }
        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasRoot("agent-" + n)
                .hasChild("weather-" + n)
                .hasChild("news-" + n)
                .hasChild("synthesize-" + n);
        assertThat(trace.spans()).hasSize(4);
    }

    /** A quarter of the suite; each class numbers its tests from its own offset. */
    @CaptureTraces
    abstract static class Quarter {
        abstract int offset();

        @RepeatedTest(PER_CLASS)
        void test(RepetitionInfo repetition, CapturedTraces traces) throws Exception {
            int n = offset() * PER_CLASS + repetition.getCurrentRepetition();
            act(n);
            check(n, traces);
        }
    }

    static class First extends Quarter {
        @Override
        int offset() {
            return 0;
        }
    }

    static class Second extends Quarter {
        @Override
        int offset() {
            return 1;
        }
    }

    static class Third extends Quarter {
        @Override
        int offset() {
            return 2;
        }
    }

    static class Fourth extends Quarter {
        @Override
        int offset() {
            return 3;
        }
    }
}
