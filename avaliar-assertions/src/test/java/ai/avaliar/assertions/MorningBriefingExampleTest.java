package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.TraceFixture.agent;
import static ai.avaliar.assertions.TraceFixture.generic;
import static ai.avaliar.assertions.TraceFixture.trace;
import static ai.avaliar.assertions.Trees.MORNING;

import ai.avaliar.trace.data.Trace;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The guide's morning briefing asserted as a user would, and a deep trace for the stack. */
class MorningBriefingExampleTest {

    @Test
    void the_morning_briefing_in_a_dozen_lines() {
        assertThatTrace(MORNING)
                .hasShapeInAnyOrder("""
                        morning_briefing  (agent)
                          ├── fetch_weather  (tool)   ─ run in parallel
                          ├── fetch_news     (tool)   ─ run in parallel
                          └── synthesize     (llm)
                        """)
                .childrenRanConcurrently("fetch_weather", "fetch_news")
                .hasTotalTokens(65)
                .hasTotalCostUsdAtMost(0.01)
                .hasNoErrors()
                .hasNoDetections()
                .child("fetch_weather")
                .hasInput("city", "Lisbon")
                .inputJson()
                .contains("Lisbon");
        assertThatTrace(MORNING)
                .child("synthesize")
                .isLlm()
                .hasModel("gpt-4o")
                .hasProvider("openai")
                .hasInputTokens(53)
                .hasOutputTokens(12)
                .hasGenerationInfo("temperature", 0.2)
                .tookLessThan(Duration.ofSeconds(1))
                .output()
                .contains("Sunny");
    }

    @Test
    void the_example_of_the_design_compiles_and_passes() {
        Trace trace = MORNING;

        assertThatTrace(trace)
                .hasRoot("morning_briefing")
                .isAgent()
                .hasChild("synthesize")
                .child("synthesize")
                .isLlm()
                .hasModel("gpt-4o")
                .hasProvider("openai")
                .hasInputTokens(53)
                .hasGenerationInfo("temperature", 0.2)
                .hasNoDetections()
                .backToTrace()
                .hasLlmCallCount(1);
    }

    @Test
    void a_thousand_levels_deep_trace_is_asserted_without_overflowing() {
        TraceFixture.Node root = agent("level_0").at(0, 2000);
        TraceFixture.Node current = root;
        StringBuilder shape = new StringBuilder("level_0\n");
        for (int i = 1; i < 1000; i++) {
            TraceFixture.Node child = generic("level_" + i).at(i, 2000 - i);
            current.children(child);
            current = child;
            shape.append("  ")
                    .append("      ".repeat(i - 1))
                    .append("└── level_")
                    .append(i)
                    .append('\n');
        }
        Trace deep = trace(root);

        assertThatTrace(deep)
                .hasDepth(1000)
                .hasSpanCount(1000)
                .hasDescendant("level_999")
                .hasShape(shape.toString());
    }
}
