package ai.avaliar.junit5;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.internal.SnapshotRuns;
import ai.avaliar.trace.Avaliar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class SnapshotExtensionTest {

    @TempDir
    Path dir;

    @AfterEach
    void back_to_the_plain_agent() {
        Briefing.withSearch = false;
    }

    @ExtendWith(AvaliarExtension.class)
    static class Briefing {

        /** Set by the test: the agent searches the web as well. */
        static volatile boolean withSearch;

        static void brief(String city) {
            Avaliar.agent("morning_briefing").run(() -> {
                Avaliar.tool("fetch_weather").input("city", city).run(() -> {});
                if (withSearch) {
                    Avaliar.tool("web_search").run(() -> {});
                }
                Avaliar.llm("synthesize").model("gpt-4o").provider("openai").run(run -> run.usage(53, 12));
            });
        }

        @Test
        void briefs(CapturedTraces traces) {
            brief("Lisbon");
            assertThatTrace(traces.single()).matchesSnapshot();
        }

        @ParameterizedTest
        @ValueSource(strings = {"Lisbon", "Porto"})
        void per_city(String city, CapturedTraces traces) {
            brief(city);
            assertThatTrace(traces.single()).matchesSnapshot();
        }

        @TestFactory
        Stream<DynamicTest> cities(CapturedTraces traces) {
            return Stream.of("Lisbon", "Porto")
                    .map(city -> DynamicTest.dynamicTest(city, () -> {
                        brief(city);
                        assertThatTrace(traces.single()).matchesSnapshot();
                    }));
        }

        @RepeatedTest(2)
        void again(CapturedTraces traces) {
            brief("Lisbon");
            assertThatTrace(traces.single()).matchesSnapshot();
        }
    }

    private EngineExecutionResults run(String mode) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("avaliar.snapshots.dir", dir.toString());
        configuration.put("avaliar.snapshots", mode);
        return Kit.run(Briefing.class, configuration);
    }

    private Path file(String name) {
        return dir.resolve("SnapshotExtensionTest$Briefing").resolve(name);
    }

    @Test
    void each_test_and_each_invocation_gets_its_own_snapshot() throws IOException {
        Kit.assertAllPassed(run("update"), 7);

        assertThat(Files.list(file("")).map(path -> path.getFileName().toString()))
                .containsExactlyInAnyOrder(
                        "briefs.trace",
                        "per_city[1].trace",
                        "per_city[2].trace",
                        "again[1].trace",
                        "again[2].trace",
                        "cities[1].trace",
                        "cities[2].trace");
        assertThat(Files.readString(file("briefs.trace")))
                .startsWith("# Avaliar trace snapshot of SnapshotExtensionTest$Briefing.briefs.")
                .endsWith("""
                        morning_briefing  (agent)
                          ├── fetch_weather  (tool)
                          └── synthesize  (llm)  gpt-4o · openai · 53→12 tokens
                        """);
    }

    @Test
    void an_added_tool_call_fails_with_a_tree_diff_and_passes_after_an_update() throws IOException {
        Kit.assertAllPassed(run("update"), 7);
        Briefing.withSearch = true;

        EngineExecutionResults changed = run("verify");

        changed.testEvents().assertStatistics(stats -> stats.started(7).failed(7));
        assertThat(Kit.failure(changed, "briefs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("The trace does not match its snapshot "
                        + file("briefs.trace").toAbsolutePath())
                .hasMessageContaining("""
                        @@ -1,3 +1,4 @@
                         morning_briefing  (agent)
                           ├── fetch_weather  (tool)
                        +  ├── web_search  (tool)
                           └── synthesize  (llm)  gpt-4o · openai · 53→12 tokens
                        """);

        Kit.assertAllPassed(run("update"), 7);
        assertThat(Files.readString(file("briefs.trace"))).contains("├── web_search  (tool)");
        Kit.assertAllPassed(run("verify"), 7);
    }

    @Test
    void in_ci_a_missing_snapshot_fails_instead_of_being_written() {
        EngineExecutionResults results = run("verify");

        results.testEvents().assertStatistics(stats -> stats.started(7).failed(7));
        assertThat(Kit.failure(results, "briefs"))
                .hasMessageStartingWith(
                        "There is no snapshot " + file("briefs.trace").toAbsolutePath());
        assertThat(file("briefs.trace")).doesNotExist();
    }

    @Test
    void snapshot_files_no_test_used_are_listed_as_obsolete() throws IOException {
        Files.createDirectories(file(""));
        Files.writeString(file("removed_test.trace"), "gone  (agent)\n");
        Files.writeString(file("per_city[3].trace"), "morning_briefing  (agent)\n");

        Kit.assertAllPassed(run("update"), 7);

        assertThat(SnapshotRuns.obsolete(id -> id.contains("SnapshotExtensionTest$Briefing")))
                .containsExactly(file("per_city[3].trace"), file("removed_test.trace"));
    }

    @Test
    void a_failed_test_never_makes_its_snapshots_obsolete() throws IOException {
        Kit.assertAllPassed(run("update"), 7);
        Files.writeString(file("briefs.named.trace"), "morning_briefing  (agent)\n");
        Briefing.withSearch = true;

        run("verify");

        assertThat(SnapshotRuns.obsolete(id -> id.contains("SnapshotExtensionTest$Briefing")))
                .isEmpty();
    }
}
