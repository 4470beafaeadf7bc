package ai.avaliar.benchmarks;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.TracedIterator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A streamed answer of {@value #CHUNKS} text chunks, consumed to the end: through Avaliar's
 * {@code Avaliar.llm(..).stream(...)} and {@code iterate(...)}, against the bare stream and
 * iterator, and against one span made by hand with the raw OpenTelemetry SDK around the same loop
 * (chunk count, time to the first chunk and the text as its output, as Avaliar records them).
 * Figures are per chunk ({@code @OperationsPerInvocation}), so the span's own start and end are
 * spread over the chunks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
@OperationsPerInvocation(StreamBenchmark.CHUNKS)
public class StreamBenchmark {

    static final int CHUNKS = 100;

    private final List<String> chunks = new ArrayList<>();
    private OpenTelemetrySdk sdk;
    private Tracer rawTracer;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < CHUNKS; i++) {
            chunks.add("token" + i + " ");
        }
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(new SpanBenchmark.DiscardingExporter()))
                        .build())
                .build();
        rawTracer = sdk.getTracer("raw");
        Avaliar.configure(sdk);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Avaliar.shutdown();
        sdk.close();
    }

    @Benchmark
    public void avaliarStream(Blackhole consumer) {
        try (Stream<String> stream =
                Avaliar.llm("answer").model("gpt-4o").provider("openai").stream(() -> chunks.stream())) {
            stream.forEach(consumer::consume);
        }
    }

    @Benchmark
    public void bareStream(Blackhole consumer) {
        try (Stream<String> stream = chunks.stream()) {
            stream.forEach(consumer::consume);
        }
    }

    @Benchmark
    public void avaliarIterate(Blackhole consumer) {
        try (TracedIterator<String> iterator =
                Avaliar.llm("answer").model("gpt-4o").provider("openai").iterate(() -> chunks.iterator())) {
            while (iterator.hasNext()) {
                consumer.consume(iterator.next());
            }
        }
    }

    @Benchmark
    public void bareIterator(Blackhole consumer) {
        Iterator<String> iterator = chunks.iterator();
        while (iterator.hasNext()) {
            consumer.consume(iterator.next());
        }
    }

    /** What a hand-written wrapper does: one span around the loop, the text kept as its output. */
    @Benchmark
    public void rawOpenTelemetryIterator(Blackhole consumer) {
        Span span = rawTracer
                .spanBuilder("answer")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(AvaliarAttributes.SPAN_TYPE, "llm")
                .setAttribute(AvaliarAttributes.OPERATION_NAME, "chat")
                .setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o")
                .setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai")
                .setAttribute(AvaliarAttributes.REQUEST_STREAM, true)
                .startSpan();
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            long start = System.nanoTime();
            StringBuilder text = new StringBuilder("\"");
            long count = 0;
            Iterator<String> iterator = chunks.iterator();
            while (iterator.hasNext()) {
                String chunk = iterator.next();
                if (count++ == 0) {
                    span.setAttribute(AvaliarAttributes.TIME_TO_FIRST_CHUNK, (System.nanoTime() - start) / 1e9);
                }
                text.append(chunk);
                consumer.consume(chunk);
            }
            span.setAttribute(AvaliarAttributes.STREAM_CHUNKS, count);
            span.setAttribute(AvaliarAttributes.OUTPUT, text.append('"').toString());
        } finally {
            span.end();
        }
    }

    /**
     * The same, with the span current while the source produces each chunk (around {@code hasNext}
     * and {@code next}), as Avaliar does so that the producer can report usage to the span.
     */
    @Benchmark
    public void rawOpenTelemetryIteratorSpanCurrent(Blackhole consumer) {
        Span span = rawTracer
                .spanBuilder("answer")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(AvaliarAttributes.SPAN_TYPE, "llm")
                .setAttribute(AvaliarAttributes.OPERATION_NAME, "chat")
                .setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o")
                .setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai")
                .setAttribute(AvaliarAttributes.REQUEST_STREAM, true)
                .startSpan();
        Context context = Context.current().with(span);
        try {
            long start = System.nanoTime();
            StringBuilder text = new StringBuilder("\"");
            long count = 0;
            Iterator<String> iterator = chunks.iterator();
            while (true) {
                boolean more;
                try (io.opentelemetry.context.Scope ignored = context.makeCurrent()) {
                    more = iterator.hasNext();
                }
                if (!more) {
                    break;
                }
                String chunk;
                try (io.opentelemetry.context.Scope ignored = context.makeCurrent()) {
                    chunk = iterator.next();
                }
                if (count++ == 0) {
                    span.setAttribute(AvaliarAttributes.TIME_TO_FIRST_CHUNK, (System.nanoTime() - start) / 1e9);
                }
                text.append(chunk);
                consumer.consume(chunk);
            }
            span.setAttribute(AvaliarAttributes.STREAM_CHUNKS, count);
            span.setAttribute(AvaliarAttributes.OUTPUT, text.append('"').toString());
        } finally {
            span.end();
        }
    }
}
