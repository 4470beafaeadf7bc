package ai.avaliar.trace;

import static org.awaitility.Awaitility.await;

import ai.avaliar.trace.data.Trace;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Core's own test fixture: an OpenTelemetry SDK with an in-memory exporter that Avaliar traces
 * into, and the misuse reported during the test. (The JUnit extension does this for users.)
 */
final class Capture implements BeforeEachCallback, AfterEachCallback {

    final InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
    final List<Misuse> misuses = java.util.Collections.synchronizedList(new ArrayList<>());
    private OpenTelemetrySdk sdk;
    private AutoCloseable misuseRegistration;

    @Override
    public void beforeEach(ExtensionContext context) {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build();
        Avaliar.configure(sdk);
        misuseRegistration = Avaliar.onMisuse(misuses::add);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        misuseRegistration.close();
        Avaliar.shutdown();
        sdk.close();
    }

    /** Configures Avaliar again on the same SDK, now recording message content (the opt-in attributes). */
    void captureMessageContent() {
        Avaliar.configure(AvaliarConfig.builder()
                .openTelemetry(sdk)
                .captureMessageContent(true)
                .build());
    }

    /** The one trace captured; fails when there is not exactly one. */
    Trace trace() {
        List<Trace> traces = exporter.traces();
        if (traces.size() != 1) {
            throw new AssertionError("expected exactly one trace, got " + traces.size() + ":\n" + traces);
        }
        return traces.get(0);
    }

    /** Waits until {@code count} spans have ended, then returns the traces. */
    List<Trace> awaitSpans(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.spans().size() >= count);
        return exporter.traces();
    }

    List<String> misuseMessages() {
        List<String> messages = new ArrayList<>();
        synchronized (misuses) {
            misuses.forEach(m -> messages.add(m.message()));
        }
        return messages;
    }
}
