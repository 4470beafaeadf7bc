package ai.avaliar.junit5.report;

import ai.avaliar.junit5.internal.TraceJson;
import ai.avaliar.trace.AvaliarAttributes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Writing the report of 10,000 tests, one trace of 10 spans each (100,000 spans), against a
 * baseline {@code traces.jsonl} of the same 10,000 traces where every tenth test had one tool call
 * fewer: {@code withBaseline} reads the baseline, compares every test and writes report.html and
 * summary.md (to a discarding writer); {@code withoutBaseline} is the same report without it, the
 * control. All three run in a JVM of 256 MB, the bound: the page's data is streamed into
 * the page, never held as one string. {@code readAndCompareBaseline} is the baseline's own part,
 * reading the 10,000 traces and comparing every test. Lives in the report's package for its
 * package-private entry points.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-Xms256m"})
@State(Scope.Benchmark)
public class ReportBaselineBenchmark {

    static final int TESTS = 10_000;
    static final int SPANS_PER_TRACE = 10;

    private List<TestOutcome> outcomes;
    private List<SpanData> spans;
    private Path baseline;

    @Setup(Level.Trial)
    public void runAndBaseline() throws IOException {
        outcomes = new ArrayList<>(TESTS);
        for (int i = 0; i < TESTS; i++) {
            outcomes.add(new TestOutcome(
                    id(i),
                    "test " + i + "()",
                    "Suite › test " + i + "()",
                    "Suite",
                    TestOutcome.SUCCESSFUL,
                    "",
                    "",
                    5,
                    false));
        }
        baseline = Files.createTempFile("avaliar-baseline", ".jsonl");
        // Main's traces.jsonl, written a test at a time as the listener's lines are, so that the setup
        // itself fits in the heap the benchmark measures.
        try (BufferedWriter writer = Files.newBufferedWriter(baseline, StandardCharsets.UTF_8)) {
            for (int test = 0; test < TESTS; test++) {
                int count = test % 10 == 0 ? SPANS_PER_TRACE - 1 : SPANS_PER_TRACE;
                TestRunReport one = TestRunReport.of(
                        List.of(outcomes.get(test)),
                        spans(test, test + 1, count),
                        Instant.now(),
                        Instant.now(),
                        0,
                        Map.of(),
                        Map.of());
                for (ObjectNode line : one.jsonLines()) {
                    writer.write(TraceJson.MAPPER.writeValueAsString(line));
                    writer.write('\n');
                }
            }
        }
        spans = spans(0, TESTS, SPANS_PER_TRACE);
        figuresOfThisRun();
    }

    @TearDown(Level.Trial)
    public void deleteBaseline() throws IOException {
        Files.deleteIfExists(baseline);
    }

    private static String id(int test) {
        return "[engine:junit-jupiter]/[class:Suite]/[method:test" + test + "()]";
    }

    /** One trace of {@code count} spans for each test from {@code from} to {@code to}: an agent, its tools and llm calls. */
    private static List<SpanData> spans(int from, int to, int count) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            Tracer tracer = provider.get("report-benchmark");
            long base = 1_700_000_000_000_000_000L;
            for (int test = from; test < to; test++) {
                String testId = id(test);
                Span root = tracer.spanBuilder("agent")
                        .setNoParent()
                        .setStartTimestamp(base, TimeUnit.NANOSECONDS)
                        .setAttribute(AvaliarAttributes.SPAN_TYPE, "agent")
                        .setAttribute(AvaliarAttributes.TEST_ID, testId)
                        .startSpan();
                Context parent = Context.root().with(root);
                for (int i = 1; i < count; i++) {
                    boolean llm = i % 3 == 0;
                    var builder = tracer.spanBuilder(llm ? "answer" : "tool_" + i)
                            .setParent(parent)
                            .setStartTimestamp(base + i * 1_000L, TimeUnit.NANOSECONDS)
                            .setAttribute(AvaliarAttributes.SPAN_TYPE, llm ? "llm" : "tool")
                            .setAttribute(AvaliarAttributes.TEST_ID, testId);
                    if (llm) {
                        builder.setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o")
                                .setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai")
                                .setAttribute(AvaliarAttributes.INPUT_TOKENS, 53L)
                                .setAttribute(AvaliarAttributes.OUTPUT_TOKENS, 12L)
                                .setAttribute(AvaliarAttributes.COST_USD, 0.000253);
                    }
                    builder.startSpan().end(base + i * 1_000L + 500, TimeUnit.NANOSECONDS);
                }
                root.end(base + 100_000L, TimeUnit.NANOSECONDS);
            }
            return new ArrayList<>(exporter.getFinishedSpanItems());
        }
    }

    private static final Writer DISCARD = Writer.nullWriter();

    private String write(TestRunReport report) throws IOException {
        HtmlReport.write(report, DISCARD);
        return report.markdown();
    }

    @Benchmark
    public String withBaseline() throws IOException {
        TestRunReport report = TestRunReport.of(outcomes, spans, Instant.now(), Instant.now(), 0, Map.of(), Map.of())
                .compareWith(Optional.of(baseline.toString()));
        if (report.baselineNote().isPresent()) {
            throw new IllegalStateException(report.baselineNote().get());
        }
        return write(report);
    }

    /** This run's figures, for {@link #readAndCompareBaseline}: the baseline's, every tenth test with a tool call more. */
    private Map<String, ai.avaliar.junit5.report.baseline.TestFigures> now;

    private Map<String, String> names;

    private void figuresOfThisRun() {
        now = new java.util.LinkedHashMap<>();
        ai.avaliar.junit5.report.baseline.Baseline.read(baseline)
                .orElseThrow()
                .tests()
                .forEach((id, figures) -> {
                    List<String> shape = new ArrayList<>(figures.shape());
                    if (shape.size() < SPANS_PER_TRACE) {
                        shape.add("  tool_extra  (tool)");
                    }
                    now.put(
                            id,
                            new ai.avaliar.junit5.report.baseline.TestFigures(
                                    figures.tokens(),
                                    figures.costUsd(),
                                    figures.llmCalls(),
                                    figures.latencyMs(),
                                    shape));
                });
        names = new java.util.HashMap<>();
        outcomes.forEach(outcome -> names.put(outcome.testId(), outcome.path()));
    }

    @Benchmark
    public String readAndCompareBaseline() {
        ai.avaliar.junit5.report.baseline.Baseline read =
                ai.avaliar.junit5.report.baseline.Baseline.read(baseline).orElseThrow();
        ai.avaliar.junit5.report.baseline.BaselineDiff diff =
                ai.avaliar.junit5.report.baseline.BaselineDiff.of(read, now, names);
        return diff.markdown() + diff.json().size();
    }

    @Benchmark
    public String withoutBaseline() throws IOException {
        return write(TestRunReport.of(outcomes, spans, Instant.now(), Instant.now(), 0, Map.of(), Map.of()));
    }
}
