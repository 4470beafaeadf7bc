package ai.avaliar.junit5.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report against a baseline: an earlier run's traces.jsonl ({@code avaliar.report.baseline}). */
class BaselineReportTest {

    @TempDir
    Path main;

    @TempDir
    Path branch;

    private String summary() throws IOException {
        return Files.readString(branch.resolve("summary.md"));
    }

    private Map<String, String> baseline(Path file) {
        return Map.of(TestRunReport.BASELINE, file.toString());
    }

    @Test
    void the_summary_shows_each_changed_test_against_the_baseline_in_percent_and_new_and_gone_tests()
            throws IOException {
        BaselineFixtures.runMainThenBranch(main, branch, baseline(main.resolve("traces.jsonl")));

        assertThat(summary())
                .contains("**Against the baseline** (traces.jsonl): 1 test(s) changed, 1 in tree shape; 1 new, 1 gone.")
                .containsPattern(
                        "\\| BaselineFixtures\\$Agent › briefs\\(\\) \\| 65 → 130 \\(\\+100\\.0%\\) \\| 0\\.000253 → 0\\.000415"
                                + " \\(\\+64\\.4%\\) \\| 1 → 1 \\| [^|]+ \\| changed \\|")
                .doesNotContain("stays\\_the\\_same() |")
                .contains("New: BaselineFixtures$Agent › is_new_on_the_branch()")
                .contains("Gone: BaselineFixtures$Agent › is_removed_on_the_branch()");
    }

    @Test
    void the_page_holds_each_tests_figures_then_and_now_and_the_tree_diff_of_a_changed_shape() throws IOException {
        BaselineFixtures.runMainThenBranch(main, branch, baseline(main.resolve("traces.jsonl")));

        String page = Files.readString(branch.resolve("report.html"));
        assertThat(page)
                .contains("\"shapeChanged\":true,\"treeDiff\":[[\" \",\"morning_briefing  (agent)\"],"
                        + "[\" \",\"  fetch_weather  (tool)\"],[\" \",\"  synthesize  (llm)\"],"
                        + "[\"+\",\"  web_search  (tool)\"]]")
                .contains("\"before\":{\"tokens\":65,");
    }

    @Test
    void a_missing_baseline_is_said_and_fails_nothing() throws IOException {
        Path none = main.resolve("traces.jsonl");
        BaselineFixtures.runMainThenBranch(Files.createTempDirectory(main, "unused"), branch, baseline(none));

        assertThat(summary())
                .contains("There is no baseline at "
                        + none.toAbsolutePath().toString().replace("_", "\\_"));
        assertThat(Files.readString(branch.resolve("report.html"))).contains("There is no baseline at");
    }

    @Test
    void a_truncated_baseline_is_named_with_its_line_and_what_to_do() throws IOException {
        BaselineFixtures.runMainThenBranch(main, branch, Map.of());
        Path cut = main.resolve("cut.jsonl");
        List<String> lines = Files.readAllLines(main.resolve("traces.jsonl"));
        Files.writeString(cut, lines.get(0) + "\n" + lines.get(1).substring(0, 40), StandardCharsets.UTF_8);

        BaselineFixtures.runMainThenBranch(Files.createTempDirectory(main, "unused"), branch, baseline(cut));

        assertThat(summary())
                .contains("Not compared with a baseline: The baseline "
                        + cut.toString().replace("_", "\\_") + ", line 2, is not JSON (")
                .contains("the file may have been cut short). Give avaliar.report.baseline the traces.jsonl that"
                        + " avaliar-junit5 wrote in an earlier run (target/avaliar/traces.jsonl), whole, or leave the"
                        + " setting out.");
    }

    @Test
    void a_file_that_is_not_ours_is_named_with_its_line() throws IOException {
        Path foreign = main.resolve("results.jsonl");
        Files.writeString(foreign, "{\"test\":\"a\",\"passed\":true}\n");

        BaselineFixtures.runMainThenBranch(Files.createTempDirectory(main, "unused"), branch, baseline(foreign));

        assertThat(summary())
                .contains("The baseline " + foreign + ", line 1, is not a line of Avaliar's traces.jsonl: it needs a"
                        + " \"testId\" and a \"spans\" array (a file of another tool, or of another version of"
                        + " avaliar-junit5?).");
    }
}
