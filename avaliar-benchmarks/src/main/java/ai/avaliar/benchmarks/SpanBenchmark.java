package ai.avaliar.benchmarks;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An llm span with model, provider, temperature, one input and its output, started and ended:
 * through Avaliar, and the same span by hand through the raw OpenTelemetry SDK, in one run.
 * Both export to the same discarding exporter, so the difference is Avaliar's own work
 * (JSON of input and output, pricing, context key). The no-op pair compares Avaliar with
 * nothing configured against OpenTelemetry's no-op API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpanBenchmark {

    private OpenTelemetrySdk sdk;
    private Tracer rawTracer;
    private final Tracer noopTracer = OpenTelemetry.noop().getTracer("noop");

    /** Discards spans: measures making them, not shipping them. */
    static final class DiscardingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(new DiscardingExporter()))
                        .build())
                .build();
        rawTracer = sdk.getTracer("raw");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Avaliar.shutdown();
        sdk.close();
    }

    /** Avaliar traces into the SDK for the traced benchmarks. */
    @State(Scope.Benchmark)
    public static class Configured {
        @Setup(Level.Trial)
        public void configure(SpanBenchmark benchmark) {
            Avaliar.configure(benchmark.sdk);
        }
    }

    /** Nothing configured for the no-op benchmarks. */
    @State(Scope.Benchmark)
    public static class NotConfigured {
        @Setup(Level.Trial)
        public void unconfigure() {
            Avaliar.shutdown();
        }
    }

    @Benchmark
    public String avaliarLlmSpan(Configured configured) {
        return tracedLlmCall();
    }

    /** The same traced call for both states: recorded when configured, a no-op when not. */
    private static String tracedLlmCall() {
        return Avaliar.llm("synthesize").model("gpt-4o").provider("openai").temperature(0.2)
                .input("question", "What is the weather?")
                .call(run -> {
                    run.usage(53, 12);
                    return "Sunny";
                });
    }

    @Benchmark
    public String rawOpenTelemetryLlmSpan(Configured configured) {
        Span span = rawTracer.spanBuilder("synthesize")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(AvaliarAttributes.SPAN_TYPE, "llm")
                .setAttribute(AvaliarAttributes.OPERATION_NAME, "chat")
                .setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o")
                .setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai")
                .setAttribute(AvaliarAttributes.REQUEST_TEMPERATURE, 0.2)
                .setAttribute("avaliar.generation_info.temperature", 0.2)
                .setAttribute(AvaliarAttributes.INPUT, "{\"question\":\"What is the weather?\"}")
                .startSpan();
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            String output = "Sunny";
            span.setAttribute(AvaliarAttributes.OUTPUT, "\"Sunny\"");
            span.setAttribute(AvaliarAttributes.INPUT_TOKENS, 53L);
            span.setAttribute(AvaliarAttributes.OUTPUT_TOKENS, 12L);
            span.setAttribute(AvaliarAttributes.COST_USD, 53 * 2.5e-6 + 12 * 10e-6);
            return output;
        } finally {
            span.end();
        }
    }

    @Benchmark
    public String avaliarNoop(NotConfigured notConfigured) {
        return tracedLlmCall();
    }

    @Benchmark
    public String openTelemetryNoop() {
        Span span = noopTracer.spanBuilder("synthesize")
                .setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o")
                .setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai")
                .startSpan();
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            return "Sunny";
        } finally {
            span.end();
        }
    }
}
