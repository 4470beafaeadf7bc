package ai.avaliar.junit5.report.baseline;

import ai.avaliar.assertions.internal.LineDiff;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run against its baseline: each test's tokens, cost, llm calls and latency then and now, the
 * tests whose trees changed shape, and the tests that are new or gone. Linear in the tests, but for
 * the line diff of a tree that changed (bounded by {@link LineDiff#MAX_CELLS}).
 *
 * <pre>{@code
 * BaselineDiff diff = BaselineDiff.of(baseline, figuresByTestId, namesByTestId);
 * String table = diff.markdown();
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class BaselineDiff {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int MARKDOWN_ROWS = 50;

    /** One test in both runs. */
    private record Pair(String testId, String name, TestFigures before, TestFigures now) {
        boolean shapeChanged() {
            return !before.shape().equals(now.shape());
        }

        /** Tokens, cost, llm calls or shape changed; latency alone, being noisy, does not count. */
        boolean changed() {
            return shapeChanged()
                    || before.tokens() != now.tokens()
                    || before.llmCalls() != now.llmCalls()
                    || Math.abs(before.costUsd() - now.costUsd()) > 1e-12;
        }
    }

    private final Baseline baseline;
    private final List<Pair> pairs = new ArrayList<>();
    private final List<String> added = new ArrayList<>();
    private final List<String> gone = new ArrayList<>();

    private BaselineDiff(Baseline baseline) {
        this.baseline = baseline;
    }

    /**
     * Compares the run with the baseline.
     *
     * @param baseline the earlier run
     * @param now each test's figures in this run, by test id, in the report's order
     * @param names each test's name, by test id
     * @return the comparison
     */
    public static BaselineDiff of(Baseline baseline, Map<String, TestFigures> now, Map<String, String> names) {
        BaselineDiff diff = new BaselineDiff(baseline);
        now.forEach((testId, figures) -> {
            TestFigures before = baseline.tests().get(testId);
            String name = names.getOrDefault(testId, testId);
            if (before == null) {
                diff.added.add(name);
            } else {
                diff.pairs.add(new Pair(testId, name, before, figures));
            }
        });
        baseline.tests().keySet().stream()
                .filter(testId -> !now.containsKey(testId))
                .forEach(testId -> diff.gone.add(baseline.name(testId)));
        return diff;
    }

    /** For the page: the file, each test's figures then and now (the tree diff when its shape changed), new and gone tests. */
    public ObjectNode json() {
        ObjectNode node = NODES.objectNode();
        node.put("file", baseline.file().toString());
        ObjectNode tests = node.putObject("tests");
        for (Pair pair : pairs) {
            ObjectNode test = tests.putObject(pair.testId());
            test.set("before", figures(pair.before()));
            test.set("now", figures(pair.now()));
            test.put("shapeChanged", pair.shapeChanged());
            if (pair.shapeChanged()) {
                ArrayNode lines = test.putArray("treeDiff");
                List<String> before = pair.before().shape();
                List<String> now = pair.now().shape();
                for (LineDiff.Edit edit : LineDiff.diff(before, now, String::equals, LineDiff.MAX_CELLS)) {
                    switch (edit.op()) {
                        case SAME -> lines.addArray().add(" ").add(now.get(edit.actual()));
                        case REMOVED -> lines.addArray().add("-").add(before.get(edit.expected()));
                        case ADDED -> lines.addArray().add("+").add(now.get(edit.actual()));
                    }
                }
            }
        }
        node.put("changed", pairs.stream().filter(Pair::changed).count());
        node.put("shapeChanged", pairs.stream().filter(Pair::shapeChanged).count());
        added.forEach(node.putArray("newTests")::add);
        gone.forEach(node.putArray("goneTests")::add);
        return node;
    }

    private static ObjectNode figures(TestFigures figures) {
        return NODES.objectNode()
                .put("tokens", figures.tokens())
                .put("costUsd", figures.costUsd())
                .put("llmCalls", figures.llmCalls())
                .put("latencyMs", figures.latencyMs());
    }

    /** For summary.md: the tests that changed, with the change in percent; new and gone tests. */
    public String markdown() {
        StringBuilder md = new StringBuilder("\n**Against the baseline** (")
                .append(baseline.file().getFileName())
                .append("): ");
        List<Pair> changed = pairs.stream().filter(Pair::changed).toList();
        md.append(changed.size())
                .append(" test(s) changed, ")
                .append(pairs.stream().filter(Pair::shapeChanged).count())
                .append(" in tree shape; ")
                .append(added.size())
                .append(" new, ")
                .append(gone.size())
                .append(" gone.\n");
        if (!changed.isEmpty()) {
            md.append("\n| test | tokens | cost (USD) | llm calls | latency | tree |\n|---|---:|---:|---:|---:|---|\n");
            changed.stream()
                    .limit(MARKDOWN_ROWS)
                    .forEach(pair -> md.append("| ")
                            .append(pair.name().replace("|", "\\|"))
                            .append(" | ")
                            .append(change(pair.before().tokens(), pair.now().tokens(), "%.0f"))
                            .append(" | ")
                            .append(change(pair.before().costUsd(), pair.now().costUsd(), "%.6f"))
                            .append(" | ")
                            .append(change(pair.before().llmCalls(), pair.now().llmCalls(), "%.0f"))
                            .append(" | ")
                            .append(change(pair.before().latencyMs(), pair.now().latencyMs(), "%.1f ms"))
                            .append(" | ")
                            .append(pair.shapeChanged() ? "changed" : "same")
                            .append(" |\n"));
            if (changed.size() > MARKDOWN_ROWS) {
                md.append("\n… and ").append(changed.size() - MARKDOWN_ROWS).append(" more (see report.html)\n");
            }
        }
        list(md, "New", added);
        list(md, "Gone", gone);
        return md.toString();
    }

    private static void list(StringBuilder md, String what, List<String> names) {
        if (!names.isEmpty()) {
            md.append("\n").append(what).append(": ");
            md.append(String.join(", ", names.subList(0, Math.min(20, names.size())))
                    .replace("|", "\\|"));
            md.append(names.size() > 20 ? ", … and " + (names.size() - 20) + " more" : "")
                    .append('\n');
        }
    }

    /** {@code 130 → 195 (+50.0%)}. */
    static String change(double before, double now, String format) {
        String text = String.format(Locale.ROOT, format, before) + " → " + String.format(Locale.ROOT, format, now);
        if (before == now) {
            return text;
        }
        if (before == 0) {
            return text + " (new)";
        }
        return text + String.format(Locale.ROOT, " (%+.1f%%)", (now - before) / before * 100);
    }
}
