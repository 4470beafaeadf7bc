package ai.avaliar.trace;

import ai.avaliar.trace.data.Trace;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps finished spans in memory and hands them out grouped as {@link Trace}s. For tests and
 * tools; the JUnit extension installs one for you.
 *
 * <pre>{@code
 * InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *         .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
 * Avaliar.configure(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
 * ...
 * Trace trace = exporter.traces().get(0);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InMemoryTraceExporter implements SpanExporter {

    private final ConcurrentLinkedQueue<SpanData> finished = new ConcurrentLinkedQueue<>();
    private volatile boolean shutdown;

    private InMemoryTraceExporter() {}

    /**
     * A new, empty exporter.
     *
     * @return the exporter
     */
    public static InMemoryTraceExporter create() {
        return new InMemoryTraceExporter();
    }

    /**
     * The finished spans so far, grouped into traces.
     *
     * @return the traces, in the order their roots started
     */
    public List<Trace> traces() {
        return Trace.of(spans());
    }

    /**
     * The finished spans so far, in the order they ended.
     *
     * @return a copy
     */
    public List<SpanData> spans() {
        return List.copyOf(new ArrayList<>(finished));
    }

    /** Forgets every span. */
    public void reset() {
        finished.clear();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (shutdown) {
            return CompletableResultCode.ofFailure();
        }
        finished.addAll(spans);
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        shutdown = true;
        finished.clear();
        return CompletableResultCode.ofSuccess();
    }
}
