package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.Avaliar;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class OrphanTest {

    private static final String FIX =
            "context was lost: pass the task through Avaliar.propagating(executor)" + " or Avaliar.wrap(task).";
    private static final String CAUSES = "\nCommon causes: CompletableFuture's *Async methods without an executor and"
            + " parallel streams (both run on the common pool), and an Awaitility condition on a poll executor or thread"
            + " of your own (use pollInSameThread()).";

    @Test
    void strict_mode_fails_a_test_whose_span_lost_its_context_with_the_fix() {
        EngineExecutionResults results = Kit.run(LostChild.class);

        assertThat(Kit.failure(results, "tool_on_a_plain_pool"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Avaliar strict mode: this test lost the context of its spans (set avaliar.strict=false"
                        + " to only log it):\n  - span 'fetch_weather' (tool) started on thread 'orphan-worker' with"
                        + " no parent, so it belongs to no test; " + FIX + CAUSES);
    }

    @Test
    void reading_a_trace_that_is_not_there_names_the_orphans_and_the_fix() {
        EngineExecutionResults results = Kit.run(OnlyOrphans.class, Map.of("avaliar.strict", "false"));

        assertThat(Kit.failure(results, "traces_only_on_a_plain_pool"))
                .hasMessage("Expected exactly one trace, but this test captured no spans.\nWhile this test ran, 1 span"
                        + " started that belongs to no test:\n  - 'fetch_weather' (tool) started on thread"
                        + " 'orphan-worker' with no parent\nFor this span the " + FIX + CAUSES);
    }

    @Test
    void several_orphans_are_listed_in_the_plural() {
        EngineExecutionResults results = Kit.run(TwoOrphans.class, Map.of("avaliar.strict", "false"));

        assertThat(Kit.failure(results, "two_tools_on_a_plain_pool"))
                .hasMessage("Expected exactly one trace, but this test captured no spans.\nWhile this test ran, 2 spans"
                        + " started that belong to no test:\n  - 'fetch_weather' (tool) started on thread"
                        + " 'orphan-worker' with no parent\n  - 'fetch_news' (tool) started on thread 'orphan-worker'"
                        + " with no parent\nFor these spans the " + FIX + CAUSES);
    }

    @Test
    void with_strict_off_orphans_are_reported_but_fail_nothing() {
        EngineExecutionResults results = Kit.run(LostChild.class, Map.of("avaliar.strict", "false"));

        Kit.assertAllPassed(results, 1);
        assertThat(Kit.reportEntries(results, "avaliar.orphans"))
                .containsExactly("While this test ran, 1 span started"
                        + " that belongs to no test:\n  - 'fetch_weather' (tool) started on thread 'orphan-worker' with no"
                        + " parent\nFor this span the " + FIX + CAUSES);
    }

    @Test
    void an_orphan_of_a_dynamic_test_fails_that_dynamic_test_and_not_its_factory() {
        EngineExecutionResults results = Kit.run(OrphanInADynamicTest.class);

        results.allEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(Kit.failure(results, "loses_the_context"))
                .hasMessage("Avaliar strict mode: this test lost the context of its spans (set avaliar.strict=false"
                        + " to only log it):\n  - span 'fetch_weather' (tool) started on thread 'orphan-worker' with"
                        + " no parent, so it belongs to no test; " + FIX + CAUSES);
    }

    @Test
    void a_failing_test_carries_its_orphans_as_suppressed() {
        EngineExecutionResults results = Kit.run(OnlyOrphans.class);

        Throwable failure = Kit.failure(results, "traces_only_on_a_plain_pool");
        assertThat(failure).hasMessageStartingWith("Expected exactly one trace");
        assertThat(failure.getSuppressed())
                .singleElement()
                .satisfies(s -> assertThat(s)
                        .hasMessageStartingWith("Avaliar strict mode: this test lost the context of its spans"));
    }

    @Test
    void under_parallel_execution_an_orphan_is_reported_to_every_running_test_but_fails_none() {
        EngineExecutionResults results = Kit.run(
                TwoAtOnce.class,
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));

        Kit.assertAllPassed(results, 2);
        assertThat(Kit.reportEntries(results, "avaliar.orphans"))
                .hasSize(2)
                .allSatisfy(entry -> assertThat(entry)
                        .contains("  - 'lost' (tool) started on thread 'orphan-worker' with no parent (another test was"
                                + " running too, so it may be that test's)"));
    }

    // ---- fixtures ----

    @CaptureTraces
    static class TwoAtOnce {
        static final java.util.concurrent.CyclicBarrier bothRunning = new java.util.concurrent.CyclicBarrier(2);
        static final java.util.concurrent.CyclicBarrier orphanMade = new java.util.concurrent.CyclicBarrier(2);

        @Test
        void makes_an_orphan() throws Exception {
            bothRunning.await(5, java.util.concurrent.TimeUnit.SECONDS);
            Thread worker = new Thread(() -> Avaliar.tool("lost").run(() -> {}), "orphan-worker");
            worker.start();
            worker.join();
            orphanMade.await(5, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Test
        void runs_meanwhile() throws Exception {
            bothRunning.await(5, java.util.concurrent.TimeUnit.SECONDS);
            orphanMade.await(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @CaptureTraces
    static class LostChild {
        private final ExecutorService plain = Executors.newSingleThreadExecutor(r -> new Thread(r, "orphan-worker"));

        @AfterEach
        void stop() {
            plain.shutdownNow();
        }

        @Test
        void tool_on_a_plain_pool(CapturedTraces traces) {
            Avaliar.agent("briefing")
                    .run(() -> CompletableFuture.supplyAsync(
                                    () -> Avaliar.tool("fetch_weather").call(() -> "sunny"), plain)
                            .join());

            assertThat(traces.single().root().children()).isEmpty();
        }
    }

    @CaptureTraces
    static class TwoOrphans {
        private final ExecutorService plain = Executors.newSingleThreadExecutor(r -> new Thread(r, "orphan-worker"));

        @AfterEach
        void stop() {
            plain.shutdownNow();
        }

        @Test
        void two_tools_on_a_plain_pool(CapturedTraces traces) {
            CompletableFuture.runAsync(() -> Avaliar.tool("fetch_weather").run(() -> {}), plain)
                    .join();
            CompletableFuture.runAsync(() -> Avaliar.tool("fetch_news").run(() -> {}), plain)
                    .join();

            traces.single();
        }
    }

    @CaptureTraces
    static class OrphanInADynamicTest {
        @org.junit.jupiter.api.TestFactory
        java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> factory() {
            return java.util.stream.Stream.of(org.junit.jupiter.api.DynamicTest.dynamicTest("loses_the_context", () -> {
                Thread worker = new Thread(() -> Avaliar.tool("fetch_weather").run(() -> {}), "orphan-worker");
                worker.start();
                worker.join();
            }));
        }
    }

    @CaptureTraces
    static class OnlyOrphans {
        private final ExecutorService plain = Executors.newSingleThreadExecutor(r -> new Thread(r, "orphan-worker"));

        @AfterEach
        void stop() {
            plain.shutdownNow();
        }

        @Test
        void traces_only_on_a_plain_pool(CapturedTraces traces) {
            CompletableFuture.supplyAsync(() -> Avaliar.tool("fetch_weather").call(() -> "sunny"), plain)
                    .join();

            traces.single();
        }
    }
}
