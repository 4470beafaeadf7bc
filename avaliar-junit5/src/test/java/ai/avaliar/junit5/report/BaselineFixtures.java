package ai.avaliar.junit5.report;

import ai.avaliar.junit5.AvaliarExtension;
import ai.avaliar.trace.Avaliar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An agent that changes between a baseline run (main) and the next (a branch): a tool call more, more tokens. */
public final class BaselineFixtures {

    private BaselineFixtures() {}

    @ExtendWith(AvaliarExtension.class)
    public static class Agent {

        /** Set by the test for the branch's run. */
        public static volatile boolean onBranch;

        static void brief(boolean search, long inputTokens) {
            Avaliar.agent("morning_briefing").run(() -> {
                Avaliar.tool("fetch_weather").run(() -> {});
                if (search) {
                    Avaliar.tool("web_search").run(() -> {});
                }
                Avaliar.llm("synthesize").model("gpt-4o").provider("openai").run(run -> run.usage(inputTokens, 12));
            });
        }

        @Test
        void briefs() {
            brief(onBranch, onBranch ? 118 : 53);
        }

        @Test
        void stays_the_same() {
            brief(false, 53);
        }

        @Test
        void is_removed_on_the_branch() {
            brief(false, 53);
        }

        @Test
        void is_new_on_the_branch() {
            brief(false, 53);
        }
    }

    /** Runs the baseline (main, without the branch's new test), then the branch (without the removed test). */
    public static void runMainThenBranch(Path mainDir, Path branchDir, Map<String, String> branchConfiguration) {
        try {
            Agent.onBranch = false;
            ReportRun.runMethods(
                    mainDir, Map.of(), Agent.class, "briefs", "stays_the_same", "is_removed_on_the_branch");
            Agent.onBranch = true;
            ReportRun.runMethods(
                    branchDir, branchConfiguration, Agent.class, "briefs", "stays_the_same", "is_new_on_the_branch");
        } finally {
            Agent.onBranch = false;
        }
    }
}
