package ai.avaliar.benchmarks;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;

import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a {@link Trace} from {@code spans} finished spans and asserting on it, for 10, 1,000,
 * 10,000 and 100,000 spans: the time per span must stay flat (linear growth). The spans are made
 * once with the OpenTelemetry SDK into its in-memory exporter, as a realistic tree five levels
 * deep (coordinator &gt; researchers &gt; searches &gt; llm calls &gt; parses), every level
 * fanning out alike, siblings sharing names, handed over in the order they ended (children first).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class TraceBenchmark {

    private static final String[] NAMES = {"coordinator", "researcher", "search", "llm_call", "parse"};
    private static final String[] TYPES = {"agent", "agent", "tool", "llm", "generic"};

    @Param({"10", "1000", "10000", "100000"})
    public int spans;

    private List<SpanData> finished;
    private Trace built;
    private String deepestPath;
    private long inputTokens;
    private int levels;
    private String shape;

    @Setup(Level.Trial)
    public void makeSpans() {
        finished = tree(spans);
        if (finished.size() != spans) {
            throw new IllegalStateException("made " + finished.size() + " spans, wanted " + spans);
        }
        built = Trace.of(finished).get(0);
        ai.avaliar.trace.data.CapturedSpan last = built.spans().stream()
                .max(Comparator.comparingLong(ai.avaliar.trace.data.CapturedSpan::startEpochNanos))
                .orElseThrow();
        deepestPath = last.path();
        levels = last.depth() + 1;
        inputTokens =
                built.spans().stream().mapToLong(s -> s.inputTokens().orElse(0)).sum();
        shape = built.renderShape();
    }

    /** A tree of {@code count} spans, breadth first, five levels, each level fanning out alike. */
    static List<SpanData> tree(int count) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            Tracer tracer = provider.get("trace-benchmark");
            int fanOut = (int) Math.ceil(Math.pow(count, 1.0 / 4));
            Span[] made = new Span[count];
            int[] depth = new int[count];
            long base = 1_700_000_000_000_000_000L;
            made[0] = span(tracer, Context.root(), 0, base);
            int next = 1;
            for (int parent = 0; parent < count && next < count; parent++) {
                if (depth[parent] == NAMES.length - 1) {
                    continue;
                }
                Context context = Context.root().with(made[parent]);
                for (int i = 0; i < fanOut && next < count; i++, next++) {
                    depth[next] = depth[parent] + 1;
                    made[next] = span(tracer, context, depth[next], base + next * 1_000L);
                }
            }
            for (int i = count - 1; i >= 0; i--) {
                made[i].end(base + (2L * count - i) * 1_000L, TimeUnit.NANOSECONDS);
            }
            return exporter.getFinishedSpanItems();
        }
    }

    private static Span span(Tracer tracer, Context parent, int depth, long start) {
        var builder = tracer.spanBuilder(NAMES[depth])
                .setParent(parent)
                .setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .setAttribute(AvaliarAttributes.SPAN_TYPE, TYPES[depth]);
        if ("llm".equals(TYPES[depth])) {
            builder.setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o")
                    .setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai")
                    .setAttribute(AvaliarAttributes.INPUT_TOKENS, 53L)
                    .setAttribute(AvaliarAttributes.OUTPUT_TOKENS, 12L)
                    .setAttribute(AvaliarAttributes.COST_USD, 53 * 2.5e-6 + 12 * 10e-6);
        }
        return builder.startSpan();
    }

    @Benchmark
    public List<Trace> build() {
        return Trace.of(finished);
    }

    /**
     * The least any tree builder does, by hand: index the spans by parent id and walk down from
     * the root. The control for {@link #build()}: what grows with size here is the memory
     * hierarchy's, not Avaliar's.
     */
    @Benchmark
    public int handWrittenTree() {
        Map<String, List<SpanData>> childrenOf = new HashMap<>();
        SpanData root = null;
        for (SpanData span : finished) {
            if (SpanId.isValid(span.getParentSpanId())) {
                childrenOf
                        .computeIfAbsent(span.getParentSpanId(), id -> new ArrayList<>())
                        .add(span);
            } else {
                root = span;
            }
        }
        ArrayDeque<SpanData> pending = new ArrayDeque<>();
        pending.add(root);
        int visited = 0;
        while (!pending.isEmpty()) {
            SpanData span = pending.poll();
            visited++;
            pending.addAll(childrenOf.getOrDefault(span.getSpanId(), List.of()));
        }
        return visited;
    }

    /** Built, then asserted on as a test would: count, a path lookup, depth and token totals. */
    @Benchmark
    public Trace buildAndAssert() {
        Trace trace = Trace.of(finished).get(0);
        assertThatTrace(trace)
                .hasSpanCount(spans)
                .hasSpan(deepestPath)
                .hasDepth(levels)
                .hasTotalInputTokens(inputTokens)
                .hasLlmCallCount((int) (inputTokens / 53));
        return trace;
    }

    /** The whole tree against its picture, on the trace built in set-up. */
    @Benchmark
    public Trace assertShape() {
        assertThatTrace(built).hasShape(shape);
        return built;
    }
}
