package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class CaptureTest {

    @Test
    void a_passing_test_reads_its_own_trace() {
        EngineExecutionResults results = Kit.run(Passing.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void a_failing_test_fails_with_its_own_message() {
        EngineExecutionResults results = Kit.run(Failing.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(0).failed(1));
        Throwable failure = Kit.failure(results, "expects_another_root");
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("root was morning_briefing");
        assertThat(failure.getSuppressed()).isEmpty();
    }

    @Test
    void each_test_sees_only_its_own_spans() {
        EngineExecutionResults results = Kit.run(TwoTests.class);

        Kit.assertAllPassed(results, 2);
    }

    @Test
    void spans_on_threads_the_context_was_carried_to_belong_to_the_test() {
        EngineExecutionResults results = Kit.run(OtherThreads.class);

        Kit.assertAllPassed(results, 2);
    }

    @Test
    void single_fails_when_the_test_traced_nothing() {
        EngineExecutionResults results = Kit.run(NothingTraced.class);

        assertThat(Kit.failure(results, "traces_nothing"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected exactly one trace, but this test captured no spans.");
    }

    @Test
    void single_fails_showing_every_trace_when_there_are_several() {
        EngineExecutionResults results = Kit.run(TwoTraces.class);

        assertThat(Kit.failure(results, "traces_twice"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected exactly one trace, but this test captured 2 traces:\n\nfirst  (tool)")
                .hasMessageContaining("\n\nsecond  (tool)")
                .hasMessageEndingWith("\nPick one with byRootName(name), or read them all with traces().");
    }

    @Test
    void byRootName_waits_for_a_trace_the_test_started_in_the_background() {
        EngineExecutionResults results = Kit.run(Background.class);

        Kit.assertAllPassed(results, 2);
    }

    @Test
    void a_missing_root_name_fails_naming_what_was_captured() {
        EngineExecutionResults results =
                Kit.run(MissingRoot.class, java.util.Map.of("avaliar.await.timeout", "200 ms"));

        assertThat(Kit.failure(results, "looks_for_a_missing_root"))
                .hasMessageStartingWith("Timed out after 200 ms waiting for a trace whose root is 'summarize';"
                        + " this test captured 1 trace:\n\nplan  (agent)");
    }

    @Test
    void a_Trace_parameter_holds_the_test_trace_in_AfterEach_and_the_BeforeEach_trace_in_the_test() {
        EngineExecutionResults results = Kit.run(TraceParameters.class);

        Kit.assertAllPassed(results, 1);
        assertThat(TraceParameters.seenInAfterEach).containsExactly("arrange", "act");
    }

    @Test
    void a_Trace_parameter_of_AfterEach_holds_what_the_test_traced() {
        EngineExecutionResults results = Kit.run(TraceInAfterEach.class);

        Kit.assertAllPassed(results, 1);
        assertThat(TraceInAfterEach.checked).containsExactly("act");
    }

    @Test
    void a_Trace_parameter_of_AfterEach_fails_showing_the_traces_when_there_are_several() {
        EngineExecutionResults results = Kit.run(TwoTracesInAfterEach.class);

        assertThat(Kit.failure(results, "traces_twice"))
                .isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
                .hasMessageStartingWith("Cannot resolve parameter [Trace trace] of check(...): expected exactly one"
                        + " trace, but this test captured 2 traces:\n\nfirst  (tool)")
                .hasMessageEndingWith("\nTake CapturedTraces instead and pick one with byRootName(name).");
    }

    @Test
    void a_Trace_parameter_of_a_test_fails_loudly_when_nothing_was_traced_before_it() {
        EngineExecutionResults results = Kit.run(TraceTooEarly.class);

        assertThat(Kit.failure(results, "wants_the_trace_it_makes"))
                .isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
                .hasMessage("Cannot resolve parameter [Trace trace] of wants_the_trace_it_makes(...): expected exactly"
                        + " one trace, but this test captured no spans.\nA Trace parameter of a test method is resolved"
                        + " before the method runs, so it holds only what @BeforeEach methods traced. To check what the"
                        + " test method traces, take CapturedTraces and call traces.single() after running the code, or"
                        + " take the Trace in an @AfterEach method.");
    }

    @Test
    void captured_traces_cannot_be_injected_into_a_constructor() {
        EngineExecutionResults results = Kit.run(ConstructorInjection.class);

        assertThat(Kit.failure(results, "test"))
                .isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
                .hasMessage("CapturedTraces belongs to one test: declare it as a parameter of a @Test, @BeforeEach or"
                        + " @AfterEach method, not of parameter [CapturedTraces traces] of the constructor.");
    }

    @Test
    void spans_of_BeforeAll_belong_to_no_test_and_are_no_orphans() {
        EngineExecutionResults results = Kit.run(BeforeAllSpans.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void a_child_whose_context_lost_the_test_but_kept_the_parent_span_belongs_to_the_test() {
        EngineExecutionResults results = Kit.run(ParentSpanOnly.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void each_dynamic_test_sees_its_own_traces_and_the_factory_sees_them_all() {
        EngineExecutionResults results = Kit.run(Dynamic.class);

        Kit.assertAllPassed(results, 2);
        assertThat(Dynamic.testIds).hasSize(2).allSatisfy(id -> assertThat(id).contains("[dynamic-test:#"));
        assertThat(Dynamic.seenByFactory).containsExactly("dynamic_one", "dynamic_two");
    }

    @Test
    void a_span_that_outlives_its_dynamic_test_still_ends_in_the_factory_view() {
        EngineExecutionResults results = Kit.run(DynamicOutlived.class);

        Kit.assertAllPassed(results, 1);
        assertThat(DynamicOutlived.seenByFactory).containsExactly("outlives");
    }

    @Test
    void spans_made_inside_assertTimeoutPreemptively_belong_to_the_test() {
        EngineExecutionResults results = Kit.run(Preemptive.class);

        Kit.assertAllPassed(results, 1);
        assertThat(Preemptive.thread).hasValueMatching(name -> name.startsWith("junit-timeout-thread-"));
    }

    @Test
    void a_span_opened_around_assertTimeoutPreemptively_is_not_the_parent_of_the_spans_inside() {
        EngineExecutionResults results = Kit.run(AroundPreemptive.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void spans_made_inside_a_named_awaitility_condition_belong_to_the_test() {
        EngineExecutionResults results = Kit.run(NamedAwaitilityCondition.class);

        Kit.assertAllPassed(results, 1);
        assertThat(NamedAwaitilityCondition.thread).hasValue("awaitility[status]");
    }

    @Test
    void spans_made_inside_an_awaitility_condition_on_its_own_thread_belong_to_the_test() {
        EngineExecutionResults results = Kit.run(AwaitilityCondition.class);

        Kit.assertAllPassed(results, 1);
        assertThat(AwaitilityCondition.thread).hasValue("awaitility-thread");
    }

    @Test
    void a_test_under_a_Timeout_on_a_separate_thread_captures_its_spans() {
        EngineExecutionResults results = Kit.run(SeparateThreadTimeout.class);

        Kit.assertAllPassed(results, 1);
        assertThat(SeparateThreadTimeout.thread).hasValueMatching(name -> name.startsWith("junit-timeout-thread-"));
    }

    @Test
    void when_code_under_test_reconfigures_Avaliar_a_test_that_captured_nothing_says_so() {
        EngineExecutionResults results = Kit.run(Reconfiguring.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        String replaced = "Expected exactly one trace, but this test captured no spans. Avaliar no longer traces into"
                + " the extension's SDK: since the extension set it up, something called Avaliar.configure(...) or"
                + " Avaliar.shutdown() (code under test, or a framework it starts, such as an application context). In"
                + " tests, leave configuring Avaliar to the extension.";
        assertThat(Kit.failure(results, "b_configures_its_own_sdk")).hasMessage(replaced);
        assertThat(Kit.failure(results, "c_shuts_avaliar_down")).hasMessage(replaced);
        assertThat(Reconfiguring.seenByUsersSdk)
                .as("the probe is not recorded by an SDK with the default sampler")
                .containsExactly("mine");
    }

    @Test
    void the_annotation_on_a_method_captures_that_test() {
        EngineExecutionResults results = Kit.run(AnnotatedMethod.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void after_the_run_avaliar_traces_nothing_again() {
        Kit.run(Passing.class);

        assertThat(Avaliar.isEnabled()).isFalse();
    }

    // ---- fixtures: run only through the engine test kit ----

    @CaptureTraces
    static class Passing {
        @Test
        void reads_the_trace(CapturedTraces traces) {
            String answer = Avaliar.agent("morning_briefing")
                    .call(() -> Avaliar.tool("fetch_weather")
                            .input("city", "Lisbon")
                            .call(() -> "sunny"));

            Trace trace = traces.single();
            assertThat(answer).isEqualTo("sunny");
            assertThat(trace.root().name()).isEqualTo("morning_briefing");
            assertThat(trace.root().children()).extracting(CapturedSpan::name).containsExactly("fetch_weather");
            assertThat(trace.spans())
                    .extracting(CapturedSpan::testId)
                    .containsOnly(java.util.Optional.of(traces.testId()));
            assertThat(traces.testId()).endsWith("[method:reads_the_trace(ai.avaliar.junit5.CapturedTraces)]");
        }
    }

    @ExtendWith(AvaliarExtension.class)
    static class Failing {
        @Test
        void expects_another_root(CapturedTraces traces) {
            Avaliar.agent("morning_briefing").run(() -> {});
            String root = traces.single().root().name();
            if (!root.equals("evening_briefing")) {
                throw new AssertionError("root was " + root);
            }
        }
    }

    @CaptureTraces
    static class TwoTests {
        @Test
        void first(CapturedTraces traces) {
            Avaliar.agent("first_agent").run(() -> Avaliar.tool("first_tool").run(() -> {}));
            assertThat(traces.spans()).extracting(CapturedSpan::name).containsExactly("first_agent", "first_tool");
        }

        @Test
        void second(CapturedTraces traces) {
            Avaliar.agent("second_agent").run(() -> {});
            Avaliar.agent("second_again").run(() -> {});
            assertThat(traces.traces())
                    .extracting(t -> t.root().name())
                    .containsExactly("second_agent", "second_again");
        }
    }

    @CaptureTraces
    static class OtherThreads {
        private final ExecutorService pool = Avaliar.propagating(Executors.newFixedThreadPool(3));

        @AfterEach
        void stop() {
            pool.shutdownNow();
        }

        @Test
        void tools_on_a_propagating_pool(CapturedTraces traces) {
            Avaliar.agent("briefing").run(() -> {
                CompletableFuture<String> weather = CompletableFuture.supplyAsync(
                        () -> Avaliar.tool("fetch_weather").call(() -> "sunny"), pool);
                CompletableFuture<String> news = CompletableFuture.supplyAsync(
                        () -> Avaliar.tool("fetch_news").call(() -> "calm"), pool);
                weather.join();
                news.join();
            });

            Trace trace = traces.single();
            assertThat(trace.root().children())
                    .extracting(CapturedSpan::name)
                    .containsExactlyInAnyOrder("fetch_weather", "fetch_news");
        }

        @Test
        void a_wrapped_task_on_a_plain_thread(CapturedTraces traces) throws InterruptedException {
            Thread worker =
                    new Thread(Avaliar.wrap(() -> Avaliar.tool("background").run(() -> {})), "plain-worker");
            worker.start();
            worker.join();

            assertThat(traces.single().root().name()).isEqualTo("background");
        }
    }

    @CaptureTraces
    static class NothingTraced {
        @Test
        void traces_nothing(CapturedTraces traces) {
            traces.single();
        }
    }

    @CaptureTraces
    static class TwoTraces {
        @Test
        void traces_twice(CapturedTraces traces) {
            Avaliar.tool("first").run(() -> {});
            Avaliar.tool("second").run(() -> {});
            traces.single();
        }
    }

    @CaptureTraces
    static class Background {
        private final java.util.concurrent.ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor();

        @AfterEach
        void stop() {
            scheduler.shutdownNow();
        }

        @Test
        void by_root_name(CapturedTraces traces) {
            scheduler.schedule(Avaliar.wrap(() -> Avaliar.agent("late").run(() -> {})), 100, TimeUnit.MILLISECONDS);

            assertThat(traces.byRootName("late").root().name()).isEqualTo("late");
        }

        @Test
        void await_traces(CapturedTraces traces) {
            Avaliar.agent("now").run(() -> {});
            scheduler.schedule(Avaliar.wrap(() -> Avaliar.agent("later").run(() -> {})), 100, TimeUnit.MILLISECONDS);

            assertThat(traces.awaitTraces(2)).extracting(t -> t.root().name()).containsExactly("now", "later");
        }
    }

    @CaptureTraces
    static class MissingRoot {
        @Test
        void looks_for_a_missing_root(CapturedTraces traces) {
            Avaliar.agent("plan").run(() -> {});
            traces.byRootName("summarize");
        }
    }

    @CaptureTraces
    static class TraceParameters {
        static final List<String> seenInAfterEach = new java.util.concurrent.CopyOnWriteArrayList<>();

        @BeforeEach
        void arrange() {
            Avaliar.agent("arrange").run(() -> {});
        }

        @Test
        void gets_the_BeforeEach_trace(Trace trace, CapturedTraces traces) {
            assertThat(trace.root().name()).isEqualTo("arrange");
            Avaliar.agent("act").run(() -> {});
            assertThat(traces.traces()).hasSize(2);
        }

        @AfterEach
        void check(CapturedTraces traces) {
            traces.traces().forEach(t -> seenInAfterEach.add(t.root().name()));
        }
    }

    @CaptureTraces
    static class TraceInAfterEach {
        static final List<String> checked = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Test
        void acts() {
            Avaliar.agent("act").run(() -> Avaliar.tool("tool").run(() -> {}));
        }

        @AfterEach
        void check(Trace trace) {
            assertThat(trace.spans()).hasSize(2);
            checked.add(trace.root().name());
        }
    }

    @CaptureTraces
    static class TwoTracesInAfterEach {
        @Test
        void traces_twice() {
            Avaliar.tool("first").run(() -> {});
            Avaliar.tool("second").run(() -> {});
        }

        @AfterEach
        void check(Trace trace) {}
    }

    @CaptureTraces
    static class TraceTooEarly {
        @Test
        void wants_the_trace_it_makes(Trace trace) {
            Avaliar.agent("act").run(() -> {});
        }
    }

    @CaptureTraces
    static class ConstructorInjection {
        ConstructorInjection(CapturedTraces traces) {}

        @Test
        void test() {}
    }

    @CaptureTraces
    static class BeforeAllSpans {
        @BeforeAll
        static void warmUp() {
            Avaliar.agent("warm_up").run(() -> {});
        }

        @Test
        void test(CapturedTraces traces) {
            Avaliar.agent("act").run(() -> {});
            assertThat(traces.single().root().name()).isEqualTo("act");
        }
    }

    @CaptureTraces
    static class ParentSpanOnly {
        @Test
        @SuppressWarnings("try")
        void test(CapturedTraces traces) throws Exception {
            Avaliar.agent("agent").run(() -> {
                io.opentelemetry.api.trace.Span parent = io.opentelemetry.api.trace.Span.current();
                Thread worker = new Thread(
                        () -> {
                            // Context.root() with only the span, as some libraries carry it.
                            try (Scope ignored = Context.root().with(parent).makeCurrent()) {
                                Avaliar.tool("child").run(() -> {});
                            }
                        },
                        "span-only-worker");
                worker.start();
                worker.join();
            });
            Trace trace = traces.single();
            assertThat(trace.isComplete()).isTrue();
            assertThat(trace.root().children()).extracting(CapturedSpan::name).containsExactly("child");
            assertThat(trace.root().children().get(0).attribute(AvaliarAttributes.TEST_ID))
                    .isEqualTo(traces.testId());
        }
    }

    @CaptureTraces
    static class Dynamic {
        static final List<String> testIds = new java.util.concurrent.CopyOnWriteArrayList<>();
        static final List<String> seenByFactory = new java.util.concurrent.CopyOnWriteArrayList<>();

        @TestFactory
        Stream<DynamicTest> factory(CapturedTraces traces) {
            return Stream.of("dynamic_one", "dynamic_two")
                    .map(name -> DynamicTest.dynamicTest(name, () -> {
                        Avaliar.tool(name).run(() -> {});
                        assertThat(traces.single().root().name()).isEqualTo(name);
                        assertThat(traces.single().root().testId()).contains(traces.testId());
                        testIds.add(traces.testId());
                    }));
        }

        @AfterEach
        void check(CapturedTraces traces) {
            traces.traces().forEach(trace -> seenByFactory.add(trace.root().name()));
        }
    }

    @CaptureTraces
    static class DynamicOutlived {
        static final List<String> seenByFactory = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor();

        @TestFactory
        Stream<DynamicTest> factory() {
            return Stream.of(DynamicTest.dynamicTest("leaves_a_span_open", () -> {
                CompletableFuture<String> later = new CompletableFuture<>();
                Avaliar.tool("outlives").callAsync(() -> later);
                scheduler.schedule(() -> later.complete("done"), 100, TimeUnit.MILLISECONDS);
            }));
        }

        @AfterEach
        void check(CapturedTraces traces) {
            scheduler.shutdown();
            traces.traces().forEach(trace -> seenByFactory.add(trace.root().name()));
        }
    }

    @CaptureTraces
    static class Preemptive {
        static final java.util.concurrent.atomic.AtomicReference<String> thread =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Test
        void times_the_agent(CapturedTraces traces) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
                thread.set(Thread.currentThread().getName());
                Avaliar.agent("briefing")
                        .run(() -> Avaliar.tool("fetch_weather").run(() -> {}));
            });

            Trace trace = traces.single();
            assertThat(trace.root().name()).isEqualTo("briefing");
            assertThat(trace.root().children()).extracting(CapturedSpan::name).containsExactly("fetch_weather");
            assertThat(trace.root().testId()).contains(traces.testId());
        }
    }

    @CaptureTraces
    static class AroundPreemptive {
        @Test
        void times_the_tool_inside_an_agent(CapturedTraces traces) {
            Avaliar.agent("briefing")
                    .run(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                            java.time.Duration.ofSeconds(5),
                            () -> Avaliar.tool("fetch_weather").run(() -> {})));

            // The timeout thread has no context: the tool is the test's, in a trace of its own.
            assertThat(traces.traces())
                    .extracting(trace -> trace.root().name())
                    .containsExactly("briefing", "fetch_weather");
        }
    }

    @CaptureTraces
    static class AwaitilityCondition {
        static final java.util.concurrent.atomic.AtomicReference<String> thread =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Test
        void polls_a_traced_status(CapturedTraces traces) {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> {
                        thread.set(Thread.currentThread().getName());
                        return Avaliar.tool("poll_status").call(() -> true);
                    });

            assertThat(traces.single().root().name()).isEqualTo("poll_status");
        }
    }

    @CaptureTraces
    static class NamedAwaitilityCondition {
        static final java.util.concurrent.atomic.AtomicReference<String> thread =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Test
        void polls_a_traced_status(CapturedTraces traces) {
            org.awaitility.Awaitility.await("status")
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> {
                        thread.set(Thread.currentThread().getName());
                        return Avaliar.tool("poll_status").call(() -> true);
                    });

            assertThat(traces.single().root().name()).isEqualTo("poll_status");
        }
    }

    @CaptureTraces
    static class SeparateThreadTimeout {
        static final java.util.concurrent.atomic.AtomicReference<String> thread =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Test
        @org.junit.jupiter.api.Timeout(value = 5, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
        void runs_on_the_timeout_thread(CapturedTraces traces) {
            thread.set(Thread.currentThread().getName());
            Avaliar.tool("fetch_weather").run(() -> {});

            assertThat(traces.single().root().name()).isEqualTo("fetch_weather");
        }
    }

    @CaptureTraces
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class Reconfiguring {
        static final List<String> seenByUsersSdk = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Test
        void a_captures(CapturedTraces traces) {
            Avaliar.tool("captured").run(() -> {});
            assertThat(traces.single().root().name()).isEqualTo("captured");
        }

        @Test
        void b_configures_its_own_sdk(CapturedTraces traces) {
            // As an application context the test starts might do.
            Avaliar.configure(io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                    .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                            .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
                                    new RecordingExporter(seenByUsersSdk)))
                            .build())
                    .build());
            Avaliar.tool("mine").run(() -> {});
            traces.single();
        }

        @Test
        void c_shuts_avaliar_down(CapturedTraces traces) {
            Avaliar.shutdown();
            Avaliar.tool("lost").run(() -> {});
            traces.single();
        }
    }

    /** Keeps the names of the spans it exports. */
    record RecordingExporter(List<String> names) implements io.opentelemetry.sdk.trace.export.SpanExporter {
        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode export(
                java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
            spans.forEach(span -> names.add(span.getName()));
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }
    }

    static class AnnotatedMethod {
        @Test
        @CaptureTraces
        void test(CapturedTraces traces) {
            Avaliar.generic("step").run(() -> {});
            assertThat(traces.spans(SpanType.GENERIC))
                    .extracting(CapturedSpan::name)
                    .containsExactly("step");
        }
    }
}
