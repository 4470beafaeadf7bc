package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.TraceFixture.agent;
import static ai.avaliar.assertions.TraceFixture.llm;
import static ai.avaliar.assertions.TraceFixture.tool;
import static ai.avaliar.assertions.TraceFixture.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.assertions.snapshot.SnapshotField;
import ai.avaliar.assertions.snapshot.SnapshotOptions;
import ai.avaliar.assertions.snapshot.SnapshotScope;
import ai.avaliar.trace.data.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

    @TempDir
    Path dir;

    /** Two tools in parallel (their order given), then the llm. */
    private static Trace briefing(String firstTool, String secondTool, long inputTokens) {
        return trace(agent("morning_briefing")
                .at(0, 212)
                .children(
                        tool(firstTool).at(1, 101).input("city", "Lisbon"),
                        tool(secondTool).at(2, 102),
                        llm("synthesize")
                                .at(105, 114)
                                .model("gpt-4o")
                                .provider("openai")
                                .tokens(inputTokens, 12)
                                .cost(0.000253)));
    }

    private static final Trace BRIEFING = briefing("fetch_weather", "fetch_news", 53);

    private SnapshotScope scope(String mode) {
        return SnapshotScope.forTest(
                SnapshotTest.class,
                "briefs",
                key -> Optional.ofNullable(Map.of(SnapshotScope.DIR, dir.toString(), SnapshotScope.MODE, mode)
                        .get(key)));
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve("SnapshotTest").resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void a_snapshot_is_written_in_the_guides_notation_without_ids_times_or_cost() throws IOException {
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot();
        }
        assertThat(read("briefs.trace")).isEqualTo("""
                # Avaliar trace snapshot of SnapshotTest.briefs. Review changes like code.
                # Written again with -Davaliar.snapshots=update; ids, times and cost are left out.
                morning_briefing  (agent)
                  ├── fetch_news  (tool)
                  ├── fetch_weather  (tool)
                  └── synthesize  (llm)  gpt-4o · openai · 53→12 tokens
                """);
    }

    @Test
    void parallel_siblings_that_finish_in_another_order_match_the_same_snapshot() {
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot();
        }
        try (var ignored = scope("verify").activate()) {
            assertThatTrace(briefing("fetch_news", "fetch_weather", 53)).matchesSnapshot();
        }
    }

    @Test
    void sequential_siblings_keep_their_order() {
        Trace ab = trace(
                agent("a").at(0, 50).children(tool("x").at(1, 10), tool("b").at(11, 20)));
        Trace ba = trace(
                agent("a").at(0, 50).children(tool("b").at(1, 10), tool("x").at(11, 20)));
        try (var ignored = scope("update").activate()) {
            assertThatTrace(ab).matchesSnapshot();
        }
        try (var ignored = scope("verify").activate()) {
            assertThatThrownBy(() -> assertThatTrace(ba).matchesSnapshot()).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void an_added_tool_call_fails_with_a_unified_diff_of_the_trees() {
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot();
        }
        Trace withSearch = trace(agent("morning_briefing")
                .at(0, 212)
                .children(
                        tool("fetch_weather").at(1, 101),
                        tool("fetch_news").at(2, 102),
                        tool("web_search").at(103, 104),
                        llm("synthesize")
                                .at(105, 114)
                                .model("gpt-4o")
                                .provider("openai")
                                .tokens(53, 12)));
        Path file = dir.resolve("SnapshotTest/briefs.trace").toAbsolutePath();
        try (var ignored = scope("verify").activate()) {
            assertThatThrownBy(() -> assertThatTrace(withSearch).matchesSnapshot())
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("The trace does not match its snapshot " + file + ":\n" + """
                            --- briefs.trace (snapshot)
                            +++ briefs.trace (actual trace)
                            @@ -1,4 +1,5 @@
                             morning_briefing  (agent)
                               ├── fetch_news  (tool)
                               ├── fetch_weather  (tool)
                            +  ├── web_search  (tool)
                               └── synthesize  (llm)  gpt-4o · openai · 53→12 tokens
                            If the change is intended, run with -Davaliar.snapshots=update and review the file's diff\
                             before committing it.""");
        }
    }

    @Test
    void update_mode_writes_the_snapshot_again() throws IOException {
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot();
        }
        try (var ignored = scope("update").activate()) {
            assertThatTrace(briefing("fetch_weather", "fetch_news", 60)).matchesSnapshot();
        }
        assertThat(read("briefs.trace")).contains("60→12 tokens");
    }

    @Test
    void a_missing_snapshot_fails_in_verify_mode_and_is_not_written() {
        try (var ignored = scope("verify").activate()) {
            assertThatThrownBy(() -> assertThatTrace(BRIEFING).matchesSnapshot())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("There is no snapshot "
                            + dir.resolve("SnapshotTest/briefs.trace").toAbsolutePath()
                            + ", and it is not written because avaliar.snapshots is verify or CI=true")
                    .hasMessageContaining("└── synthesize  (llm)  gpt-4o · openai · 53→12 tokens");
        }
        assertThat(dir.resolve("SnapshotTest/briefs.trace")).doesNotExist();
    }

    @Test
    void token_counts_may_move_within_the_tolerance() {
        SnapshotOptions tolerant = SnapshotOptions.defaults().tokenTolerance(0.10);
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot(tolerant);
        }
        try (var ignored = scope("verify").activate()) {
            assertThatTrace(briefing("fetch_weather", "fetch_news", 58)).matchesSnapshot(tolerant);
        }
        try (var ignored = scope("verify").activate()) {
            assertThatThrownBy(() -> assertThatTrace(briefing("fetch_weather", "fetch_news", 59))
                            .matchesSnapshot(tolerant))
                    .hasMessageContaining("-  └── synthesize  (llm)  gpt-4o · openai · 53→12 tokens")
                    .hasMessageContaining("+  └── synthesize  (llm)  gpt-4o · openai · 59→12 tokens");
        }
        try (var ignored = scope("verify").activate()) {
            assertThatThrownBy(() -> assertThatTrace(briefing("fetch_weather", "fetch_news", 58))
                            .matchesSnapshot())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("+  └── synthesize  (llm)  gpt-4o · openai · 58→12 tokens");
        }
    }

    @Test
    void inputs_are_opt_in_and_fields_can_be_left_out() throws IOException {
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING)
                    .matchesSnapshot(SnapshotOptions.defaults()
                            .named("inputs")
                            .with(SnapshotField.INPUTS)
                            .without(SnapshotField.MODEL, SnapshotField.TOKENS));
        }
        assertThat(read("briefs.inputs.trace")).endsWith("""
                morning_briefing  (agent)
                  ├── fetch_news  (tool)
                  ├── fetch_weather  (tool)
                  │     input: {"city":"Lisbon"}
                  └── synthesize  (llm)  openai
                """);
    }

    @Test
    void each_snapshot_of_a_test_has_its_own_file() {
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot().matchesSnapshot().matchesSnapshot("named");
        }
        assertThat(dir.resolve("SnapshotTest/briefs.trace")).exists();
        assertThat(dir.resolve("SnapshotTest/briefs#2.trace")).exists();
        assertThat(dir.resolve("SnapshotTest/briefs.named.trace")).exists();
    }

    @Test
    void outside_a_test_it_says_to_add_the_extension_or_name_a_file() {
        assertThatIllegalStateException()
                .isThrownBy(() -> assertThatTrace(BRIEFING).matchesSnapshot())
                .withMessage("matchesSnapshot() needs to know which test it runs in, to name the snapshot file, and"
                        + " none is known on this thread. Add @ExtendWith(AvaliarExtension.class) (avaliar-junit5)"
                        + " to the test class and assert on the test's own thread, or use matchesSnapshot(Path)"
                        + " with a file.");
    }

    @Test
    void a_snapshot_file_can_be_named_outside_a_test() throws IOException {
        Path file = dir.resolve("briefing.trace");
        try (var ignored = scope("update").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot(file);
        }
        assertThat(Files.readString(file)).contains("morning_briefing  (agent)");

        assertThatTrace(briefing("fetch_news", "fetch_weather", 53)).matchesSnapshot(file);
        assertThatThrownBy(() -> assertThatTrace(briefing("fetch_news", "fetch_weather", 54))
                        .matchesSnapshot(file))
                .hasMessageContaining("+  └── synthesize  (llm)  gpt-4o · openai · 54→12 tokens");
    }

    @Test
    @DisabledIfEnvironmentVariable(named = "CI", matches = "(?i)true", disabledReason = "auto mode verifies in CI")
    void auto_mode_writes_a_missing_snapshot_and_passes() {
        try (var ignored = scope("auto").activate()) {
            assertThatTrace(BRIEFING).matchesSnapshot();
        }
        assertThat(dir.resolve("SnapshotTest/briefs.trace")).exists();
    }

    @Test
    void a_snapshot_edited_into_nonsense_fails_naming_the_file_and_line() throws IOException {
        Path file = dir.resolve("SnapshotTest/briefs.trace");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# comment\nmorning_briefing  (agent)\n  ├── fetch_news  (tool)\n  fetch weather!\n");
        try (var ignored = scope("update").activate()) {
            assertThatIllegalStateException()
                    .isThrownBy(() -> assertThatTrace(BRIEFING).matchesSnapshot())
                    .withMessage(
                            file.toAbsolutePath() + ":4: this is not a line of a trace snapshot: \"  fetch weather!\"."
                                    + " A line is a span, \"name  (type)  details\", drawn under its parent with ├── or └──"
                                    + " (the first line is a root, without a branch), or an input: or output: line under its"
                                    + " span. Fix the file by hand, or delete it (or run with -Davaliar.snapshots=update) to"
                                    + " write it again from the trace.");
        }
    }

    @Test
    void a_wrong_mode_says_which_modes_there_are() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> scope("sometimes"))
                .withMessage("avaliar.snapshots = 'sometimes' is none of update (write snapshots again), verify (never"
                        + " write one) and auto (write the missing ones unless CI=true)");
    }

    @Test
    void the_default_directory_is_under_the_modules_test_resources() {
        SnapshotScope scope = SnapshotScope.forTest(SnapshotTest.class, "briefs", key -> Optional.empty());
        assertThat(scope.directory())
                .isEqualTo(Path.of("").toAbsolutePath().resolve("src/test/resources/avaliar-snapshots/SnapshotTest"));
    }
}
