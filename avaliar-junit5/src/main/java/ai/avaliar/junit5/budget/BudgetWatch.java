package ai.avaliar.junit5.budget;

import ai.avaliar.junit5.internal.TestRunSpans;
import ai.avaliar.junit5.report.baseline.Baseline;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Enforces budgets: a test's {@link TraceBudget} after it ran, and the {@link RunBudget} when the
 * Jupiter engine has run every test of the JVM.
 *
 * <p>How a run budget fails the build: a {@code TestExecutionListener} cannot (the launcher logs and
 * swallows what a listener throws), so the extension keeps this watch in the engine's root store,
 * and JUnit closes it when the engine's execution ends. What {@link #close()} throws fails the
 * engine itself ({@code JUnit Jupiter} is reported failed), and Maven Surefire and Gradle count
 * that as a failure of the run, so {@code mvn verify} fails with the table in its output.
 *
 * <pre>{@code
 * BudgetWatch watch = BudgetWatch.start(context::getConfigurationParameter);
 * watch.testStarted(testId, () -> "MyTest > answers");
 * watch.close(); // throws when the run spent more than avaliar.budget.* allows
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class BudgetWatch implements AutoCloseable {

    private final RunBudget budget;
    private final TestRunSpans.Recording recording;
    private final Map<String, String> tests = new ConcurrentHashMap<>();
    private final Map<String, Integer> order = new ConcurrentHashMap<>();

    private final Baseline baseline;

    private BudgetWatch(RunBudget budget, Baseline baseline) {
        this.budget = budget;
        this.baseline = baseline;
        this.recording = budget.isSet() ? TestRunSpans.record(Integer.MAX_VALUE, tests::containsKey) : null;
    }

    /**
     * A watch over the tests of one engine run, with the run budget of {@code config}.
     *
     * @param config the configuration parameters
     * @return the watch; it records nothing when no run budget is set
     */
    public static BudgetWatch start(Function<String, Optional<String>> config) {
        RunBudget budget = RunBudget.from(config);
        Baseline baseline = null;
        String setting = config.apply(Baseline.SETTING).orElse("").trim();
        if (budget.isSet() && !setting.isEmpty()) {
            try {
                baseline = Baseline.read(Baseline.file(setting)).orElse(null);
            } catch (IllegalArgumentException wrong) {
                // The report says what is wrong with it; the growth limit is not checked then.
            }
        }
        return new BudgetWatch(budget, baseline);
    }

    /**
     * Counts a test's spans towards the run budget.
     *
     * @param testId the test's unique id
     * @param name how the table names it
     */
    public void testStarted(String testId, Supplier<String> name) {
        if (recording != null) {
            order.putIfAbsent(testId, order.size());
            tests.computeIfAbsent(testId, id -> name.get());
        }
    }

    /**
     * Checks one test's traces against its budget.
     *
     * @param budget the test's annotation
     * @param traces the traces it made
     * @return the failure message, or empty within budget
     */
    public static Optional<String> checkTest(TraceBudget budget, Collection<Trace> traces) {
        Spend spend = Spend.of(traces);
        List<String> over = new ArrayList<>();
        if (budget.maxTokens() >= 0 && spend.tokens > budget.maxTokens()) {
            over.add("tokens " + spend.tokens + " > maxTokens " + budget.maxTokens());
        }
        if (budget.maxCostUsd() >= 0 && spend.costUsd > budget.maxCostUsd() + 1e-12) {
            over.add(String.format(Locale.ROOT, "cost $%.6f > maxCostUsd $%.6f", spend.costUsd, budget.maxCostUsd()));
        }
        if (budget.maxLlmCalls() >= 0 && spend.llmCalls > budget.maxLlmCalls()) {
            over.add("llm calls " + spend.llmCalls + " > maxLlmCalls " + budget.maxLlmCalls());
        }
        if (over.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("This test spent more than its @TraceBudget allows: " + String.join(", ", over) + ".");
    }

    /**
     * The run's check: throws the breach table when the tests spent more than the run budget.
     *
     * @throws AssertionError on a breach
     */
    @Override
    public void close() {
        if (recording == null) {
            return;
        }
        RunBudget.Result result;
        try {
            result = budget.check(byTest(recording.spans()), baseline);
        } finally {
            recording.close();
        }
        if (result.breached()) {
            throw new AssertionError(message(result));
        }
    }

    /** The failure message of a breach. */
    public static String message(RunBudget.Result result) {
        return "Avaliar budget exceeded: the tests of this JVM spent more than avaliar.budget.* allows.\n\n"
                + result.table();
    }

    private Map<String, List<Trace>> byTest(List<SpanData> spans) {
        Map<String, List<SpanData>> grouped = new LinkedHashMap<>();
        for (SpanData span : spans) {
            String testId = span.getAttributes().get(AvaliarAttributes.TEST_ID);
            grouped.computeIfAbsent(testId, key -> new ArrayList<>()).add(span);
        }
        Map<String, List<Trace>> byTest = new LinkedHashMap<>();
        tests.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(id -> order.getOrDefault(id, 0))))
                .forEach(test -> {
                    List<SpanData> own = grouped.get(test.getKey());
                    if (own != null) {
                        // Invocations that share a name (a test rerun) add up.
                        byTest.computeIfAbsent(test.getValue(), name -> new ArrayList<>())
                                .addAll(Trace.of(own));
                    } else {
                        byTest.putIfAbsent(test.getValue(), new ArrayList<>());
                    }
                });
        return byTest;
    }
}
