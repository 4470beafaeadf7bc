package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.junit5.internal.Options;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.OpenSpan;
import ai.avaliar.trace.data.Trace;
import ai.avaliar.trace.internal.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class AwaitTest {

    private static final String STILL_OPEN = " still open:\n  - 'never_ends' (tool) started on thread 'stuck-worker'\n"
            + "End every span (close an OpenSpan, complete the stage given to callAsync, exhaust or close a traced"
            + " stream), or raise avaliar.await.timeout.";

    @Test
    void reads_wait_for_spans_that_end_on_another_thread_after_the_test_body() {
        EngineExecutionResults results = Kit.run(Async.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void a_span_that_never_ends_fails_the_read_naming_it_with_the_stack_at_the_test() {
        EngineExecutionResults results = Kit.run(NeverEnds.class, Map.of("avaliar.await.timeout", "200 ms"));

        Throwable failure = Kit.failure(results, "waits_for_a_span_that_never_ends");
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessage("Timed out after 200 ms waiting for the spans of this test to end;" + STILL_OPEN);
        assertThat(failure.getStackTrace()).anySatisfy(frame -> {
            assertThat(frame.getClassName()).isEqualTo(NeverEnds.class.getName());
            assertThat(frame.getMethodName()).isEqualTo("waits_for_a_span_that_never_ends");
        });
    }

    @Test
    void a_Trace_parameter_of_AfterEach_fails_naming_the_open_span() {
        EngineExecutionResults results = Kit.run(NeverEndsAfterEach.class);

        assertThat(Kit.failure(results, "leaves_a_span_open"))
                .isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
                .hasMessage("Cannot resolve parameter [Trace trace] of check(...): Timed out after 150 ms waiting for"
                        + " the spans of this test to end;" + STILL_OPEN);
    }

    @Test
    void within_bounds_one_read() {
        EngineExecutionResults results = Kit.run(Within.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void a_wrong_timeout_is_a_configuration_error() {
        EngineExecutionResults results = Kit.run(Async.class, Map.of("avaliar.await.timeout", "soon"));

        assertThat(Kit.failure(results, "ends_later"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("avaliar.await.timeout = 'soon' is not a positive duration; write it as '5 s', '500 ms',"
                        + " '1 m' or 'PT2.5S'");
    }

    @Test
    void timeouts_read_like_junit_ones() {
        assertThat(Options.duration("k", "5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Options.duration("k", "5 s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Options.duration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Options.duration("k", "2 m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.duration("k", "PT2.5S")).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> Options.duration("k", "0 s")).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(Durations.format(Duration.ofMillis(2500))).isEqualTo("2500 ms");
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5 s");
    }

    // ---- fixtures ----

    @CaptureTraces
    static class Async {
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

        @AfterEach
        void stop() {
            scheduler.shutdownNow();
        }

        @Test
        void ends_later(CapturedTraces traces) {
            CompletableFuture<String> later = new CompletableFuture<>();
            CompletableFuture<String> answer =
                    Avaliar.tool("slow_tool").callAsync(() -> later).toCompletableFuture();
            scheduler.schedule(() -> later.complete("done"), 150, TimeUnit.MILLISECONDS);

            Trace trace = traces.single();
            assertThat(answer).isCompletedWithValue("done");
            assertThat(trace.root().name()).isEqualTo("slow_tool");
            assertThat(trace.root().duration()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        }
    }

    /** Starts a span on a thread named stuck-worker that never closes it. */
    static void startSpanThatNeverEnds() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Thread worker = new Thread(
                Avaliar.wrap(() -> {
                    @SuppressWarnings({"resource", "unused"})
                    OpenSpan span = Avaliar.tool("never_ends").start();
                    started.countDown();
                }),
                "stuck-worker");
        worker.start();
        started.await();
        worker.join();
    }

    @CaptureTraces
    static class NeverEnds {
        @Test
        void waits_for_a_span_that_never_ends(CapturedTraces traces) throws InterruptedException {
            startSpanThatNeverEnds();
            traces.single();
        }
    }

    static class NeverEndsAfterEach {
        @RegisterExtension
        static final AvaliarExtension avaliar =
                AvaliarExtension.builder().awaitTimeout(Duration.ofMillis(150)).build();

        @Test
        void leaves_a_span_open() throws InterruptedException {
            startSpanThatNeverEnds();
        }

        @AfterEach
        void check(Trace trace) {}
    }

    /** Leaves a span open on purpose, to time the read: not strict, so the open span does not fail it. */
    static class Within {
        @RegisterExtension
        static final AvaliarExtension avaliar = AvaliarExtension.builder()
                .strict(false)
                .awaitTimeout(Duration.ofMillis(100))
                .build();

        @Test
        void one_slow_read(CapturedTraces traces) throws InterruptedException {
            startSpanThatNeverEnds();
            long start = System.nanoTime();
            assertThatThrownBy(() -> traces.within(Duration.ofMillis(50)).traces())
                    .hasMessageStartingWith("Timed out after 50 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
