package ai.avaliar.junit5.report;

import ai.avaliar.junit5.budget.RunBudget;
import ai.avaliar.junit5.internal.LlmCalls;
import ai.avaliar.junit5.internal.TraceJson;
import ai.avaliar.junit5.report.baseline.Baseline;
import ai.avaliar.junit5.report.baseline.BaselineDiff;
import ai.avaliar.junit5.report.baseline.TestFigures;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One test run as the report shows it: each test with its outcome and traces, and the run's
 * totals, broken down by provider and by model.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class TestRunReport {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A test and the traces it made. */
    public record Entry(TestOutcome outcome, List<Trace> traces) {}

    /** Calls, tokens, cost and latency of the llm spans of one provider or model. */
    public static final class Usage {
        long calls;
        long inputTokens;
        long outputTokens;
        double costUsd;
        final List<Double> latenciesMs = new ArrayList<>();

        void add(CapturedSpan llm) {
            calls++;
            inputTokens += llm.inputTokens().orElse(0);
            outputTokens += llm.outputTokens().orElse(0);
            costUsd += llm.costUsd().orElse(0);
            latenciesMs.add(llm.duration().toNanos() / 1e6);
        }

        double totalLatencyMs() {
            return latenciesMs.stream().mapToDouble(Double::doubleValue).sum();
        }

        double averageLatencyMs() {
            return calls == 0 ? 0 : totalLatencyMs() / calls;
        }

        double percentileLatencyMs(double percentile) {
            if (latenciesMs.isEmpty()) {
                return 0;
            }
            List<Double> sorted = new ArrayList<>(latenciesMs);
            sorted.sort(Comparator.naturalOrder());
            int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
        }

        double maxLatencyMs() {
            return latenciesMs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private final List<Entry> entries;
    private final Instant started;
    private final Instant finished;
    private final int droppedSpans;
    private final Map<String, String> environment;
    /** Tests that failed, then passed when run again: test id to the earlier failure's message. */
    private final Map<String, String> flaky;

    private final Usage total = new Usage();
    private final Map<String, Usage> byProvider = new TreeMap<>();
    private final Map<String, Usage> byModel = new TreeMap<>();
    private final Map<String, Long> byStatus = new LinkedHashMap<>();
    private int traceCount;
    private int spanCount;
    /** The run against {@code avaliar.report.baseline}, when one was read. */
    private BaselineDiff baseline;
    /** The baseline read, for the budget's growth limit. */
    private Baseline baselineRead;
    /** Why there is no comparison though a baseline was asked for: none there, or not one. */
    private String baselineNote;
    /** The run budget's outcome, when {@code avaliar.budget.*} limits are set. */
    private RunBudget.Result budget;
    /** Each trace as JSON, made once for both the JSON Lines and the page. */
    private final Map<Trace, ObjectNode> json = new java.util.IdentityHashMap<>();

    TestRunReport(
            List<Entry> entries,
            Instant started,
            Instant finished,
            int droppedSpans,
            Map<String, String> environment,
            Map<String, String> flaky) {
        this.flaky = Map.copyOf(flaky);
        this.entries = List.copyOf(entries);
        this.started = started;
        this.finished = finished;
        this.droppedSpans = droppedSpans;
        this.environment = environment;
        for (String status :
                List.of(TestOutcome.SUCCESSFUL, TestOutcome.FAILED, TestOutcome.ABORTED, TestOutcome.SKIPPED)) {
            byStatus.put(status, 0L);
        }
        for (Entry entry : this.entries) {
            if (!entry.outcome().container()) {
                byStatus.merge(entry.outcome().status(), 1L, Long::sum);
            }
            traceCount += entry.traces().size();
            for (Trace trace : entry.traces()) {
                spanCount += trace.spans().size();
                for (CapturedSpan llm : LlmCalls.of(trace)) {
                    total.add(llm);
                    byProvider
                            .computeIfAbsent(llm.provider().orElse("(unknown)"), key -> new Usage())
                            .add(llm);
                    byModel.computeIfAbsent(llm.model().orElse("(unknown)"), key -> new Usage())
                            .add(llm);
                }
            }
        }
    }

    /**
     * Sorts spans to their tests: the outcomes in plan order, each with the traces of the spans that
     * carry its id; spans of tests not in {@code outcomes} (another test plan's) are left out.
     * {@code flaky} holds the tests that passed only when rerun (test id to the earlier failure's message).
     */
    public static TestRunReport of(
            Collection<TestOutcome> outcomes,
            List<SpanData> spans,
            Instant started,
            Instant finished,
            int droppedSpans,
            Map<String, String> environment,
            Map<String, String> flaky) {
        Map<String, List<SpanData>> byTest = new LinkedHashMap<>();
        for (SpanData span : spans) {
            String testId = span.getAttributes().get(ai.avaliar.trace.AvaliarAttributes.TEST_ID);
            if (testId != null) {
                byTest.computeIfAbsent(testId, id -> new ArrayList<>()).add(span);
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (TestOutcome outcome : outcomes) {
            List<SpanData> own = byTest.getOrDefault(outcome.testId(), List.of());
            entries.add(new Entry(outcome, own.isEmpty() ? List.of() : Trace.of(own)));
        }
        return new TestRunReport(entries, started, finished, droppedSpans, environment, flaky);
    }

    /**
     * Checks the run against {@code limits}, for the page and the summary; nothing when none is set.
     * After {@link #compareWith}, for the growth limit against the baseline.
     */
    TestRunReport checkBudget(RunBudget limits) {
        if (limits.isSet()) {
            Map<String, List<Trace>> byTest = new LinkedHashMap<>();
            for (Entry entry : entries) {
                byTest.computeIfAbsent(entry.outcome().path(), path -> new ArrayList<>())
                        .addAll(entry.traces());
            }
            budget = limits.check(byTest, baselineRead);
        }
        return this;
    }

    /**
     * Compares the run with the earlier run's {@code traces.jsonl} at {@code setting} ({@code {module}} in
     * it stands for the working directory's name: the module, under Surefire); nothing when it is not set. A missing file, or one that is not a baseline, is said on the page and in the summary,
     * never failing the run.
     */
    TestRunReport compareWith(Optional<String> setting) {
        String value = setting.map(String::trim).orElse("");
        if (value.isEmpty()) {
            return this;
        }
        Path file = Baseline.file(value);
        try {
            Optional<Baseline> read = Baseline.read(file);
            if (read.isEmpty()) {
                baselineNote = "There is no baseline at " + file.toAbsolutePath() + " (" + BASELINE
                        + "): nothing to compare with. The first run of a branch, or main has no report yet.";
                return this;
            }
            Map<String, TestFigures> now = new LinkedHashMap<>();
            Map<String, String> names = new HashMap<>();
            for (Entry entry : entries) {
                if (!entry.outcome().container()) {
                    now.put(
                            entry.outcome().testId(),
                            TestFigures.of(
                                    entry.traces().stream().map(this::json).toList()));
                    names.put(entry.outcome().testId(), entry.outcome().path());
                }
            }
            baseline = BaselineDiff.of(read.get(), now, names);
            baselineRead = read.get();
        } catch (IllegalArgumentException wrong) {
            baselineNote = "Not compared with a baseline: " + wrong.getMessage();
        }
        return this;
    }

    /** The setting naming the earlier run's {@code traces.jsonl}. */
    static final String BASELINE = Baseline.SETTING;

    Optional<String> baselineNote() {
        return Optional.ofNullable(baselineNote);
    }

    List<Entry> entries() {
        return entries;
    }

    long count(String status) {
        return byStatus.getOrDefault(status, 0L);
    }

    long tests() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    int traces() {
        return traceCount;
    }

    Usage total() {
        return total;
    }

    Map<String, Usage> byProvider() {
        return byProvider;
    }

    Map<String, Usage> byModel() {
        return byModel;
    }

    /** The failed containers (a class whose {@code @BeforeAll} failed, say). */
    long failedContainers() {
        return entries.stream()
                .filter(entry -> entry.outcome().container() && entry.outcome().failed())
                .count();
    }

    // ---- JSON ----

    /** The test's fields of a {@code traces.jsonl} line and of the HTML data, with its rerun note if flaky. */
    private ObjectNode testWithNote(TestOutcome outcome) {
        ObjectNode node = test(outcome);
        String earlier = flaky.get(outcome.testId());
        if (earlier != null) {
            node.put("flaky", "failed, then passed on rerun" + (earlier.isEmpty() ? "" : ": " + earlier));
        }
        return node;
    }

    /** The test's fields of a {@code traces.jsonl} line and of the HTML data. */
    public static ObjectNode test(TestOutcome outcome) {
        ObjectNode node = NODES.objectNode();
        node.put("testId", outcome.testId());
        node.put("displayName", outcome.displayName());
        node.put("path", outcome.path());
        if (!outcome.className().isEmpty()) {
            node.put("className", outcome.className());
        }
        node.put("outcome", outcome.status());
        if (outcome.container()) {
            node.put("container", true);
        }
        if (!outcome.message().isEmpty() || !outcome.failureType().isEmpty()) {
            ObjectNode failure = node.putObject(TestOutcome.SKIPPED.equals(outcome.status()) ? "skipped" : "failure");
            if (!outcome.failureType().isEmpty()) {
                failure.put("type", outcome.failureType());
            }
            failure.put("message", outcome.message());
        }
        if (outcome.durationMillis() >= 0) {
            node.put("durationMs", outcome.durationMillis());
        }
        return node;
    }

    /** The lines of {@code traces.jsonl}: one per trace; a test that traced nothing has one line without a trace. */
    List<ObjectNode> jsonLines() {
        List<ObjectNode> lines = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.traces().isEmpty()) {
                ObjectNode line = testWithNote(entry.outcome());
                line.putNull("traceId");
                line.putArray("spans");
                lines.add(line);
            }
            for (Trace trace : entry.traces()) {
                ObjectNode line = testWithNote(entry.outcome());
                line.setAll(json(trace));
                lines.add(line);
            }
        }
        return lines;
    }

    /** Everything the HTML page shows: the run, its summary and each test with its traces. */
    ObjectNode data() {
        ObjectNode data = NODES.objectNode();
        ObjectNode run = data.putObject("run");
        run.put("started", started.toString());
        run.put("finished", finished.toString());
        run.put("durationMs", Duration.between(started, finished).toMillis());
        run.put("droppedSpans", droppedSpans);
        ObjectNode env = run.putObject("environment");
        environment.forEach(env::put);
        data.set("summary", summary());
        if (budget != null) {
            data.set("budget", budget());
        }
        if (baseline != null) {
            data.set("baseline", baseline.json());
        } else if (baselineNote != null) {
            data.putObject("baseline").put("note", baselineNote);
        }
        ArrayNode tests = data.putArray("tests");
        for (Entry entry : entries) {
            ObjectNode test = testWithNote(entry.outcome());
            ArrayNode traces = test.putArray("traces");
            for (Trace trace : entry.traces()) {
                traces.add(json(trace));
            }
            tests.add(test);
        }
        return data;
    }

    private ObjectNode json(Trace trace) {
        return json.computeIfAbsent(trace, TraceJson::trace);
    }

    private ObjectNode budget() {
        ObjectNode node = NODES.objectNode();
        node.put("breached", budget.breached());
        ArrayNode breaches = node.putArray("breaches");
        for (RunBudget.Breach breach : budget.breaches()) {
            breaches.addObject()
                    .put("what", breach.what())
                    .put("limit", breach.limit())
                    .put("actual", breach.actual());
        }
        ArrayNode top = node.putArray("topTests");
        for (RunBudget.TestSpend test : budget.topTests()) {
            top.addObject()
                    .put("test", test.test())
                    .put("costUsd", test.costUsd())
                    .put("tokens", test.tokens())
                    .put("llmCalls", test.llmCalls());
        }
        return node;
    }

    ObjectNode summary() {
        ObjectNode summary = NODES.objectNode();
        summary.put("tests", tests());
        byStatus.forEach((status, count) -> summary.put(status.toLowerCase(Locale.ROOT), count));
        summary.put("failedContainers", failedContainers());
        summary.put("flaky", flaky.size());
        summary.put("traces", traceCount);
        summary.put("spans", spanCount);
        summary.set("llm", usage(total));
        ObjectNode providers = summary.putObject("byProvider");
        byProvider.forEach((name, usage) -> providers.set(name, usage(usage)));
        ObjectNode models = summary.putObject("byModel");
        byModel.forEach((name, usage) -> models.set(name, usage(usage)));
        return summary;
    }

    private static ObjectNode usage(Usage usage) {
        ObjectNode node = NODES.objectNode();
        node.put("calls", usage.calls);
        node.put("inputTokens", usage.inputTokens);
        node.put("outputTokens", usage.outputTokens);
        node.put("costUsd", usage.costUsd);
        node.put("totalLatencyMs", usage.totalLatencyMs());
        node.put("avgLatencyMs", usage.averageLatencyMs());
        node.put("p95LatencyMs", usage.percentileLatencyMs(95));
        node.put("maxLatencyMs", usage.maxLatencyMs());
        return node;
    }

    // ---- Markdown ----

    /** The run's totals as Markdown, for a CI job summary. */
    String markdown() {
        StringBuilder md = new StringBuilder("### Avaliar: ")
                .append(tests())
                .append(" tests, ")
                .append(count(TestOutcome.FAILED))
                .append(" failed\n\n");
        md.append(
                "| tests | passed | failed | aborted | skipped | traces | llm calls | tokens in | tokens out | cost (USD) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ")
                .append(tests())
                .append(" | ")
                .append(count(TestOutcome.SUCCESSFUL))
                .append(" | ")
                .append(count(TestOutcome.FAILED))
                .append(" | ")
                .append(count(TestOutcome.ABORTED))
                .append(" | ")
                .append(count(TestOutcome.SKIPPED))
                .append(" | ")
                .append(traceCount)
                .append(" | ")
                .append(total.calls)
                .append(" | ")
                .append(total.inputTokens)
                .append(" | ")
                .append(total.outputTokens)
                .append(" | ")
                .append(cost(total.costUsd))
                .append(" |\n");
        if (failedContainers() > 0) {
            md.append("\n").append(failedContainers()).append(" container(s) failed before their tests ran.\n");
        }
        if (!flaky.isEmpty()) {
            md.append("\n").append(flaky.size()).append(" test(s) flaky: failed, then passed on rerun.\n");
        }
        if (budget != null) {
            md.append(
                    budget.breached()
                            ? "\n**Budget exceeded** (avaliar.budget.*)\n\n" + budget.table()
                            : "\nWithin budget (avaliar.budget.*).\n");
        }
        if (baseline != null) {
            md.append(baseline.markdown());
        } else if (baselineNote != null) {
            md.append('\n').append(markdownText(baselineNote)).append('\n');
        }
        breakdown(md, "provider", byProvider);
        breakdown(md, "model", byModel);
        List<Entry> failed =
                entries.stream().filter(entry -> entry.outcome().failed()).toList();
        if (!failed.isEmpty()) {
            md.append("\n**Failed**\n\n");
            failed.stream()
                    .limit(20)
                    .forEach(entry -> md.append("- ")
                            .append(markdownText(entry.outcome().path()))
                            .append(
                                    entry.outcome().message().isEmpty()
                                            ? ""
                                            : ": "
                                                    + markdownText(firstLine(
                                                            entry.outcome().message())))
                            .append('\n'));
            if (failed.size() > 20) {
                md.append("- … and ").append(failed.size() - 20).append(" more (see report.html)\n");
            }
        }
        return md.toString();
    }

    private static void breakdown(StringBuilder md, String what, Map<String, Usage> usages) {
        if (usages.isEmpty()) {
            return;
        }
        md.append("\n| ")
                .append(what)
                .append(" | calls | tokens in | tokens out | cost (USD) | avg latency | p95 latency |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        usages.forEach((name, usage) -> md.append("| ")
                .append(markdownText(name))
                .append(" | ")
                .append(usage.calls)
                .append(" | ")
                .append(usage.inputTokens)
                .append(" | ")
                .append(usage.outputTokens)
                .append(" | ")
                .append(cost(usage.costUsd))
                .append(" | ")
                .append(millis(usage.averageLatencyMs()))
                .append(" | ")
                .append(millis(usage.percentileLatencyMs(95)))
                .append(" |\n"));
    }

    public static String cost(double usd) {
        return String.format(Locale.ROOT, "%.6f", usd);
    }

    public static String millis(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Text that Markdown shows as it is: no tables broken, no HTML. */
    private static String markdownText(String text) {
        return text.replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("`", "\\`")
                .replace("*", "\\*")
                .replace("_", "\\_")
                .replace("[", "\\[")
                .replace("]", "\\]")
                .replace("\r", " ")
                .replace("\n", " ");
    }

    /** The one-line summary printed at the end of the run. */
    String line() {
        return "Avaliar: " + tests() + " tests (" + count(TestOutcome.FAILED) + " failed), " + traceCount + " traces, "
                + total.calls + " llm calls, " + total.inputTokens + " tokens in, " + total.outputTokens
                + " tokens out, $" + cost(total.costUsd);
    }
}
