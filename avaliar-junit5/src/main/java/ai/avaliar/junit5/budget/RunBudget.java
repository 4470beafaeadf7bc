package ai.avaliar.junit5.budget;

import ai.avaliar.junit5.internal.LlmCalls;
import ai.avaliar.junit5.report.baseline.Baseline;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Limits of what a whole test run may spend, set as JUnit configuration parameters
 * ({@code junit-platform.properties} or {@code -D}), checked when the run ends. A breach fails the
 * run with a table of what was over its limit and the five tests that cost most; report.html and
 * summary.md show it too.
 *
 * <pre>{@code
 * # junit-platform.properties
 * avaliar.budget.costUsd=0.50                          # all llm calls of the run, in US dollars
 * avaliar.budget.tokens=200000                         # input plus output tokens
 * avaliar.budget.costUsd.byProvider=openai=0.40, anthropic=0.10
 * avaliar.budget.tokens.byModel=gpt-4o=100000, gpt-4o-mini=50000
 * avaliar.budget.growthPercent=10                      # tokens and cost against avaliar.report.baseline
 * }</pre>
 *
 * <p>The limits apply to the tests of one JVM: with several Surefire forks, or several modules, each
 * JVM checks what its own tests spent (see the README).
 *
 * @since 0.1.0
 */
public final class RunBudget {

    /** Cost of the run in US dollars. */
    public static final String COST = "avaliar.budget.costUsd";
    /** Tokens of the run. */
    public static final String TOKENS = "avaliar.budget.tokens";
    /** Cost per provider: {@code name=usd, name=usd}. */
    public static final String COST_BY_PROVIDER = "avaliar.budget.costUsd.byProvider";
    /** Tokens per provider: {@code name=tokens, name=tokens}. */
    public static final String TOKENS_BY_PROVIDER = "avaliar.budget.tokens.byProvider";
    /** Cost per model: {@code name=usd, name=usd}. */
    public static final String COST_BY_MODEL = "avaliar.budget.costUsd.byModel";
    /** Tokens per model: {@code name=tokens, name=tokens}. */
    public static final String TOKENS_BY_MODEL = "avaliar.budget.tokens.byModel";

    /** How much the run's tokens and its cost may grow against the baseline, in percent. */
    public static final String GROWTH = "avaliar.budget.growthPercent";

    static final int TOP_TESTS = 5;

    /** One limit: what it bounds, the key it came from, and how much. */
    private record Limit(String what, String scope, String name, boolean cost, double amount) {}

    /**
     * A limit that was passed.
     *
     * @param what what was over, such as {@code cost (USD) of model gpt-4o}
     * @param limit the limit, as written
     * @param actual what was spent, in the same unit
     */
    public record Breach(String what, String limit, String actual) {}

    /**
     * What the five most expensive tests spent.
     *
     * @param test the test's name
     * @param costUsd its cost
     * @param tokens its tokens
     * @param llmCalls its llm calls
     */
    public record TestSpend(String test, double costUsd, long tokens, long llmCalls) {}

    private final List<Limit> limits;

    private RunBudget(List<Limit> limits) {
        this.limits = List.copyOf(limits);
    }

    /**
     * The limits set in the configuration; none when no {@code avaliar.budget.*} parameter is set.
     *
     * @param config a configuration parameter by key
     * @return the budget
     * @throws ExtensionConfigurationException when a value is not a number or not {@code name=number} pairs
     */
    public static RunBudget from(Function<String, Optional<String>> config) {
        List<Limit> limits = new ArrayList<>();
        config.apply(COST)
                .ifPresent(value -> limits.add(new Limit("cost (USD)", "run", "", true, number(COST, value))));
        config.apply(TOKENS)
                .ifPresent(value -> limits.add(new Limit("tokens", "run", "", false, number(TOKENS, value))));
        config.apply(GROWTH).ifPresent(value -> {
            double percent =
                    number(GROWTH, value.trim().endsWith("%") ? value.trim().replace("%", "") : value);
            limits.add(new Limit("tokens", "growth", "", false, percent));
            limits.add(new Limit("cost (USD)", "growth", "", true, percent));
        });
        pairs(config, COST_BY_PROVIDER, "provider", true, limits);
        pairs(config, TOKENS_BY_PROVIDER, "provider", false, limits);
        pairs(config, COST_BY_MODEL, "model", true, limits);
        pairs(config, TOKENS_BY_MODEL, "model", false, limits);
        return new RunBudget(limits);
    }

    private static void pairs(
            Function<String, Optional<String>> config, String key, String scope, boolean cost, List<Limit> limits) {
        String value = config.apply(key).orElse("").trim();
        if (value.isEmpty()) {
            return;
        }
        for (String pair : value.split(",")) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException(
                        key + " = '" + value + "': '" + pair.trim() + "' is not name=limit; write it as "
                                + (cost ? "openai=0.40, anthropic=0.10" : "gpt-4o=100000"));
            }
            limits.add(new Limit(
                    cost ? "cost (USD)" : "tokens",
                    scope,
                    pair.substring(0, eq).trim(),
                    cost,
                    number(key, pair.substring(eq + 1))));
        }
    }

    private static double number(String key, String value) {
        try {
            double number = Double.parseDouble(value.trim());
            if (number >= 0 && !Double.isInfinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ExtensionConfigurationException(
                key + ": '" + value.trim() + "' is not a limit; give a number from 0 up, such as 0.50 or 200000");
    }

    /**
     * Whether any limit is set.
     *
     * @return true when there is something to check
     */
    public boolean isSet() {
        return !limits.isEmpty();
    }

    /**
     * Checks what the tests spent against the limits.
     *
     * @param tests each test's name and the traces it made
     * @param baseline the earlier run, for the growth limit; null when there is none (then it is not checked)
     * @return the breaches (empty when within budget) and the tests that cost most
     */
    public Result check(Map<String, List<Trace>> tests, Baseline baseline) {
        Spend total = new Spend();
        Map<String, Spend> byProvider = new TreeMap<>();
        Map<String, Spend> byModel = new TreeMap<>();
        List<TestSpend> perTest = new ArrayList<>(tests.size());
        tests.forEach((test, traces) -> {
            Spend own = new Spend();
            for (Trace trace : traces) {
                for (CapturedSpan llm : LlmCalls.of(trace)) {
                    own.add(llm);
                    total.add(llm);
                    byProvider
                            .computeIfAbsent(llm.provider().orElse("(unknown)"), key -> new Spend())
                            .add(llm);
                    byModel.computeIfAbsent(llm.model().orElse("(unknown)"), key -> new Spend())
                            .add(llm);
                }
            }
            perTest.add(new TestSpend(test, own.costUsd, own.tokens, own.llmCalls));
        });
        List<Breach> breaches = new ArrayList<>();
        for (Limit limit : limits) {
            if (limit.scope().equals("growth")) {
                if (baseline != null) {
                    growth(
                            limit,
                            limit.cost() ? baseline.totalCostUsd() : baseline.totalTokens(),
                            limit.cost() ? total.costUsd : total.tokens,
                            breaches);
                }
                continue;
            }
            Spend spent = switch (limit.scope()) {
                case "provider" -> byProvider.getOrDefault(limit.name(), new Spend());
                case "model" -> byModel.getOrDefault(limit.name(), new Spend());
                default -> total;
            };
            double actual = limit.cost() ? spent.costUsd : spent.tokens;
            if (actual > limit.amount() + (limit.cost() ? 1e-12 : 0)) {
                String what = limit.what() + " of "
                        + (limit.scope().equals("run") ? "the run" : limit.scope() + " " + limit.name());
                breaches.add(new Breach(what, format(limit.cost(), limit.amount()), format(limit.cost(), actual)));
            }
        }
        perTest.sort(Comparator.comparingDouble((ToDoubleFunction<TestSpend>) TestSpend::costUsd)
                .reversed()
                .thenComparing(Comparator.comparingLong(TestSpend::tokens).reversed()));
        return new Result(breaches, perTest.subList(0, Math.min(TOP_TESTS, perTest.size())));
    }

    private static void growth(Limit limit, double before, double now, List<Breach> breaches) {
        double allowed = before * (1 + limit.amount() / 100);
        if (now > allowed + (limit.cost() ? 1e-12 : 0)) {
            breaches.add(new Breach(
                    limit.what() + " against the baseline",
                    String.format(Locale.ROOT, "+%.1f%% (%s)", limit.amount(), format(limit.cost(), allowed)),
                    before == 0
                            ? format(limit.cost(), now) + " (none before)"
                            : String.format(
                                    Locale.ROOT,
                                    "%+.1f%% (%s)",
                                    (now - before) / before * 100,
                                    format(limit.cost(), now))));
        }
    }

    private static String format(boolean cost, double amount) {
        return cost ? String.format(Locale.ROOT, "%.6f", amount) : Long.toString(Math.round(amount));
    }

    /**
     * The outcome of a check.
     *
     * @param breaches the limits passed, in the order they were set
     * @param topTests the five tests that cost most, most first
     */
    public record Result(List<Breach> breaches, List<TestSpend> topTests) {

        /**
         * Whether a limit was passed.
         *
         * @return true on a breach
         */
        public boolean breached() {
            return !breaches.isEmpty();
        }

        /**
         * The breach as Markdown tables: what, limit, actual; then the top tests by cost. The failure
         * message of the run and the budget section of summary.md.
         *
         * @return the tables
         */
        public String table() {
            StringBuilder out = new StringBuilder("| what | limit | actual |\n|---|---:|---:|\n");
            for (Breach breach : breaches) {
                out.append("| ")
                        .append(breach.what())
                        .append(" | ")
                        .append(breach.limit())
                        .append(" | ")
                        .append(breach.actual())
                        .append(" |\n");
            }
            out.append("\nTop ").append(topTests.size()).append(" tests by cost:\n\n");
            out.append("| test | cost (USD) | tokens | llm calls |\n|---|---:|---:|---:|\n");
            for (TestSpend test : topTests) {
                out.append("| ")
                        .append(test.test().replace("|", "\\|"))
                        .append(" | ")
                        .append(format(true, test.costUsd()))
                        .append(" | ")
                        .append(test.tokens())
                        .append(" | ")
                        .append(test.llmCalls())
                        .append(" |\n");
            }
            return out.toString();
        }
    }
}
