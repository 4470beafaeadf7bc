package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.avaliar.junit5.report.ReportRun;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Inputs that break naive code, under the extension and through the end-of-run report: each test
 * still sees its own trace, strict mode reports only real misuse (a null name), and the report's
 * traces.jsonl stays one valid JSON document per line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputReliabilityTest {

    static final String CONTROL = "esc\u001b[31mred\u001b[0m nul\u0000 bell\u0007 nl\n";
    static final String LONE = "high\uD800 low\uDC00";
    static final int MEGABYTES_10 = 10 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void each_hostile_input_gives_its_documented_outcome_under_the_extension() {
        Hostile.driven = true;
        try {
            EngineExecutionResults results = Kit.run(Hostile.class);

            results.testEvents()
                    .assertStatistics(stats -> stats.started(6).succeeded(5).failed(1));
            assertThat(Kit.failure(results, "a_null_name").getMessage())
                    .isEqualTo("Avaliar strict mode: this test misused"
                            + " the tracing SDK (set avaliar.strict=false to only log it):\n  - INVALID_NAME: a tool span was given"
                            + " the name null; name every span (it becomes the node's label in the trace). Recorded as"
                            + " \"unnamed_tool\".");
        } finally {
            Hostile.driven = false;
        }
    }

    @Test
    void the_report_writes_hostile_names_and_values_as_valid_json_lines() throws IOException {
        Hostile.driven = true;
        TestExecutionSummary summary;
        try {
            summary = ReportRun.run(dir, Map.of(), Hostile.class);
        } finally {
            Hostile.driven = false;
        }

        assertThat(summary.getTestsStartedCount()).isEqualTo(6);
        ObjectMapper jackson = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("traces.jsonl"), StandardCharsets.UTF_8)) {
            lines.add(jackson.readTree(line));
        }
        assertThat(lines)
                .extracting(line -> line.get("displayName").asText())
                .containsExactlyInAnyOrder(
                        "control_characters_and_lone_surrogates(CapturedTraces)",
                                "a_thousand_levels_deep(CapturedTraces)",
                        "ten_megabytes_out(CapturedTraces)", "cyclic_and_unserialisable_inputs(CapturedTraces)",
                        "null_inputs(CapturedTraces)", "a_null_name(CapturedTraces)");

        JsonNode control = line(lines, "control_characters_and_lone_surrogates(CapturedTraces)")
                .get("spans")
                .get(0);
        // UTF-8 has no encoding for a lone surrogate: the report writes each as '?'.
        assertThat(control.get("name").asText()).isEqualTo("agent" + CONTROL + "high? low?");
        assertThat(control.get("inputs").get("q").asText()).isEqualTo(CONTROL + "high? low?");
        assertThat(control.get("output").asText()).isEqualTo(CONTROL + "high? low?");
        assertThat(line(lines, "a_thousand_levels_deep(CapturedTraces)").get("spans"))
                .hasSize(1_000);
        assertThat(line(lines, "ten_megabytes_out(CapturedTraces)")
                        .get("spans")
                        .get(0)
                        .get("output")
                        .asText())
                .endsWith("…[avaliar: truncated, 32768 of 10485762 chars kept]");
        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).as("the page holds no raw control character").doesNotContain("\u0000", "\u001b", "\u0007");
    }

    private static JsonNode line(List<JsonNode> lines, String displayName) {
        return lines.stream()
                .filter(line -> line.get("displayName").asText().equals(displayName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + displayName));
    }

    // ---- fixture ----

    /** A bean whose getter throws. */
    public static final class Exploding {
        public String getPrice() {
            throw new IllegalStateException("price service down");
        }
    }

    @CaptureTraces
    static class Hostile {
        static volatile boolean driven;

        @org.junit.jupiter.api.BeforeEach
        void onlyWhenDriven() {
            assumeTrue(driven, "a fixture: BadInputReliabilityTest runs it");
        }

        @Test
        void control_characters_and_lone_surrogates(CapturedTraces traces) {
            String result = Avaliar.agent("agent" + CONTROL + LONE)
                    .input("q", CONTROL + LONE)
                    .call(() -> CONTROL + LONE);

            assertThat(result).isEqualTo(CONTROL + LONE);
            CapturedSpan root = traces.single().root();
            assertThat(root.name()).isEqualTo("agent" + CONTROL + LONE);
            assertThat(root.inputs()).containsEntry("q", CONTROL + LONE);
            assertThat(root.output()).isEqualTo(CONTROL + LONE);
        }

        private static int nest(int level) {
            return level == 1_000 ? level : Avaliar.generic("level" + level).call(() -> nest(level + 1));
        }

        @Test
        void a_thousand_levels_deep(CapturedTraces traces) {
            assertThat(nest(0)).isEqualTo(1_000);

            Trace trace = traces.single();
            assertThat(trace.spans()).hasSize(1_000);
            assertThat(trace.spansNamed("level999").get(0).depth()).isEqualTo(999);
        }

        @Test
        void ten_megabytes_out(CapturedTraces traces) {
            String huge = "y".repeat(MEGABYTES_10);

            assertThat(Avaliar.tool("dump").call(() -> huge)).isSameAs(huge);
            assertThat(traces.single().root().output()).endsWith("…[avaliar: truncated, 32768 of 10485762 chars kept]");
        }

        @Test
        void cyclic_and_unserialisable_inputs(CapturedTraces traces) {
            Map<String, Object> self = new HashMap<>();
            self.put("self", self);
            Runnable lambda = () -> {};

            String result = Avaliar.tool("take")
                    .input("cycle", self)
                    .input("bean", new Exploding())
                    .input("thread", Thread.currentThread())
                    .input("lambda", lambda)
                    .call(() -> "taken");

            assertThat(result).isEqualTo("taken");
            assertThat(traces.single().root().inputJson()).contains("unserialisable");
        }

        @Test
        void null_inputs(CapturedTraces traces) {
            Avaliar.tool("t").input("city", null).inputs(null).run(() -> {});

            assertThat(traces.single().root().inputJson()).isEqualTo("{\"city\":null}");
        }

        @Test
        void a_null_name(CapturedTraces traces) {
            Avaliar.tool(null).run(() -> {});

            assertThat(traces.single().root().name()).isEqualTo("unnamed_tool");
        }
    }
}
