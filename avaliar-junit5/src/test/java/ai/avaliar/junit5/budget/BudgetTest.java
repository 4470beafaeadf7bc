package ai.avaliar.junit5.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.avaliar.junit5.AvaliarExtension;
import ai.avaliar.junit5.report.ReportRun;
import ai.avaliar.trace.Avaliar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class BudgetTest {

    /** 65 tokens a call (53 in, 12 out): $0.0002525 on gpt-4o, $0.000339 on claude-sonnet-4. */
    @ExtendWith(AvaliarExtension.class)
    static class TwoBriefings {

        static void brief(String model, String provider) {
            Avaliar.agent("morning_briefing")
                    .run(() -> Avaliar.llm("synthesize")
                            .model(model)
                            .provider(provider)
                            .run(run -> run.usage(53, 12)));
        }

        @Test
        void lisbon() {
            brief("gpt-4o", "openai");
        }

        @Test
        void porto() {
            brief("gpt-4o", "openai");
            brief("claude-sonnet-4", "anthropic");
        }
    }

    @ExtendWith(AvaliarExtension.class)
    @TraceBudget(maxLlmCalls = 1)
    static class Budgeted {

        @Test
        @TraceBudget(maxTokens = 100, maxCostUsd = 0.0002)
        void over_its_own_budget() {
            TwoBriefings.brief("gpt-4o", "openai");
        }

        @Test
        void within_the_class_budget() {
            TwoBriefings.brief("gpt-4o", "openai");
        }

        @Test
        void over_the_class_budget() {
            TwoBriefings.brief("gpt-4o", "openai");
            TwoBriefings.brief("gpt-4o", "openai");
        }
    }

    private static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** The failure of the engine itself, as Surefire and Gradle see it. */
    private static List<String> engineFailures(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .filter(event -> event.getTestDescriptor().getParent().isEmpty())
                .map(event -> event.getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow()
                        .getMessage())
                .toList();
    }

    @Test
    void a_run_over_its_token_budget_fails_the_engine_with_a_table_and_the_costliest_tests() {
        EngineExecutionResults results = run(TwoBriefings.class, Map.of(RunBudget.TOKENS, "150"));

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(engineFailures(results)).containsExactly("""
                Avaliar budget exceeded: the tests of this JVM spent more than avaliar.budget.* allows.

                | what | limit | actual |
                |---|---:|---:|
                | tokens of the run | 150 | 195 |

                Top 2 tests by cost:

                | test | cost (USD) | tokens | llm calls |
                |---|---:|---:|---:|
                | BudgetTest$TwoBriefings › porto() | 0.000592 | 130 | 2 |
                | BudgetTest$TwoBriefings › lisbon() | 0.000253 | 65 | 1 |
                """);
    }

    @Test
    void limits_per_provider_and_per_model_are_checked_each() {
        EngineExecutionResults results = run(
                TwoBriefings.class,
                Map.of(
                        RunBudget.COST_BY_PROVIDER, "openai=0.0004, anthropic=1",
                        RunBudget.TOKENS_BY_MODEL, "gpt-4o=1000, claude-sonnet-4=60"));

        assertThat(engineFailures(results))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("| cost (USD) of provider openai | 0.000400 | 0.000505 |")
                .contains("| tokens of model claude-sonnet-4 | 60 | 65 |")
                .doesNotContain("anthropic |")
                .doesNotContain("of model gpt-4o");
    }

    @Test
    void growth_against_the_baseline_is_limited_in_percent(@TempDir Path main) {
        ReportRun.runMethods(main, Map.of(), TwoBriefings.class, "lisbon");

        EngineExecutionResults results = run(
                TwoBriefings.class,
                Map.of(
                        RunBudget.GROWTH,
                        "50%",
                        "avaliar.report.baseline",
                        main.resolve("traces.jsonl").toString()));

        assertThat(engineFailures(results))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("| tokens against the baseline | +50.0% (98) | +200.0% (195) |")
                .contains("| cost (USD) against the baseline | +50.0% (0.000379) | +234.3% (0.000844) |");
    }

    @Test
    void a_run_within_budget_passes() {
        EngineExecutionResults results =
                run(TwoBriefings.class, Map.of(RunBudget.TOKENS, "195", RunBudget.COST, "0.01"));

        assertThat(engineFailures(results)).isEmpty();
        results.allEvents().assertStatistics(stats -> stats.failed(0));
    }

    @Test
    void a_limit_that_is_not_a_number_says_how_to_write_it() {
        EngineExecutionResults results = run(TwoBriefings.class, Map.of(RunBudget.COST_BY_MODEL, "gpt-4o:0.1"));

        assertThat(results.allEvents().failed().stream()
                        .map(event -> event.getRequiredPayload(TestExecutionResult.class)
                                .getThrowable()
                                .orElseThrow()
                                .getMessage()))
                .contains("avaliar.budget.costUsd.byModel = 'gpt-4o:0.1': 'gpt-4o:0.1' is not name=limit; write it"
                        + " as openai=0.40, anthropic=0.10");
    }

    @Test
    void a_test_over_its_trace_budget_fails_saying_what_it_spent() {
        EngineExecutionResults results = run(Budgeted.class, Map.of());

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(2));
        assertThat(failure(results, "over_its_own_budget()"))
                .startsWith(
                        "This test spent more than its @TraceBudget allows: cost $0.000253 > maxCostUsd $0.000200.");
        assertThat(failure(results, "over_the_class_budget()"))
                .startsWith("This test spent more than its @TraceBudget allows: llm calls 2 > maxLlmCalls 1.");
    }

    @Test
    void the_report_shows_the_breach_in_summary_md_and_report_html(@TempDir Path dir) throws IOException {
        ReportRun.run(dir, Map.of(RunBudget.TOKENS, "150"), TwoBriefings.class);

        assertThat(Files.readString(dir.resolve("summary.md")))
                .contains("**Budget exceeded** (avaliar.budget.*)")
                .contains("| tokens of the run | 150 | 195 |")
                .contains("| BudgetTest$TwoBriefings › porto() | 0.000592 | 130 | 2 |");
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains(
                        "\"budget\":{\"breached\":true,\"breaches\":[{\"what\":\"tokens of the run\",\"limit\":\"150\",\"actual\":\"195\"}]");
    }

    @Test
    void the_report_says_when_the_run_is_within_budget(@TempDir Path dir) throws IOException {
        ReportRun.run(dir, Map.of(RunBudget.TOKENS, "1000"), TwoBriefings.class);

        assertThat(Files.readString(dir.resolve("summary.md"))).contains("Within budget (avaliar.budget.*).");
    }

    private static String failure(EngineExecutionResults results, String test) {
        return results.testEvents().failed().stream()
                .filter(event -> event.getTestDescriptor().getDisplayName().equals(test))
                .map(event -> event.getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow()
                        .getMessage())
                .findFirst()
                .orElseThrow();
    }
}
