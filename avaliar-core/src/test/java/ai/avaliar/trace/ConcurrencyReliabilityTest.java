package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand traces made at once, from 64 platform threads and from virtual threads, each with
 * children on other threads: every span ends up in its own trace, under its own parent, and none
 * is lost. Core alone, with the in-memory exporter; the JUnit extension's side is in
 * avaliar-junit5's {@code ConcurrencyReliabilityTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrencyReliabilityTest {

    static final int TRACES = 1_000;
    /** Per trace: the agent, a tool with its llm call, two tools on helper threads, one async step. */
    static final int SPANS_PER_TRACE = 6;

    @RegisterExtension
    final Capture capture = new Capture();

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stopPools() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS))
                    .as("pool stopped")
                    .isTrue();
        }
    }

    private ExecutorService pool(ExecutorService pool) {
        pools.add(pool);
        return pool;
    }

    @Test
    void a_thousand_traces_from_64_platform_threads_keep_every_span_in_its_own_trace() throws Exception {
        ExecutorService roots = pool(Executors.newFixedThreadPool(64, named("root")));
        ExecutorService helpers = pool(Executors.newFixedThreadPool(16, named("helper")));

        int mostAtOnce = traceConcurrently(roots, Avaliar.propagating(helpers));

        assertEveryTraceWhole(capture.exporter.traces());
        assertThat(mostAtOnce).as("traces open at the same moment").isGreaterThan(1);
    }

    @Test
    void a_thousand_traces_on_virtual_threads_keep_every_span_in_its_own_trace() throws Exception {
        assumeTrue(
                Runtime.version().feature() >= 21, "virtual threads need JDK 21+; .ci/run runs this class on JDK 25");
        ExecutorService roots = pool(virtualThreadPerTaskExecutor());
        ExecutorService helpers = pool(virtualThreadPerTaskExecutor());

        int mostAtOnce = traceConcurrently(roots, Avaliar.propagating(helpers));

        assertEveryTraceWhole(capture.exporter.traces());
        assertThat(mostAtOnce).as("traces open at the same moment").isGreaterThan(1);
    }

    @Test
    void without_propagation_the_check_sees_children_leave_their_trace() throws Exception {
        // The assertion above can fail: helpers that do not carry the context make roots of their own.
        ExecutorService roots = pool(Executors.newFixedThreadPool(8, named("root")));
        ExecutorService helpers = pool(Executors.newFixedThreadPool(4, named("helper")));

        traceConcurrently(roots, helpers, 20);

        List<Trace> traces = capture.exporter.traces();
        assertThat(traces).hasSize(20 * 3); // each agent, and its two helper tools, alone
        assertThat(capture.exporter.spans()).hasSize(20 * SPANS_PER_TRACE);
    }

    // ---- the workload ----

    private int traceConcurrently(ExecutorService roots, ExecutorService helpers) throws Exception {
        return traceConcurrently(roots, helpers, TRACES);
    }

    /**
     * Starts {@code count} traces together (released by one latch), each rooted on a thread of
     * {@code roots} with no parent; returns how many were open at once at most.
     */
    private int traceConcurrently(ExecutorService roots, ExecutorService helpers, int count) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Future<String>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            done.add(roots.submit(() -> {
                go.await();
                return Avaliar.agent("t" + n).input("n", n).call(() -> {
                    mostAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                    try {
                        return work(n, helpers);
                    } finally {
                        open.decrementAndGet();
                    }
                });
            }));
        }
        go.countDown();
        for (int i = 0; i < count; i++) {
            assertThat(done.get(i).get(30, TimeUnit.SECONDS))
                    .as("what trace %d returned", i)
                    .isEqualTo("t" + i + ":done");
        }
        // Spans end in the exporter before call(...) returns; nothing to wait for, but be exact.
        capture.awaitSpans(count * SPANS_PER_TRACE);
        assertThat(capture.exporter.spans())
                .as("spans exported, no more, no fewer")
                .hasSize(count * SPANS_PER_TRACE);
        return mostAtOnce.get();
    }

    private static String work(int n, ExecutorService helpers) throws Exception {
        String looked = Avaliar.tool("t" + n + ".lookup").call(() -> {
            LockSupport.parkNanos(50_000); // let other traces interleave
            return Avaliar.llm("t" + n + ".lookup.llm").model("gpt-4o").call(run -> {
                run.usage(n, 1);
                return "answer" + n;
            });
        });
        Future<String> left =
                helpers.submit(() -> Avaliar.tool("t" + n + ".left").call(() -> "L" + n));
        Future<String> right =
                helpers.submit(() -> Avaliar.tool("t" + n + ".right").call(() -> "R" + n));
        String async = Avaliar.generic("t" + n + ".async")
                .callAsync(() -> CompletableFuture.supplyAsync(() -> "A" + n, helpers))
                .get(30, TimeUnit.SECONDS);
        assertThat(List.of(looked, left.get(30, TimeUnit.SECONDS), right.get(30, TimeUnit.SECONDS), async))
                .containsExactly("answer" + n, "L" + n, "R" + n, "A" + n);
        return "t" + n + ":done";
    }

    /** Every trace is one agent with exactly its own five descendants, in the right places. */
    static void assertEveryTraceWhole(List<Trace> traces) {
        assertThat(traces).as("one trace per agent").hasSize(TRACES);
        Set<String> roots = new TreeSet<>();
        for (Trace trace : traces) {
            String n = trace.root().name();
            roots.add(n);
            assertThat(trace.isComplete()).as("trace %s has one root", n).isTrue();
            assertThat(trace.spans())
                    .as("spans of trace %s", n)
                    .hasSize(SPANS_PER_TRACE)
                    .allSatisfy(span -> assertThat(span.traceId()).isEqualTo(trace.traceId()));
            assertThat(trace.root().inputs())
                    .as("inputs of %s", n)
                    .isEqualTo(Map.of("n", Integer.parseInt(n.substring(1))));
            assertThat(trace.root().output()).isEqualTo(n + ":done");
            assertThat(trace.root().children())
                    .extracting(CapturedSpan::name)
                    .as("children of %s", n)
                    .containsExactlyInAnyOrder(n + ".lookup", n + ".left", n + ".right", n + ".async");
            CapturedSpan llm = trace.span(n + "/" + n + ".lookup/" + n + ".lookup.llm")
                    .orElseThrow(
                            () -> new AssertionError("no llm call under " + n + ".lookup:\n" + trace.renderShape()));
            assertThat(llm.inputTokens())
                    .as("tokens recorded on the llm span of %s", n)
                    .hasValue(Long.parseLong(n.substring(1)));
            assertThat(trace.span(n + "/" + n + ".left").orElseThrow().output()).isEqualTo("L" + n.substring(1));
            assertThat(trace.span(n + "/" + n + ".async").orElseThrow().output())
                    .isEqualTo("A" + n.substring(1));
        }
        assertThat(roots)
                .as("every agent's trace, once")
                .hasSize(TRACES)
                .isEqualTo(java.util.stream.IntStream.range(0, TRACES)
                        .mapToObj(i -> "t" + i)
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    // ---- threads ----

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up at run time: the build targets
     * Java 17, where it does not exist.
     */
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
}
