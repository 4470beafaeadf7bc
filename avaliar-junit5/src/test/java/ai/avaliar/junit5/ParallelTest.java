package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class ParallelTest {

    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "8");

    @Test
    void two_hundred_parallel_tests_tracing_from_several_threads_each_see_exactly_their_own_spans() {
        EngineExecutionResults results = Kit.run(TwoHundred.class, PARALLEL);

        Kit.assertAllPassed(results, 200);
        // agent, 3 tools, 3 llm calls, and the side trace: 8 spans each, no more, no fewer
        assertThat(TwoHundred.spansByTest).hasSize(200);
        assertThat(java.util.Set.copyOf(TwoHundred.spansByTest.values())).containsExactly(8);
        assertThat(TwoHundred.threadsByTest.values())
                .as("threads each test traced on")
                .allMatch(threads -> threads > 1);
        assertThat(TwoHundred.mostAtOnce).as("tests that ran at the same time").hasValueGreaterThan(1);
    }

    // ---- fixture ----

    @CaptureTraces
    static class TwoHundred {
        static final Map<String, Integer> spansByTest = new ConcurrentHashMap<>();
        static final Map<String, Integer> threadsByTest = new ConcurrentHashMap<>();
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger mostAtOnce = new AtomicInteger();
        private static final ExecutorService POOL = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "tool-pool");
            thread.setDaemon(true);
            return thread;
        });

        @RepeatedTest(200)
        void traces_from_several_threads(RepetitionInfo repetition, CapturedTraces traces) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                int n = repetition.getCurrentRepetition();
                Executor pool = Avaliar.propagating(POOL);
                Map<String, Boolean> threads = new ConcurrentHashMap<>();
                threads.put(
                        Thread.currentThread().getName()
                                + Thread.currentThread().getId(),
                        true);
                Avaliar.agent("agent#" + n).run(() -> {
                    List<CompletableFuture<String>> tools = IntStream.range(0, 3)
                            .mapToObj(i -> CompletableFuture.supplyAsync(
                                    () -> Avaliar.tool("tool#" + n + "." + i).call(() -> {
                                        threads.put(
                                                Thread.currentThread().getName()
                                                        + Thread.currentThread().getId(),
                                                true);
                                        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                                        return Avaliar.llm("llm#" + n + "." + i).call(() -> "answer");
                                    }),
                                    pool))
                            .toList();
                    tools.forEach(CompletableFuture::join);
                });
                // A second trace, rooted on a pool thread.
                CompletableFuture.runAsync(() -> Avaliar.generic("side#" + n).run(() -> {}), pool)
                        .join();

                List<Trace> mine = traces.awaitTraces(2);
                assertThat(mine).extracting(t -> t.root().name()).containsExactly("agent#" + n, "side#" + n);
                Trace agent = mine.get(0);
                assertThat(agent.isComplete()).isTrue();
                assertThat(agent.root().children())
                        .extracting(CapturedSpan::name)
                        .containsExactlyInAnyOrder("tool#" + n + ".0", "tool#" + n + ".1", "tool#" + n + ".2");
                assertThat(agent.spans(SpanType.LLM))
                        .hasSize(3)
                        .allSatisfy(llm ->
                                assertThat(llm.parent().orElseThrow().name()).startsWith("tool#" + n + "."));
                List<CapturedSpan> spans = traces.spans();
                assertThat(spans)
                        .extracting(CapturedSpan::name)
                        .allSatisfy(name -> assertThat(name).matches(".*#" + n + "(\\..*)?"));
                assertThat(spans).extracting(CapturedSpan::testId).containsOnly(Optional.of(traces.testId()));
                spansByTest.put(traces.testId(), spans.size());
                threadsByTest.put(traces.testId(), threads.size());
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
