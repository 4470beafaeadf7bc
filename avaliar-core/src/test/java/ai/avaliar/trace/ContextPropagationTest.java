package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Children started on other threads are children of the span current where the work was submitted. */
class ContextPropagationTest {

    @RegisterExtension
    final Capture capture = new Capture();

    private final ExecutorService plain = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() throws InterruptedException {
        plain.shutdownNow();
        plain.awaitTermination(5, TimeUnit.SECONDS);
    }

    private String tool(String name) {
        return Avaliar.tool(name).call(() -> name + " done");
    }

    private static String shapeOf(Trace trace) {
        return trace.renderShape();
    }

    @Test
    void a_propagating_executor_service_parents_tasks_under_the_submitting_span() throws Exception {
        ExecutorService pool = Avaliar.propagating(plain);
        Avaliar.agent("agent").call(() -> {
            Future<String> a = pool.submit(() -> tool("a"));
            Future<String> b = pool.submit(() -> tool("b"));
            return a.get() + b.get();
        });

        assertThat(capture.trace().root().children())
                .extracting(CapturedSpan::name)
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void a_propagating_executor_works_for_completable_future_async_stages() {
        var executor = Avaliar.propagating((java.util.concurrent.Executor) plain);
        Avaliar.agent("agent")
                .call(() ->
                        CompletableFuture.supplyAsync(() -> tool("a"), executor).join());

        assertThat(capture.trace().root().children())
                .extracting(CapturedSpan::name)
                .containsExactly("a");
    }

    @Test
    void wrapped_tasks_carry_the_context_they_were_wrapped_in() throws Exception {
        Avaliar.agent("agent").call(() -> {
            Runnable runnable = Avaliar.wrap(() -> {
                tool("runnable");
            });
            Callable<String> callable = Avaliar.wrap(() -> tool("callable"));
            plain.submit(runnable).get();
            plain.submit(callable).get();
            CompletableFuture.supplyAsync(Avaliar.wrapSupplier(() -> tool("supplier")))
                    .join();
            return null;
        });

        assertThat(capture.trace().root().children())
                .extracting(CapturedSpan::name)
                .containsExactly("runnable", "callable", "supplier");
    }

    @Test
    void completable_future_chains_keep_the_context_of_where_they_were_built() {
        Avaliar.agent("agent")
                .call(() -> CompletableFuture.supplyAsync(Avaliar.wrapSupplier(() -> tool("first")), plain)
                        .thenApplyAsync(Avaliar.wrapFunction(previous -> tool("second")), plain)
                        .thenAcceptAsync(Avaliar.wrapConsumer(previous -> tool("third")), plain)
                        .join());

        assertThat(shapeOf(capture.trace()))
                .isEqualTo(""
                        + "agent         (agent)\n"
                        + "  ├── first   (tool)\n"
                        + "  ├── second  (tool)\n"
                        + "  └── third   (tool)\n");
    }

    @Test
    void parallel_streams_propagate_through_a_wrapped_function() {
        Avaliar.agent("agent")
                .call(() -> IntStream.range(0, 8)
                        .boxed()
                        .parallel()
                        .map(Avaliar.wrapFunction(i -> tool("t" + i)))
                        .collect(Collectors.toList()));

        assertThat(capture.trace().root().children()).hasSize(8);
        assertThat(capture.exporter.traces()).hasSize(1);
    }

    @Test
    void without_propagation_the_context_is_lost_and_the_child_becomes_a_root_of_its_own() throws Exception {
        Avaliar.agent("agent").call(() -> plain.submit(() -> tool("lost")).get());

        List<Trace> traces = capture.exporter.traces();
        assertThat(traces).hasSize(2);
        assertThat(traces).extracting(t -> t.root().name()).containsExactlyInAnyOrder("agent", "lost");
        assertThat(traces).allSatisfy(t -> assertThat(t.isComplete()).isTrue());
        // The JUnit extension reports such a span as an orphan, with the fix: Avaliar.propagating(executor).
    }

    @Test
    void virtual_threads_propagate_through_a_propagating_executor() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; .ci/run runs this on JDK 25");
        ExecutorService virtualThreads = (ExecutorService)
                Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        ExecutorService pool = Avaliar.propagating(virtualThreads);
        try {
            Avaliar.agent("agent").call(() -> {
                List<Future<String>> running = IntStream.range(0, 100)
                        .mapToObj(i -> pool.submit(() -> tool("v" + i)))
                        .collect(Collectors.toList());
                for (Future<String> f : running) {
                    f.get();
                }
                return null;
            });
        } finally {
            pool.shutdown();
        }

        Trace trace = capture.trace();
        assertThat(trace.root().children()).hasSize(100);
        assertThat(trace.spans()).allSatisfy(span -> assertThat(span.traceId()).isEqualTo(trace.traceId()));
    }

    @Test
    void a_virtual_thread_started_with_a_wrapped_task_is_a_child() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; .ci/run runs this on JDK 25");
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        ThreadFactory factory = (ThreadFactory)
                Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        Avaliar.agent("agent").call(() -> {
            Thread thread = factory.newThread(Avaliar.wrap(() -> {
                tool("on_virtual_thread");
            }));
            thread.start();
            thread.join();
            return null;
        });

        assertThat(capture.trace().root().children())
                .extracting(CapturedSpan::name)
                .containsExactly("on_virtual_thread");
    }

    @Test
    void a_task_that_leaves_a_span_open_is_reported_and_leaves_its_pool_thread_clean() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor(task -> new Thread(task, "leaky-pool"));
        ExecutorService pool = Avaliar.propagating(single);
        try {
            Avaliar.agent("first")
                    .call(() ->
                            pool.submit(() -> Avaliar.tool("left_open").start()).get());
            // The same pool thread, not propagated this time: nothing of the first task may be current there.
            boolean clean = single.submit(() -> Avaliar.currentRun().isEmpty()
                            && !io.opentelemetry.api.trace.Span.current()
                                    .getSpanContext()
                                    .isValid())
                    .get();

            assertThat(clean).isTrue();
            assertThat(capture.misuses).singleElement().satisfies(misuse -> {
                assertThat(misuse.kind()).isEqualTo(Misuse.Kind.SPAN_LEFT_OPEN);
                assertThat(misuse.message())
                        .isEqualTo("span 'left_open' (tool) was still open and current on"
                                + " thread 'leaky-pool' when the task that started it returned; Avaliar took it off the thread"
                                + " so later tasks are not its children. Close every OpenSpan, best with try-with-resources:"
                                + " try (OpenSpan span = Avaliar.tool(\"...\").start()) { ... }.");
                // It belongs to the context the span was started in, so a test or request can be told.
                assertThat(io.opentelemetry.api.trace.Span.fromContext(misuse.context())
                                .getSpanContext()
                                .isValid())
                        .isTrue();
            });
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void wrapped_functions_put_the_thread_context_back_too() {
        java.util.function.Function<String, OpenSpan> leaky =
                Avaliar.wrapFunction(name -> Avaliar.tool(name).start());

        leaky.apply("left_open");

        assertThat(Avaliar.currentRun()).isEmpty();
        assertThat(capture.misuses).extracting(Misuse::kind).containsExactly(Misuse.Kind.SPAN_LEFT_OPEN);
    }
}
