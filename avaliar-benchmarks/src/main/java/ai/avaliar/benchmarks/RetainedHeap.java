package ai.avaliar.benchmarks;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.InMemoryTraceExporter;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Heap kept per captured span, measured after garbage collection: {@code N} spans (traces of an
 * agent span and nine llm spans, the llm span of {@link SpanBenchmark}) captured by Avaliar into
 * its {@link InMemoryTraceExporter}, against the same spans made by hand with the raw SDK into the
 * SDK's {@code InMemorySpanExporter}; then what grouping Avaliar's spans into {@link Trace}s adds.
 * Not a JMH benchmark: JMH measures time and allocation, this measures what stays.
 *
 * <pre>{@code
 * java -XX:+UseSerialGC -Xmx1g -cp avaliar-benchmarks/target/benchmarks.jar ai.avaliar.benchmarks.RetainedHeap 100000
 * }</pre>
 */
public final class RetainedHeap {

    private static final int PER_TRACE = 10;

    private RetainedHeap() {}

    public static void main(String[] args) throws InterruptedException {
        int spans = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (spans % PER_TRACE != 0) {
            throw new IllegalArgumentException("the span count must be a multiple of " + PER_TRACE + ", got " + spans);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "%d spans, %d rounds (bytes retained per span)%n", spans, rounds);
        for (int round = 1; round <= rounds; round++) {
            double raw = rawSdk(spans);
            double[] avaliar = avaliar(spans);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: raw SDK SpanData in InMemorySpanExporter %.0f B/span; Avaliar in InMemoryTraceExporter"
                            + " %.0f B/span (%.2fx); grouped as Traces, +%.0f B/span%n",
                    round,
                    raw,
                    avaliar[0],
                    avaliar[0] / raw,
                    avaliar[1]);
        }
    }

    /** The raw SDK: bytes per span held by its in-memory exporter. */
    static double rawSdk(int spans) throws InterruptedException {
        long before = usedAfterGc();
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        Tracer tracer = provider.get("raw");
        for (int t = 0; t < spans / PER_TRACE; t++) {
            Span agent = tracer.spanBuilder("briefing")
                    .setAttribute(AvaliarAttributes.SPAN_TYPE, "agent")
                    .setAttribute(AvaliarAttributes.OPERATION_NAME, "invoke_agent")
                    .setAttribute("gen_ai.agent.name", "briefing")
                    .setAttribute(AvaliarAttributes.INPUT, "{\"city\":\"Lisbon\"}")
                    .startSpan();
            try (io.opentelemetry.context.Scope ignored = agent.makeCurrent()) {
                for (int i = 1; i < PER_TRACE; i++) {
                    SpanBenchmark.rawLlm(tracer);
                }
                agent.setAttribute(AvaliarAttributes.OUTPUT, "\"Sunny\"");
            } finally {
                agent.end();
            }
        }
        long after = usedAfterGc();
        check(exporter.getFinishedSpanItems().size(), spans);
        provider.close();
        return (after - before) / (double) spans;
    }

    /** Avaliar: bytes per span held by its exporter, and what {@link Trace}s of them add. */
    static double[] avaliar(int spans) throws InterruptedException {
        long before = usedAfterGc();
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build();
        Avaliar.configure(sdk);
        for (int t = 0; t < spans / PER_TRACE; t++) {
            Avaliar.agent("briefing").input("city", "Lisbon").call(() -> {
                String answer = null;
                for (int i = 1; i < PER_TRACE; i++) {
                    answer = SpanBenchmark.avaliarLlm();
                }
                return answer;
            });
        }
        long captured = usedAfterGc();
        List<Trace> traces = exporter.traces();
        long grouped = usedAfterGc();
        check(traces.stream().mapToInt(trace -> trace.spans().size()).sum(), spans);
        Avaliar.shutdown();
        sdk.close();
        return new double[] {(captured - before) / (double) spans, (grouped - captured) / (double) spans};
    }

    private static void check(int got, int wanted) {
        if (got != wanted) {
            throw new IllegalStateException("captured " + got + " spans, wanted " + wanted);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
