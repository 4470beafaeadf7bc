package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

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
                        + " without the Java agent).");
        assertThat(Avaliar.isEnabled())
                .as("Avaliar follows the user's global instance again")
                .isTrue();
        users.close();
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
