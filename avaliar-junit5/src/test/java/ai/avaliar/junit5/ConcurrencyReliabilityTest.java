package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A thousand traces made at once by 20 tests running in parallel, each test rooting 50 traces on
 * a shared pool of 64 platform threads (or on virtual threads) with children on further threads:
 * every span is captured by the test that made it, in the right trace, and none is lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrencyReliabilityTest {

    static final int TESTS = 20;
    static final int TRACES_PER_TEST = 50;
    /** Per trace: the agent, a tool with its llm call, and a step on a helper thread. */
    static final int SPANS_PER_TRACE = 4;

    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "8");

    private final List<ExecutorService> pools = new ArrayList<>();

    @BeforeEach
    void freshFixture() {
        Fixture.reset();
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS))
                    .as("pool stopped")
                    .isTrue();
        }
    }

    @Test
    void a_thousand_traces_from_64_platform_threads_each_land_in_the_test_that_made_them() {
        Fixture.roots = pool(Executors.newFixedThreadPool(64, daemon("root")));
        Fixture.helpers = pool(Executors.newFixedThreadPool(16, daemon("helper")));

        EngineExecutionResults results = Kit.run(Fixture.class, PARALLEL);

        Kit.assertAllPassed(results, TESTS);
        assertNoneLostNoneShared();
    }

    @Test
    void a_thousand_traces_on_virtual_threads_each_land_in_the_test_that_made_them() {
        assumeTrue(
                Runtime.version().feature() >= 21, "virtual threads need JDK 21+; .ci/run runs this class on JDK 25");
        Fixture.roots = pool(virtualThreadPerTaskExecutor());
        Fixture.helpers = pool(virtualThreadPerTaskExecutor());

        EngineExecutionResults results = Kit.run(Fixture.class, PARALLEL);

        Kit.assertAllPassed(results, TESTS);
        assertNoneLostNoneShared();
    }

    @Test
    void without_propagation_every_test_sees_its_traces_missing() {
        // The fixture's checks can fail: pool threads that do not carry the test's context make orphans.
        Fixture.roots = pool(Executors.newFixedThreadPool(64, daemon("root")));
        Fixture.helpers = pool(Executors.newFixedThreadPool(16, daemon("helper")));
        Fixture.propagate = false;

        EngineExecutionResults results = Kit.run(Fixture.class, PARALLEL);

        results.testEvents().assertStatistics(stats -> stats.started(TESTS).failed(TESTS));
        assertThat(Fixture.spans).hasValue(0);
    }

    private static void assertNoneLostNoneShared() {
        assertThat(Fixture.testIds).as("one test id per test").hasSize(TESTS);
        assertThat(Set.copyOf(Fixture.testIds.values())).hasSize(TESTS);
        assertThat(Fixture.traceIds)
                .as("distinct traces captured across the run")
                .hasSize(TESTS * TRACES_PER_TEST);
        assertThat(Fixture.spans)
                .as("spans captured across the run")
                .hasValue(TESTS * TRACES_PER_TEST * SPANS_PER_TRACE);
        assertThat(Fixture.mostAtOnce).as("tests that ran at the same time").hasValueGreaterThan(1);
    }

    private ExecutorService pool(ExecutorService pool) {
        pools.add(pool);
        return pool;
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up at run time: the build targets Java 17. */
    static ExecutorService virtualThreadPerTaskExecutor() {
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(
                            Executors.class,
                            "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("virtual threads need JDK 21+", e);
        }
    }

    // ---- fixture ----

    @CaptureTraces
    static class Fixture {
        static volatile ExecutorService roots;
        static volatile ExecutorService helpers;
        static volatile boolean propagate;
        static final Map<Integer, String> testIds = new ConcurrentHashMap<>();
        static final Set<String> traceIds = ConcurrentHashMap.newKeySet();
        static final AtomicInteger spans = new AtomicInteger();
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger mostAtOnce = new AtomicInteger();

        static void reset() {
            propagate = true;
            testIds.clear();
            traceIds.clear();
            spans.set(0);
            running.set(0);
            mostAtOnce.set(0);
        }

        @RepeatedTest(TESTS)
        void fifty_traces_from_many_threads(RepetitionInfo repetition, CapturedTraces traces) throws Exception {
            assumeTrue(
                    roots != null && helpers != null, "a fixture: ConcurrencyReliabilityTest runs it with its pools");
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                int n = repetition.getCurrentRepetition();
                ExecutorService rootPool = propagate ? Avaliar.propagating(roots) : roots;
                ExecutorService helperPool = propagate ? Avaliar.propagating(helpers) : helpers;
                List<Future<String>> done = new ArrayList<>();
                for (int t = 0; t < TRACES_PER_TEST; t++) {
                    String name = "test" + n + ".trace" + t;
                    long tokens = n * 1000L + t;
                    done.add(rootPool.submit(() -> Avaliar.agent(name).call(() -> {
                        String answer = Avaliar.tool(name + ".tool").call(() -> {
                            LockSupport.parkNanos(100_000); // let other tests' traces interleave
                            return Avaliar.llm(name + ".llm").call(run -> {
                                run.usage(tokens, 1);
                                return "answer";
                            });
                        });
                        Future<String> side = helperPool.submit(
                                () -> Avaliar.generic(name + ".side").call(() -> "side"));
                        return answer + "+" + side.get(30, TimeUnit.SECONDS);
                    })));
                }
                for (Future<String> trace : done) {
                    assertThat(trace.get(30, TimeUnit.SECONDS)).isEqualTo("answer+side");
                }

                List<Trace> mine = traces.traces();
                assertThat(mine)
                        .extracting(trace -> trace.root().name())
                        .as("this test's traces, each once")
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, TRACES_PER_TEST)
                                .mapToObj(t -> "test" + n + ".trace" + t)
                                .collect(Collectors.toList()));
                for (Trace trace : mine) {
                    String name = trace.root().name();
                    long tokens =
                            n * 1000L + Long.parseLong(name.substring(name.indexOf(".trace") + ".trace".length()));
                    assertThat(trace.isComplete()).as("%s has one root", name).isTrue();
                    assertThat(trace.spans())
                            .as("spans of %s", name)
                            .hasSize(SPANS_PER_TRACE)
                            .allSatisfy(span -> {
                                assertThat(span.traceId()).isEqualTo(trace.traceId());
                                assertThat(span.testId()).isEqualTo(Optional.of(traces.testId()));
                            });
                    assertThat(trace.root().children())
                            .extracting(CapturedSpan::name)
                            .containsExactlyInAnyOrder(name + ".tool", name + ".side");
                    assertThat(trace.span(name + "/" + name + ".tool/" + name + ".llm")
                                    .orElseThrow()
                                    .inputTokens())
                            .hasValue(tokens);
                }
                testIds.put(n, traces.testId());
                mine.forEach(trace -> traceIds.add(trace.traceId()));
                spans.addAndGet(traces.spans().size());
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
