package ai.avaliar.junit5;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.avaliar.junit5.internal.Options;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.OpenSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A faulty test never harms another: what a test leaves open is taken off its thread and reported against it. */
class FaultIsolationTest {

    private static final String HEADER = "Avaliar strict mode: this test misused the tracing SDK (set"
            + " avaliar.strict=false to only log it):\n  - ";

    @Test
    void a_span_left_open_fails_its_own_test_naming_it_and_the_next_test_passes() {
        EngineExecutionResults results = Kit.run(LeakyTest.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(Kit.failure(results, "forgets_to_close_a_span"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(HEADER + "SPAN_LEFT_OPEN: span 'forgotten' (agent), started with start(...) at "
                        + LeakyTest.class.getName() + ".forgets_to_close_a_span(FaultIsolationTest.java:")
                .hasMessageContaining(" on thread '" + Thread.currentThread().getName() + "' was never closed: it was"
                        + " still open, and current on thread '"
                        + Thread.currentThread().getName() + "', when the"
                        + " test's code returned. Avaliar took it off the thread, so later tests are not its children."
                        + " Fix: close the OpenSpan, best with try-with-resources: try (OpenSpan span = ....start()) {"
                        + " ... }.");
    }

    @Test
    void outside_strict_mode_the_leaky_test_passes_and_so_does_the_next() {
        EngineExecutionResults results = Kit.run(LeakyTest.class, Map.of(Options.STRICT, "false"));

        Kit.assertAllPassed(results, 2);
    }

    @Test
    void spans_left_open_in_BeforeEach_fail_that_test_only() {
        EngineExecutionResults results = Kit.run(LeakyBeforeEach.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(Kit.failure(results, "first")).hasMessageContaining("SPAN_LEFT_OPEN: span 'set_up' (tool)");
    }

    @Test
    void a_span_started_in_BeforeEach_is_not_current_in_the_test_and_closing_it_in_AfterEach_is_a_nesting_misuse() {
        EngineExecutionResults results = Kit.run(SpanAcrossLifecycleMethods.class);

        assertThat(Kit.failure(results, "traces_a_tool"))
                .hasMessageContaining(
                        "NESTING: span 'around' was closed while" + " another context was current on this thread")
                .hasMessageNotContaining("SPAN_LEFT_OPEN");
    }

    @Test
    void a_span_left_open_in_BeforeAll_fails_that_class_and_not_the_next_one() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(LeakyBeforeAll.class), selectClass(Innocent.class))
                .execute();

        Throwable classFailure = results.containerEvents().failed().stream()
                .map(event -> event.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow())
                .findFirst()
                .orElseThrow();
        assertThat(classFailure)
                .hasMessageStartingWith("Avaliar strict mode: this method misused the tracing SDK")
                .hasMessageContaining("SPAN_LEFT_OPEN: span 'class_setup' (agent) was never closed: it was still open,"
                        + " and current on thread '")
                .hasMessageContaining("Fix: close the OpenSpan, best with try-with-resources");
        assertThat(results.testEvents().succeeded().list())
                .singleElement()
                .satisfies(event ->
                        assertThat(event.getTestDescriptor().getDisplayName()).isEqualTo("innocent(CapturedTraces)"));
    }

    @Test
    void a_span_left_open_on_a_pool_thread_fails_its_test_and_the_pool_thread_is_clean_for_the_next() {
        EngineExecutionResults results = Kit.run(PoolLeak.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(Kit.failure(results, "leaves_a_span_on_the_pool"))
                .hasMessageStartingWith(HEADER + "SPAN_LEFT_OPEN: span 'pooled' (tool) was still open and current on"
                        + " thread 'leaky-pool' when the task that started it returned; Avaliar took it off the thread"
                        + " so later tasks are not its children.")
                .hasMessageContaining("It was started at " + PoolLeak.class.getName());
    }

    @Test
    void an_OpenTelemetry_scope_left_open_fails_its_test() {
        EngineExecutionResults results = Kit.run(ScopeLeak.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(Kit.failure(results, "leaves_a_scope_open"))
                .hasMessageStartingWith(HEADER + "SCOPE_LEFT_OPEN: an OpenTelemetry Scope was left open on thread '")
                .hasMessageContaining("(span 00f067aa0ba902b7 current in it) when the test's code returned; close every"
                        + " Scope that makeCurrent() returns, best with try-with-resources.");
    }

    @Test
    void a_stream_never_closed_is_reported_after_the_await_timeout() {
        EngineExecutionResults results = Kit.run(StreamLeak.class, Map.of(Options.AWAIT_TIMEOUT, "100 ms"));

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(Kit.failure(results, "never_closes_a_stream"))
                .hasMessageStartingWith(HEADER + "SPAN_LEFT_OPEN: span 'story' (llm), started with stream(...) at "
                        + StreamLeak.class.getName())
                .hasMessageEndingWith(" was still open 100 ms after the test's code returned (avaliar.await.timeout)."
                        + " Fix: read the stream to its end or close it, best with try-with-resources on the Stream"
                        + " (or close the Iterator, if it is AutoCloseable).");
    }

    @Test
    void a_test_that_times_out_with_a_span_open_keeps_its_timeout_and_the_next_test_passes() {
        EngineExecutionResults results = Kit.run(TimesOut.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        Throwable failure = Kit.failure(results, "times_out");
        assertThat(failure).isInstanceOf(java.util.concurrent.TimeoutException.class);
        // JUnit adds the test's InterruptedException; Avaliar adds the span the timeout left open.
        assertThat(failure.getSuppressed())
                .anySatisfy(notes -> assertThat(notes).hasMessageContaining("SPAN_LEFT_OPEN: span 'slow' (agent)"));
    }

    @Test
    void a_dynamic_test_that_leaves_a_span_open_fails_alone() {
        EngineExecutionResults results = Kit.run(DynamicLeak.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        assertThat(Kit.failure(results, "leaks")).hasMessageContaining("SPAN_LEFT_OPEN: span 'dynamic' (tool)");
        // Reported once, against the dynamic test: its factory neither waits for it nor fails for it.
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
    }

    @Test
    void a_nested_class_test_that_leaves_a_span_open_fails_alone() {
        EngineExecutionResults results = Kit.run(WithNested.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        assertThat(Kit.failure(results, "leaks_in_a_nested_class"))
                .hasMessageContaining("SPAN_LEFT_OPEN: span 'nested' (tool)");
    }

    @Test
    void one_parameterized_invocation_that_leaves_a_span_open_fails_alone() {
        EngineExecutionResults results = Kit.run(ParameterizedLeak.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        assertThat(Kit.failure(results, "[2]")).hasMessageContaining("SPAN_LEFT_OPEN: span 'leak' (tool)");
    }

    @Test
    void a_test_timed_out_on_a_separate_thread_with_a_span_open_keeps_its_timeout_and_the_next_test_passes() {
        EngineExecutionResults results = Kit.run(TimesOutOnItsOwnThread.class, Map.of(Options.AWAIT_TIMEOUT, "300 ms"));

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        Throwable failure = Kit.failure(results, "times_out");
        assertThat(failure).isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(failure.getSuppressed())
                .anySatisfy(notes -> assertThat(notes).hasMessageContaining("SPAN_LEFT_OPEN: span 'slow' (agent)"));
    }

    @Test
    void a_span_left_open_by_a_class_without_the_extension_does_not_become_a_parent_in_the_next_class() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(LeakyWithoutExtension.class), selectClass(Innocent.class))
                .execute();

        Kit.assertAllPassed(results, 2);
    }

    // ---- fixtures ----

    /** What an innocent test does: trace a tool, and find exactly it in its own trace. */
    static void tracesItsOwnTool(String name, CapturedTraces traces) {
        Avaliar.tool(name).call(() -> "x");
        assertThatTrace(traces.single()).hasRoot(name);
    }

    /** The example of the issue: the first test leaks, the second must not suffer for it. */
    @CaptureTraces
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeakyTest {
        @Test
        @Order(1)
        @SuppressWarnings("resource")
        void forgets_to_close_a_span() {
            Avaliar.agent("forgotten").start();
        }

        @Test
        @Order(2)
        void innocent(CapturedTraces traces) {
            tracesItsOwnTool("innocent", traces);
        }
    }

    @CaptureTraces
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeakyBeforeEach {
        @BeforeEach
        @SuppressWarnings("resource")
        void setUp(TestInfo test) {
            if (test.getDisplayName().startsWith("first")) {
                Avaliar.tool("set_up").start();
            }
        }

        @Test
        @Order(1)
        void first() {}

        @Test
        @Order(2)
        void second(CapturedTraces traces) {
            tracesItsOwnTool("innocent", traces);
        }
    }

    @CaptureTraces
    static class SpanAcrossLifecycleMethods {
        private OpenSpan around;

        @BeforeEach
        void open() {
            around = Avaliar.agent("around").start();
        }

        @Test
        void traces_a_tool() {
            Avaliar.tool("tool").call(() -> "x");
        }

        @AfterEach
        void close() {
            around.close();
        }
    }

    @CaptureTraces
    static class LeakyBeforeAll {
        @BeforeAll
        @SuppressWarnings("resource")
        static void setUpClass() {
            Avaliar.agent("class_setup").start();
        }

        @Test
        void never_runs() {}
    }

    @CaptureTraces
    static class Innocent {
        @Test
        void innocent(CapturedTraces traces) {
            tracesItsOwnTool("innocent", traces);
        }
    }

    /** Not captured: what it leaves on the thread is for the next captured test to survive. */
    static class LeakyWithoutExtension {
        @Test
        @SuppressWarnings("resource")
        void leaks() {
            Avaliar.agent("uncaptured").start();
        }
    }

    @CaptureTraces
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PoolLeak {
        static final ExecutorService POOL =
                Avaliar.propagating(Executors.newSingleThreadExecutor(task -> new Thread(task, "leaky-pool")));

        @Test
        @Order(1)
        @SuppressWarnings("resource")
        void leaves_a_span_on_the_pool() throws Exception {
            POOL.submit(() -> Avaliar.tool("pooled").start()).get();
        }

        @Test
        @Order(2)
        void innocent_on_the_same_pool(CapturedTraces traces) throws Exception {
            try {
                Avaliar.agent("innocent").run(() -> {
                    try {
                        POOL.submit(() -> Avaliar.tool("child").call(() -> "x")).get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } finally {
                POOL.shutdown();
            }
            assertThatTrace(traces.single()).hasRoot("innocent").hasChild("child");
        }
    }

    @CaptureTraces
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ScopeLeak {
        @Test
        @Order(1)
        @SuppressWarnings("resource")
        void leaves_a_scope_open() {
            SpanContext remote = SpanContext.createFromRemoteParent(
                    "4bf92f3577b34da6a3ce929d0e0e4736",
                    "00f067aa0ba902b7",
                    TraceFlags.getSampled(),
                    TraceState.getDefault());
            Context.current().with(Span.wrap(remote)).makeCurrent();
        }

        @Test
        @Order(2)
        void innocent(CapturedTraces traces) {
            tracesItsOwnTool("innocent", traces);
        }
    }

    @CaptureTraces
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StreamLeak {
        @Test
        @Order(1)
        void never_closes_a_stream() {
            Stream<String> story = Avaliar.llm("story").model("gpt-4o").provider("openai").stream(
                    () -> Stream.of("once", " upon", " a time"));
            assertThat(story.iterator().next()).isEqualTo("once");
        }

        @Test
        @Order(2)
        void innocent(CapturedTraces traces) {
            tracesItsOwnTool("innocent", traces);
        }
    }

    @CaptureTraces
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TimesOut {
        @Test
        @Order(1)
        @Timeout(value = 100, unit = TimeUnit.MILLISECONDS)
        @SuppressWarnings("resource")
        void times_out() throws InterruptedException {
            Avaliar.agent("slow").start();
            new CountDownLatch(1).await();
        }

        @Test
        @Order(2)
        void innocent(CapturedTraces traces) {
            tracesItsOwnTool("innocent", traces);
        }
    }

    @CaptureTraces
    static class WithNested {
        @Test
        void innocent_outside(CapturedTraces traces) {
            tracesItsOwnTool("outside", traces);
        }

        @Nested
        @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
        class Inner {
            @Test
            @Order(1)
            @SuppressWarnings("resource")
            void leaks_in_a_nested_class() {
                Avaliar.tool("nested").start();
            }

            @Test
            @Order(2)
            void innocent_inside(CapturedTraces traces) {
                tracesItsOwnTool("inside", traces);
            }
        }
    }

    @CaptureTraces
    static class ParameterizedLeak {
        @ParameterizedTest(
                name = "[{index}] {0}") // JUnit 6 quotes a string {0}: tests look the invocation up by [index]
        @ValueSource(strings = {"innocent", "leak", "innocent_too"})
        @SuppressWarnings("resource")
        void runs(String name, CapturedTraces traces) {
            if (name.equals("leak")) {
                Avaliar.tool("leak").start();
                return;
            }
            tracesItsOwnTool(name, traces);
        }
    }

    @CaptureTraces
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TimesOutOnItsOwnThread {
        @Test
        @Order(1)
        @Timeout(value = 300, unit = TimeUnit.MILLISECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        @SuppressWarnings("resource")
        void times_out() throws InterruptedException {
            Avaliar.agent("slow").start();
            new CountDownLatch(1).await();
        }

        @Test
        @Order(2)
        void innocent(CapturedTraces traces) {
            tracesItsOwnTool("innocent", traces);
        }
    }

    @CaptureTraces
    static class DynamicLeak {
        @TestFactory
        @SuppressWarnings("resource")
        Stream<DynamicTest> tests(CapturedTraces traces) {
            return Stream.of(
                    DynamicTest.dynamicTest(
                            "leaks", () -> Avaliar.tool("dynamic").start()),
                    DynamicTest.dynamicTest("innocent", () -> {
                        tracesItsOwnTool("innocent", traces);
                    }),
                    DynamicTest.dynamicTest("innocent too", () -> {
                        tracesItsOwnTool("innocent_too", traces);
                    }));
        }
    }
}
