package ai.avaliar.junit5.allure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.internal.TraceJson;
import ai.avaliar.junit5.report.ReportFixtures;
import ai.avaliar.junit5.report.ReportRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Allure attachments: each test's traces in its Allure result when Allure is there, nothing breaking when not. */
class AllureReportTest {

    private static final String BRIEFS_ON_LISBON =
            "[engine:junit-jupiter]/[class:ai.avaliar.junit5.report.ReportFixtures$Briefing]/[method:briefs_on_lisbon()]";

    @TempDir
    Path dir;

    @Test
    void attaches_each_trace_as_text_json_and_html_to_the_tests_allure_result() throws IOException {
        // Allure's JUnit Platform integration is on this class path and registers itself, as in a user's build.
        TestExecutionSummary summary = ReportRun.run(dir, Map.of(), true, ReportFixtures.Briefing.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);

        JsonNode result = allureResult(BRIEFS_ON_LISBON);
        List<String> names = new ArrayList<>();
        result.get("attachments")
                .forEach(attachment -> names.add(attachment.get("name").asText() + " "
                        + attachment.get("type").asText()));
        assertThat(names)
                .containsExactly(
                        "Avaliar trace: morning_briefing text/plain",
                        "Avaliar trace: morning_briefing (JSON) application/json",
                        "Avaliar trace: morning_briefing (HTML) text/html");

        String text = attachment(result, 0);
        assertThat(text).startsWith("morning_briefing").contains("synthesize").contains("polish");
        JsonNode json = TraceJson.MAPPER.readTree(attachment(result, 1));
        assertThat(json.get("spans")).hasSize(4);
        assertThat(json.get("spans").get(2).get("model").asText()).isEqualTo("gpt-4o");
        String html = attachment(result, 2);
        assertThat(html)
                .contains("<b>synthesize</b>")
                .contains("gpt-4o")
                .contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;")
                .contains("PROMPT_INJECTION: COMPLETED (LOCAL)\n  HIGH script score 0.9: HTML script in the prompt")
                .doesNotContain("<script>window.__pwned");
    }

    @Test
    void an_extension_registered_twice_attaches_each_trace_once() throws IOException {
        ReportRun.run(dir, Map.of(), true, ReportFixtures.RegisteredTwice.class);

        JsonNode result = allureResult(
                "[engine:junit-jupiter]/[class:ai.avaliar.junit5.report.ReportFixtures$RegisteredTwice]/[method:briefs_on_lisbon()]");
        assertThat(result.get("attachments")).hasSize(3);
    }

    @Test
    void a_test_without_traces_gets_no_attachments() throws IOException {
        ReportRun.run(dir, Map.of(), true, ReportFixtures.Plain.class);

        JsonNode result = allureResult(
                "[engine:junit-jupiter]/[class:ai.avaliar.junit5.report.ReportFixtures$Plain]/[method:adds_numbers()]");
        assertThat(result.get("attachments")).isEmpty();
    }

    @Test
    void without_allure_on_the_class_path_tests_run_and_the_report_is_written() throws Exception {
        List<URL> withoutAllure = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.contains("allure")) {
                withoutAllure.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader loader =
                new URLClassLoader(withoutAllure.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.getResource("io/qameta/allure/Allure.class")).isNull();
            Class<?> run = Class.forName(IsolatedRun.class.getName(), true, loader);

            // JUnit finds engines and listeners through the context class loader.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            String outcome;
            try {
                outcome = (String) run.getMethod("run", String.class).invoke(null, dir.toString());
            } finally {
                thread.setContextClassLoader(previous);
            }

            assertThat(outcome).isEqualTo("allure on class path: false, succeeded: 1, failed: 1");
        }
        assertThat(Files.readAllLines(dir.resolve("traces.jsonl"))).hasSize(5);
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
    }

    /** Runs the briefing fixture in whatever class loader loaded it. */
    public static final class IsolatedRun {

        private IsolatedRun() {}

        public static String run(String dir) {
            TestExecutionSummary summary = ReportRun.run(Path.of(dir), Map.of(), true, ReportFixtures.Briefing.class);
            return "allure on class path: " + AllureTraces.ON_CLASS_PATH + ", succeeded: "
                    + summary.getTestsSucceededCount() + ", failed: " + summary.getTestsFailedCount();
        }
    }

    private static Path resultsDir() {
        return Path.of(System.getProperty("allure.results.directory", "allure-results"));
    }

    private static JsonNode allureResult(String testId) throws IOException {
        try (Stream<Path> files = Files.list(resultsDir())) {
            JsonNode latest = null;
            long latestStart = -1;
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json"))
                    .toList()) {
                JsonNode result = TraceJson.MAPPER.readTree(file.toFile());
                if (testId.equals(result.path("testCaseId").asText())
                        && result.path("start").asLong() > latestStart) {
                    latest = result;
                    latestStart = result.path("start").asLong();
                }
            }
            assertThat(latest)
                    .as("Allure result of " + testId + " in " + resultsDir().toAbsolutePath())
                    .isNotNull();
            return latest;
        }
    }

    private static String attachment(JsonNode result, int index) throws IOException {
        return Files.readString(resultsDir()
                .resolve(result.get("attachments").get(index).get("source").asText()));
    }
}
