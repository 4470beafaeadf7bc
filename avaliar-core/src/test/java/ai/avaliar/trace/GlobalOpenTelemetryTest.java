package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Avaliar joins an OpenTelemetry installed globally (by the user or the Java agent), and never pins the global. */
class GlobalOpenTelemetryTest {

    @AfterEach
    void reset() {
        GlobalOpenTelemetry.resetForTest();
        Avaliar.shutdown();
    }

    @Test
    void tracing_into_a_global_set_by_the_user_after_avaliar_started() throws Exception {
        Class<?> unconfigured = Class.forName("ai.avaliar.trace.AvaliarRuntime");
        java.lang.reflect.Field field = unconfigured.getDeclaredField("UNCONFIGURED");
        field.setAccessible(true);
        java.lang.reflect.Method swap = unconfigured.getDeclaredMethod("swap", AvaliarRuntime.Settings.class);
        swap.setAccessible(true);
        swap.invoke(null, field.get(null)); // as on a fresh JVM: never configured

        Avaliar.tool("before").call(() -> "not traced");
        assertThat(GlobalOpenTelemetry.isSet())
                .as("Avaliar did not pin the global to no-op")
                .isFalse();

        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .buildAndRegisterGlobal();
        try {
            Avaliar.tool("after").call(() -> "traced");

            assertThat(exporter.traces())
                    .singleElement()
                    .extracting(t -> t.root().name())
                    .isEqualTo("after");
        } finally {
            sdk.close();
        }
    }

    @Test
    void shutdown_turns_tracing_off_even_with_a_global() {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().buildAndRegisterGlobal();
        try {
            Avaliar.shutdown();

            assertThat(Avaliar.isEnabled()).isFalse();
        } finally {
            sdk.close();
        }
    }
}
