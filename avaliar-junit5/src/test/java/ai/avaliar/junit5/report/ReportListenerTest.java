package ai.avaliar.junit5.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.internal.Options;
import ai.avaliar.junit5.internal.TraceJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The end-of-run report: every test's outcome with its traces, in traces.jsonl, report.html and summary.md. */
class ReportListenerTest {

    @TempDir
    Path dir;

    @Test
    void writes_one_line_per_trace_with_the_test_and_its_outcome() throws IOException {
        TestExecutionSummary summary =
                ReportRun.run(dir, Map.of(), ReportFixtures.Briefing.class, ReportFixtures.Plain.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);

        List<JsonNode> lines = lines();
        assertThat(lines)
                .extracting(line -> line.get("displayName").asText() + " "
                        + line.get("outcome").asText())
                .containsExactlyInAnyOrder(
                        "briefs on Lisbon SUCCESSFUL",
                        "fails_on_the_wrong_city() FAILED",
                        "fails_on_the_wrong_city() FAILED",
                        "skipped_briefing() SKIPPED",
                        "aborted_briefing() ABORTED",
                        "adds_numbers() SUCCESSFUL");

        JsonNode lisbon = line(lines, "briefs on Lisbon");
        assertThat(lisbon.get("testId").asText()).contains("[method:briefs_on_lisbon()]");
        assertThat(lisbon.get("path").asText()).isEqualTo("ReportFixtures$Briefing › briefs on Lisbon");
        assertThat(lisbon.get("traceId").asText()).hasSize(32);
        assertThat(lisbon.get("complete").asBoolean()).isTrue();
        assertThat(names(lisbon)).containsExactly("morning_briefing", "fetch_weather", "synthesize", "polish");

        JsonNode root = span(lisbon, "morning_briefing");
        assertThat(root.get("type").asText()).isEqualTo("agent");
        assertThat(root.get("parentSpanId").isNull()).isTrue();
        assertThat(root.get("inputs").get("city").asText()).isEqualTo("Lisbon");
        assertThat(root.get("output").asText()).isEqualTo("Good morning! It is sunny in Lisbon. Enjoy.");

        JsonNode llm = span(lisbon, "synthesize");
        assertThat(llm.get("parentSpanId").asText())
                .isEqualTo(root.get("spanId").asText());
        assertThat(llm.get("type").asText()).isEqualTo("llm");
        assertThat(llm.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(llm.get("provider").asText()).isEqualTo("openai");
        assertThat(llm.get("inputTokens").asLong()).isEqualTo(53);
        assertThat(llm.get("outputTokens").asLong()).isEqualTo(12);
        assertThat(llm.get("costUsd").asDouble())
                .isEqualTo((53 * 2.50 + 12 * 10.00) / 1_000_000, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(llm.get("generationInfo").get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(llm.get("generationInfo").get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(llm.get("inputs").get("prompt").asText())
                .startsWith("Write a morning briefing. " + ReportFixtures.INJECTION);
        assertThat(llm.get("status").asText()).isEqualTo("OK");
        assertThat(llm.get("durationMs").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(llm.get("start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode detection = llm.get("detections").get(0);
        assertThat(detection.get("detector").asText()).isEqualTo("PROMPT_INJECTION");
        assertThat(detection.get("hasIssues").asBoolean()).isTrue();
        assertThat(detection.get("issues").get(0).get("severity").asText()).isEqualTo("HIGH");
        assertThat(detection
                        .get("issues")
                        .get(0)
                        .get("ranges")
                        .get(0)
                        .get("field")
                        .asText())
                .isEqualTo("input");

        JsonNode failed = line(lines, "fails_on_the_wrong_city()");
        assertThat(failed.get("failure").get("type").asText()).isEqualTo("org.opentest4j.AssertionFailedError");
        assertThat(failed.get("failure").get("message").asText())
                .isEqualTo("expected a briefing on Lisbon but got one on Porto");
        assertThat(names(failed)).containsExactly("geocode");
        JsonNode geocode = span(failed, "geocode");
        assertThat(geocode.get("status").asText()).isEqualTo("ERROR");
        assertThat(geocode.get("error").asText()).isEqualTo("not a city: Portugal");
        assertThat(geocode.get("exception").get("type").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(geocode.get("exception").get("stackTrace").asText())
                .contains("at ai.avaliar.junit5.report.ReportFixtures");
        assertThat(names(lines.get(lines.indexOf(failed) + 1)))
                .containsExactly("morning_briefing", "fetch_weather", "synthesize", "polish");

        JsonNode plain = line(lines, "adds_numbers()");
        assertThat(plain.get("traceId").isNull()).isTrue();
        assertThat(plain.get("spans")).isEmpty();
        assertThat(line(lines, "skipped_briefing()")
                        .get("skipped")
                        .get("message")
                        .asText())
                .isEqualTo("not on weekends");
        assertThat(line(lines, "aborted_briefing()")
                        .get("failure")
                        .get("message")
                        .asText())
                .contains("no weather service today");
    }

    @Test
    void summarises_the_run_in_markdown_with_cost_by_provider_and_model() throws IOException {
        ReportRun.run(dir, Map.of(), ReportFixtures.Briefing.class, ReportFixtures.Plain.class);

        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).startsWith("### Avaliar: 5 tests, 1 failed\n");
        assertThat(summary).contains("| 5 | 2 | 1 | 1 | 1 | 3 | 4 | 146 | 44 |");
        assertThat(summary).contains("| anthropic | 2 | 40 | 20 |").contains("| openai | 2 | 106 | 24 |");
        assertThat(summary).contains("| claude-opus-4-5 | 2 |").contains("| gpt-4o | 2 |");
        assertThat(summary)
                .contains(
                        "- ReportFixtures$Briefing › fails\\_on\\_the\\_wrong\\_city(): expected a briefing on Lisbon");
    }

    @Test
    void lists_a_class_whose_set_up_failed_as_a_failed_container() throws IOException {
        ReportRun.run(dir, Map.of(), ReportFixtures.BrokenSetUp.class);

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode container = lines.get(0);
        assertThat(container.get("container").asBoolean()).isTrue();
        assertThat(container.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(container.get("path").asText()).isEqualTo("ReportFixtures$BrokenSetUp");
        assertThat(container.get("failure").get("message").asText()).isEqualTo("weather service unreachable");
        assertThat(Files.readString(dir.resolve("summary.md")))
                .startsWith("### Avaliar: 0 tests, 0 failed\n")
                .contains("1 container(s) failed before their tests ran.");
    }

    @Test
    void gives_each_dynamic_test_its_own_trace() throws IOException {
        ReportRun.run(dir, Map.of(), ReportFixtures.Many.class);

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(ReportFixtures.Many.COUNT);
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("displayName").asText()).isEqualTo("case 1999");
        assertThat(last.get("testId").asText()).endsWith("/[dynamic-test:#2000]");
        assertThat(names(last)).containsExactly("agent_1999", "answer");
    }

    @Test
    void keeps_spans_that_end_after_their_test() throws IOException {
        ReportRun.run(dir, Map.of(), ReportFixtures.LateSpan.class);

        JsonNode line = lines().get(0);
        assertThat(names(line)).containsExactly("dispatcher", "slow_tool");
        assertThat(span(line, "slow_tool").get("durationMs").asDouble()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void gives_up_waiting_for_late_spans_after_the_configured_time() throws IOException {
        // The extension stops waiting for the test's open spans after 50 ms too, and only logs the one still open.
        ReportRun.run(
                dir,
                Map.of(AvaliarReportListener.AWAIT, "50 ms", Options.AWAIT_TIMEOUT, "50 ms", Options.STRICT, "false"),
                ReportFixtures.LateSpan.class);

        assertThat(names(lines().get(0))).containsExactly("dispatcher");
    }

    @Test
    void gives_each_test_its_own_spans_under_parallel_execution() throws IOException {
        ReportRun.run(
                dir,
                Map.of(
                        "junit.jupiter.execution.parallel.enabled",
                        "true",
                        "junit.jupiter.execution.parallel.mode.default",
                        "concurrent"),
                ReportFixtures.Parallel.class);

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(8);
        for (JsonNode line : lines) {
            String name = switch (line.get("displayName").asText()) {
                case "t1()" -> "one";
                case "t2()" -> "two";
                case "t3()" -> "three";
                case "t4()" -> "four";
                case "t5()" -> "five";
                case "t6()" -> "six";
                case "t7()" -> "seven";
                default -> "eight";
            };
            assertThat(names(line)).containsExactly("agent_" + name, "tool_" + name, "llm_" + name);
        }
    }

    @Test
    void writes_a_self_contained_page_whose_data_cannot_close_its_script() throws IOException {
        ReportRun.run(dir, Map.of(), ReportFixtures.Briefing.class);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .contains(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-");
        assertThat(html)
                .doesNotContain("window.__pwned=1</script>")
                .doesNotContain("<img src=x")
                .contains("\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e");
        // The data may hold URLs (the build's, in CI); outside it, the page loads nothing from anywhere.
        int data = html.indexOf("<script type=\"application/json\"");
        int dataEnd = html.indexOf("</script>", data);
        assertThat(data).isPositive();
        String page = html.substring(0, data) + html.substring(dataEnd);
        assertThat(page)
                .doesNotContain("src=")
                .doesNotContain("href=")
                .doesNotContain("<link")
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void writes_text_that_is_not_valid_utf16_as_replacement_characters_and_loses_nothing_else() throws IOException {
        ReportRun.run(dir, Map.of(), ReportFixtures.BrokenText.class);

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode span = span(lines.get(0), "cut_short");
        assertThat(span.get("inputs").get("alone").asText()).isEqualTo("?");
        assertThat(span.get("inputs").get("cut").asText()).isEqualTo("smile ?");
        assertThat(span.get("output").asText()).isEqualTo("after ?");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("cut_short").endsWith("</html>\n");
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("1 tests");
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("traces.jsonl", "report.html", "summary.md");
        }
    }

    @Test
    void a_listener_that_sees_several_plans_reports_them_all_as_one_run() throws IOException {
        AvaliarReportListener listener = new AvaliarReportListener(Map.of());

        ReportRun.run(dir, Map.of(), listener, ReportFixtures.Plain.class);
        String firstRun = runId();
        ReportRun.run(dir, Map.of(), listener, ReportFixtures.Briefing.class);

        assertThat(lines())
                .extracting(line -> line.get("displayName").asText())
                .contains("adds_numbers()", "briefs on Lisbon", "aborted_briefing()");
        assertThat(Files.readString(dir.resolve("summary.md"))).startsWith("### Avaliar: 5 tests, 1 failed");
        assertThat(runId()).as("one run id for the JVM's plans").isEqualTo(firstRun);
    }

    @Test
    void a_test_that_passes_on_rerun_keeps_its_last_outcome_and_is_marked_flaky() throws IOException {
        AvaliarReportListener listener = new AvaliarReportListener(Map.of());
        ReportFixtures.FlakyOnce.RUNS.set(0);

        ReportRun.run(dir, Map.of(), listener, ReportFixtures.FlakyOnce.class);
        ReportRun.run(dir, Map.of(), listener, ReportFixtures.FlakyOnce.class);

        List<JsonNode> lines = lines();
        assertThat(lines).extracting(line -> line.get("outcome").asText()).containsOnly("SUCCESSFUL");
        assertThat(lines)
                .allSatisfy(line -> assertThat(line.get("flaky").asText())
                        .isEqualTo("failed, then passed on rerun: the first try times out"));
        assertThat(lines).flatExtracting(ReportListenerTest::names).containsExactlyInAnyOrder("try_1", "try_2");
        assertThat(Files.readString(dir.resolve("summary.md")))
                .startsWith("### Avaliar: 1 tests, 0 failed")
                .contains("1 test(s) flaky: failed, then passed on rerun.");
    }

    @Test
    void counts_an_llm_span_inside_another_llm_span_as_one_call() throws IOException {
        ReportRun.run(dir, Map.of(), ReportFixtures.NestedLlm.class);

        assertThat(Files.readString(dir.resolve("summary.md")))
                .contains("| 1 | 1 | 0 | 0 | 0 | 1 | 1 | 100 | 20 | 0.000450 |");
        JsonNode llm = TraceJson.MAPPER
                .readTree(data(Files.readString(dir.resolve("report.html"))))
                .get("summary")
                .get("llm");
        assertThat(llm.get("calls").asInt()).isEqualTo(1);
        assertThat(llm.get("inputTokens").asInt()).isEqualTo(100);
    }

    @Test
    void leaves_out_and_does_not_count_the_spans_of_a_launcher_run_inside_a_test() throws IOException {
        ReportFixtures.RunsTestsItself.innerDir = dir.resolve("inner");

        ReportRun.run(dir, Map.of(AvaliarReportListener.MAX_SPANS, "1"), ReportFixtures.RunsTestsItself.class);

        assertThat(lines()).flatExtracting(ReportListenerTest::names).containsExactly("outer_tool");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("\"droppedSpans\":0");
        assertThat(dir.resolve("inner/traces.jsonl")).isNotEmptyFile();
    }

    @Test
    void the_api_key_appears_in_no_file_of_the_report_or_the_spool() throws IOException {
        AvaliarReportListener listener = new AvaliarReportListener(Map.of(
                "AVALIAR_API_KEY", "test-key", "AVALIAR_ENDPOINT", "http://user:test-key@127.0.0.1:9/?key=test-key"));

        ReportRun.run(dir, Map.of(), listener, ReportFixtures.Briefing.class);

        assertThat(dir.resolve("spool"))
                .isDirectoryContaining(file -> file.toString().endsWith(".otlp"));
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain("test-key");
            }
        }
    }

    private String runId() throws IOException {
        return TraceJson.MAPPER
                .readTree(data(Files.readString(dir.resolve("report.html"))))
                .get("run")
                .get("environment")
                .get("run")
                .asText();
    }

    /** The page's data: the JSON in its script element, unescaped. */
    private static String data(String html) {
        int start = html.indexOf('>', html.indexOf("<script type=\"application/json\"")) + 1;
        return html.substring(start, html.indexOf("</script>", start));
    }

    @Test
    void escapes_what_could_end_the_script_element_or_a_javascript_line() {
        assertThat(HtmlReport.scriptSafe("{\"a\":\"</script>&\u2028\u2029\"}"))
                .isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"}");
    }

    @Test
    void keeps_at_most_max_spans_and_counts_the_rest() throws IOException {
        ReportRun.run(dir, Map.of(AvaliarReportListener.MAX_SPANS, "3"), ReportFixtures.Briefing.class);

        assertThat(lines().stream().mapToInt(line -> line.get("spans").size()).sum())
                .isEqualTo(3);
        assertThat(Files.readString(dir.resolve("report.html"))).contains("\"droppedSpans\":6");
    }

    @Test
    void publishes_the_runs_traces_when_an_api_key_is_set_and_shows_the_published_run_id() throws IOException {
        WireMockServer receiver =
                new WireMockServer(WireMockConfiguration.options().dynamicPort());
        receiver.start();
        try {
            receiver.stubFor(WireMock.post("/v1/traces").willReturn(WireMock.ok()));
            receiver.stubFor(WireMock.post("/v1/runs").willReturn(WireMock.ok()));
            AvaliarReportListener listener = new AvaliarReportListener(Map.of(
                    "AVALIAR_API_KEY",
                    "test-key",
                    "AVALIAR_ENDPOINT",
                    receiver.baseUrl(),
                    "AVALIAR_TEST_RUN_ID",
                    "run-42"));

            ReportRun.run(dir, Map.of(), listener, ReportFixtures.Briefing.class);

            receiver.verify(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/traces"))
                    .withHeader("X-API-Key", WireMock.equalTo("test-key"))
                    .withHeader("Content-Type", WireMock.equalTo("application/x-protobuf")));
            JsonNode record = TraceJson.MAPPER.readTree(
                    receiver.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/runs")))
                            .get(0)
                            .getBodyAsString());
            assertThat(record.get("run_id").asText()).isEqualTo("run-42");
            assertThat(record.get("totals").get("tests").asInt()).isEqualTo(4);
            assertThat(record.get("totals").get("failed").asInt()).isEqualTo(1);
        } finally {
            receiver.stop();
        }
        assertThat(Files.readString(dir.resolve("report.html"))).contains("\"environment\":{\"run\":\"run-42\"");
    }

    @Test
    void writes_nothing_when_turned_off() {
        TestExecutionSummary summary =
                ReportRun.run(dir, Map.of(AvaliarReportListener.ENABLED, "false"), ReportFixtures.Briefing.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void never_fails_the_run_and_logs_the_path_it_could_not_write() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("taken"), "a file where the report directory should be");
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("ai.avaliar.junit5");
        logger.addHandler(handler);
        try {
            TestExecutionSummary summary = ReportRun.run(notADirectory, Map.of(), ReportFixtures.Briefing.class);

            assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
            assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(warnings)
                .anySatisfy(warning -> assertThat(warning)
                        .startsWith(
                                "Avaliar: could not create the report directory " + notADirectory.toAbsolutePath()));
    }

    @Test
    void says_which_setting_is_wrong() {
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("ai.avaliar.junit5");
        logger.addHandler(handler);
        try {
            ReportRun.run(dir, Map.of(AvaliarReportListener.AWAIT, "soon"), ReportFixtures.Plain.class);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(warnings)
                .contains("Avaliar: no report for this run: avaliar.report.await = 'soon' is not a positive"
                        + " duration; write it as '5 s', '500 ms', '1 m' or 'PT2.5S'");
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("traces.jsonl"), StandardCharsets.UTF_8)) {
            lines.add(TraceJson.MAPPER.readTree(line));
        }
        return lines;
    }

    private static JsonNode line(List<JsonNode> lines, String displayName) {
        return lines.stream()
                .filter(line -> line.get("displayName").asText().equals(displayName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + displayName + " in " + lines));
    }

    private static List<String> names(JsonNode line) {
        return StreamSupport.stream(line.get("spans").spliterator(), false)
                .map(span -> span.get("name").asText())
                .toList();
    }

    private static JsonNode span(JsonNode line, String name) {
        return StreamSupport.stream(line.get("spans").spliterator(), false)
                .filter(span -> span.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
