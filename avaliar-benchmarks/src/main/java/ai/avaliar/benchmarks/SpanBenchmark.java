package ai.avaliar.benchmarks;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.InMemoryTraceExporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spans started and ended three ways in one run: through Avaliar, the same spans by hand through
 * the raw OpenTelemetry SDK with the same attributes, and the bare body with no tracing. One llm
 * span (model, provider, temperature, one input, usage, output); a nested agent &gt; tool &gt; llm
 * trace of three spans; and the llm span from two threads at once. Avaliar and the raw SDK end
 * in the same processor, chosen by {@code exporter}: a {@code SimpleSpanProcessor} to a
 * discarding exporter, to Avaliar's {@link InMemoryTraceExporter} (emptied every
 * {@value #KEEP} spans per thread, so memory stays bounded), or a {@code BatchSpanProcessor} to
 * a discarding exporter. The no-op pair compares Avaliar with nothing configured against
 * OpenTelemetry's no-op API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpanBenchmark {

    /** Spans a thread adds to the in-memory exporter before it is emptied. */
    static final int KEEP = 8192;

    private static final Tracer NOOP_TRACER = OpenTelemetry.noop().getTracer("noop");

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

    /** One SDK for Avaliar and the raw spans, ending in the processor named by {@code exporter}. */
    @State(Scope.Benchmark)
    public static class Traced {
        @Param({"discarding", "inMemory", "batch"})
        public String exporter;

        OpenTelemetrySdk sdk;
        Tracer rawTracer;
        InMemoryTraceExporter memory;

        @Setup(Level.Trial)
        public void configure() {
            memory = InMemoryTraceExporter.create();
            SpanProcessor processor = switch (exporter) {
                case "discarding" -> SimpleSpanProcessor.create(new DiscardingExporter());
                case "inMemory" -> SimpleSpanProcessor.create(memory);
                case "batch" ->
                    BatchSpanProcessor.builder(new DiscardingExporter()).build();
                default ->
                    throw new IllegalArgumentException(
                            "exporter must be discarding, inMemory or batch, not " + exporter);
            };
            sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(processor)
                            .build())
                    .build();
            rawTracer = sdk.getTracer("raw");
            Avaliar.configure(sdk);
        }

        @TearDown(Level.Trial)
        public void close() {
            Avaliar.shutdown();
            sdk.close();
        }
    }

    /** Counts a thread's spans to empty the in-memory exporter now and then. */
    @State(Scope.Thread)
    public static class Spans {
        int count;

        void ended(Traced traced, int spans) {
            count += spans;
            if (count >= KEEP) {
                count = 0;
                traced.memory.reset();
            }
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

    // ---- one llm span ----------------------------------------------------------------------------

    @Benchmark
    public String avaliarLlmSpan(Traced traced, Spans spans) {
        String answer = avaliarLlm();
        spans.ended(traced, 1);
        return answer;
    }

    @Benchmark
    public String rawOpenTelemetryLlmSpan(Traced traced, Spans spans) {
        String answer = rawLlm(traced.rawTracer);
        spans.ended(traced, 1);
        return answer;
    }

    /** The body the spans wrap, with no tracing: the floor under both. */
    @Benchmark
    public String noTracingLlmBody() {
        return llmBody();
    }

    // ---- agent > tool > llm ----------------------------------------------------------------------

    @Benchmark
    public String avaliarNested(Traced traced, Spans spans) {
        String answer = Avaliar.agent("briefing")
                .input("city", "Lisbon")
                .call(() ->
                        Avaliar.tool("fetch_weather").input("city", "Lisbon").call(SpanBenchmark::avaliarLlm));
        spans.ended(traced, 3);
        return answer;
    }

    @Benchmark
    public String rawOpenTelemetryNested(Traced traced, Spans spans) {
        Tracer tracer = traced.rawTracer;
        Span agent = tracer.spanBuilder("briefing")
                .setAttribute(AvaliarAttributes.SPAN_TYPE, "agent")
                .setAttribute(AvaliarAttributes.OPERATION_NAME, "invoke_agent")
                .setAttribute("gen_ai.agent.name", "briefing")
                .setAttribute(AvaliarAttributes.INPUT, "{\"city\":\"Lisbon\"}")
                .startSpan();
        String answer;
        try (io.opentelemetry.context.Scope ignoredAgent = agent.makeCurrent()) {
            Span tool = tracer.spanBuilder("fetch_weather")
                    .setAttribute(AvaliarAttributes.SPAN_TYPE, "tool")
                    .setAttribute(AvaliarAttributes.OPERATION_NAME, "execute_tool")
                    .setAttribute("gen_ai.tool.name", "fetch_weather")
                    .setAttribute(AvaliarAttributes.INPUT, "{\"city\":\"Lisbon\"}")
                    .startSpan();
            try (io.opentelemetry.context.Scope ignoredTool = tool.makeCurrent()) {
                answer = rawLlm(tracer);
                tool.setAttribute(AvaliarAttributes.OUTPUT, "\"Sunny\"");
            } finally {
                tool.end();
            }
            agent.setAttribute(AvaliarAttributes.OUTPUT, "\"Sunny\"");
        } finally {
            agent.end();
        }
        spans.ended(traced, 3);
        return answer;
    }

    @Benchmark
    public String noTracingNested() {
        return nestedBody();
    }

    // ---- two threads at once ---------------------------------------------------------------------

    @Benchmark
    @Threads(2)
    public String avaliarLlmSpanTwoThreads(Traced traced, Spans spans) {
        return avaliarLlmSpan(traced, spans);
    }

    @Benchmark
    @Threads(2)
    public String rawOpenTelemetryLlmSpanTwoThreads(Traced traced, Spans spans) {
        return rawOpenTelemetryLlmSpan(traced, spans);
    }

    @Benchmark
    @Threads(2)
    public String noTracingLlmBodyTwoThreads() {
        return llmBody();
    }

    // ---- nothing configured ----------------------------------------------------------------------

    @Benchmark
    public String avaliarNoop(NotConfigured notConfigured) {
        return avaliarLlm();
    }

    @Benchmark
    public String openTelemetryNoop() {
        Span span = NOOP_TRACER
                .spanBuilder("synthesize")
                .setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o")
                .setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai")
                .startSpan();
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            return "Sunny";
        } finally {
            span.end();
        }
    }

    // ---- the work, three ways --------------------------------------------------------------------

    /** The traced call for every state: recorded when configured, a no-op when not. */
    static String avaliarLlm() {
        return Avaliar.llm("synthesize")
                .model("gpt-4o")
                .provider("openai")
                .temperature(0.2)
                .input("question", "What is the weather?")
                .call(run -> {
                    run.usage(53, 12);
                    return "Sunny";
                });
    }

    /** The same span by hand: input and output handed over as JSON, the cost precomputed. */
    static String rawLlm(Tracer tracer) {
        Span span = tracer.spanBuilder("synthesize")
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
            String output = llmBody();
            span.setAttribute(AvaliarAttributes.OUTPUT, "\"Sunny\"");
            span.setAttribute(AvaliarAttributes.INPUT_TOKENS, 53L);
            span.setAttribute(AvaliarAttributes.OUTPUT_TOKENS, 12L);
            span.setAttribute(AvaliarAttributes.COST_USD, 53 * 2.5e-6 + 12 * 10e-6);
            return output;
        } finally {
            span.end();
        }
    }

    private static String llmBody() {
        return "Sunny";
    }

    private static String nestedBody() {
        return llmBody();
    }
}
