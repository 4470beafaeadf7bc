package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class GlobalOpenTelemetryTest {

    @AfterEach
    void reset() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void by_default_the_global_instance_is_left_alone() {
        EngineExecutionResults results = Kit.run(AvaliarOnly.class);

        Kit.assertAllPassed(results, 1);
        assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    }

    @Test
    void registerGlobal_captures_spans_of_other_instrumentation_in_the_same_tree() {
        EngineExecutionResults results = Kit.run(ThirdParty.class, Map.of("avaliar.registerGlobal", "true"));

        Kit.assertAllPassed(results, 1);
        assertThat(GlobalOpenTelemetry.isSet()).isTrue();
        assertThat(Kit.reportEntries(results, "avaliar")).isEmpty();

        EngineExecutionResults again = Kit.run(ThirdParty.class, Map.of("avaliar.registerGlobal", "true"));

        Kit.assertAllPassed(again, 1);
        assertThat(Kit.reportEntries(again, "avaliar"))
                .as("the global instance is already the test SDK")
                .isEmpty();
    }

    @Test
    void the_builder_registers_global_too() {
        EngineExecutionResults results = Kit.run(ThirdPartyByBuilder.class);

        Kit.assertAllPassed(results, 1);
        assertThat(GlobalOpenTelemetry.isSet()).isTrue();
    }

    @Test
    void the_annotation_registers_global_too() {
        EngineExecutionResults results = Kit.run(ThirdPartyByAnnotation.class);

        Kit.assertAllPassed(results, 1);
        assertThat(GlobalOpenTelemetry.isSet()).isTrue();
    }

    @Test
    void a_global_instance_set_by_the_user_is_never_replaced_and_a_report_entry_says_why() {
        OpenTelemetrySdk users = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .build();
        GlobalOpenTelemetry.set(users);

        EngineExecutionResults results = Kit.run(AvaliarOnly.class, Map.of("avaliar.registerGlobal", "true"));

        Kit.assertAllPassed(results, 1);
        assertThat(GlobalOpenTelemetry.getTracer("probe")).isSameAs(users.getTracer("probe"));
        assertThat(Kit.reportEntries(results, "avaliar"))
                .containsExactly("avaliar.registerGlobal is on, but"
                        + " GlobalOpenTelemetry was already set (by your code, the OpenTelemetry Java agent, or a call of"
                        + " GlobalOpenTelemetry.get() that settled it on a no-op) and Avaliar never replaces it. Avaliar's own spans are captured; spans of other instrumentation that uses"
                        + " GlobalOpenTelemetry are not. To capture them, do not set GlobalOpenTelemetry in tests (or run them"
                        + " without the Java agent), or give that instrumentation AvaliarExtension.openTelemetry() instead of"
                        + " GlobalOpenTelemetry.");
        assertThat(Avaliar.isEnabled())
                .as("Avaliar follows the user's global instance again")
                .isTrue();
        users.close();
    }

    @Test
    void registerGlobal_is_in_place_before_the_test_instance_is_made_as_a_spring_test_context_starts_there() {
        EngineExecutionResults results =
                Kit.run(AppStartedWithTheTestInstance.class, Map.of("avaliar.registerGlobal", "true"));

        Kit.assertAllPassed(results, 1);
        assertThat(Kit.reportEntries(results, "avaliar")).isEmpty();
    }

    @Test
    void with_a_global_instance_set_by_someone_else_instrumentation_given_openTelemetry_is_still_captured() {
        OpenTelemetrySdk users = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .build();
        GlobalOpenTelemetry.set(users);

        EngineExecutionResults results = Kit.run(GivenOpenTelemetry.class, Map.of("avaliar.registerGlobal", "true"));

        Kit.assertAllPassed(results, 1);
        assertThat(Kit.reportEntries(results, "avaliar")).hasSize(1);
        users.close();
    }

    @Test
    void never_calls_set_twice_however_many_runs_and_classes_ask_for_the_global_instance() {
        // quarkus-langchain4j #1607: "GlobalOpenTelemetry.set has already been called" in unit tests.
        for (int run = 0; run < 3; run++) {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("avaliar.registerGlobal", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .selectors(selectClass(ThirdParty.class), selectClass(ThirdPartyByBuilder.class))
                    .execute();

            Kit.assertAllPassed(results, 2);
        }
    }

    @Test
    void a_parentless_span_of_another_library_on_its_own_thread_is_no_orphan_and_fails_no_test() {
        EngineExecutionResults results = Kit.run(BackgroundLibrary.class, Map.of("avaliar.registerGlobal", "true"));

        Kit.assertAllPassed(results, 1);
        assertThat(Kit.reportEntries(results, "avaliar.orphans")).isEmpty();
    }

    // ---- fixtures ----

    @CaptureTraces
    static class BackgroundLibrary {
        @Test
        void only_test(CapturedTraces traces) throws InterruptedException {
            Avaliar.tool("fetch_weather").run(() -> {});
            // A library instrumented through GlobalOpenTelemetry polling on a thread of its own, as a Kafka consumer
            // does.
            Thread poller = new Thread(
                    () -> GlobalOpenTelemetry.getTracer("kafka-clients")
                            .spanBuilder("poll")
                            .startSpan()
                            .end(),
                    "kafka-consumer");
            poller.start();
            poller.join();

            assertThat(traces.single().spans()).extracting(CapturedSpan::name).containsExactly("fetch_weather");
        }
    }

    @CaptureTraces(registerGlobal = true)
    static class ThirdPartyByAnnotation {
        @Test
        void test(CapturedTraces traces) {
            Avaliar.tool("fetch_weather")
                    .run(() -> GlobalOpenTelemetry.getTracer("third-party")
                            .spanBuilder("GET /weather")
                            .startSpan()
                            .end());
            assertThat(traces.spans()).extracting(CapturedSpan::name).containsExactly("fetch_weather", "GET /weather");
        }
    }

    /** What SpringExtension does: starts the app, which reads GlobalOpenTelemetry, with the test instance. */
    static final class StartsAppWithTheInstance implements TestInstancePostProcessor {
        @Override
        public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
            ((AppStartedWithTheTestInstance) testInstance).appTracer = GlobalOpenTelemetry.getTracer("app");
        }
    }

    @ExtendWith(StartsAppWithTheInstance.class)
    @CaptureTraces
    static class AppStartedWithTheTestInstance {
        Tracer appTracer;

        @Test
        void test(CapturedTraces traces) {
            Avaliar.agent("answer")
                    .run(() -> appTracer.spanBuilder("chat gpt-4o").startSpan().end());

            assertThat(traces.single().spans()).extracting(CapturedSpan::name).containsExactly("answer", "chat gpt-4o");
        }
    }

    @CaptureTraces
    static class GivenOpenTelemetry {
        @Test
        void test(CapturedTraces traces) {
            Tracer app = AvaliarExtension.openTelemetry().getTracer("spring-ai");
            Avaliar.agent("answer")
                    .run(() -> app.spanBuilder("chat gpt-4o").startSpan().end());

            Trace trace = traces.single();
            assertThat(trace.spans()).extracting(CapturedSpan::name).containsExactly("answer", "chat gpt-4o");
            assertThat(trace.spans().get(1).testId()).contains(traces.testId());
        }
    }

    @CaptureTraces
    static class AvaliarOnly {
        @Test
        void test(CapturedTraces traces) {
            // getOrNoop(): get() would itself settle the global instance on a no-op one.
            Avaliar.tool("fetch_weather")
                    .run(() -> GlobalOpenTelemetry.getOrNoop()
                            .getTracer("third-party")
                            .spanBuilder("GET /weather")
                            .startSpan()
                            .end());
            assertThat(traces.single().spans()).extracting(CapturedSpan::name).containsExactly("fetch_weather");
        }
    }

    @CaptureTraces
    static class ThirdParty {
        @Test
        void test(CapturedTraces traces) {
            Avaliar.tool("fetch_weather")
                    .run(() -> GlobalOpenTelemetry.getTracer("third-party")
                            .spanBuilder("GET /weather")
                            .startSpan()
                            .end());
            Trace trace = traces.single();
            assertThat(trace.root().children()).extracting(CapturedSpan::name).containsExactly("GET /weather");
            assertThat(trace.root().children().get(0).testId()).contains(traces.testId());
        }
    }

    static class ThirdPartyByBuilder {
        @RegisterExtension
        static final AvaliarExtension avaliar =
                AvaliarExtension.builder().registerGlobal(true).build();

        @Test
        void test(CapturedTraces traces) {
            Avaliar.tool("fetch_weather")
                    .run(() -> GlobalOpenTelemetry.getTracer("third-party")
                            .spanBuilder("GET /weather")
                            .startSpan()
                            .end());
            assertThat(traces.spans()).extracting(CapturedSpan::name).containsExactly("fetch_weather", "GET /weather");
        }
    }
}
