package ai.avaliar.assertions;

import static ai.avaliar.assertions.TraceFixture.agent;
import static ai.avaliar.assertions.TraceFixture.foreign;
import static ai.avaliar.assertions.TraceFixture.llm;
import static ai.avaliar.assertions.TraceFixture.tool;
import static ai.avaliar.assertions.TraceFixture.trace;

import ai.avaliar.detection.DetectorType;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.data.Trace;

/** The traces the tests assert on, and their renderings. */
final class Trees {

    static final Trace MORNING = trace(TraceFixture.morningBriefing());

    static final String MORNING_TREE = ""
            + "morning_briefing     (agent)  212 ms\n"
            + "  ├── fetch_weather  (tool)  100 ms\n"
            + "  ├── fetch_news     (tool)  100 ms\n"
            + "  └── synthesize     (llm)  gpt-4o · openai · 53→12 tokens · $0.000253 · 9 ms\n";

    /** The guide's coordinator, with a PII finding in the first researcher and an error in the second. */
    static final Trace COORDINATOR = trace(agent("coordinator")
            .at(0, 300)
            .children(
                    agent("researcher")
                            .at(1, 100)
                            .children(llm("llm_call").at(2, 90).detection(DetectorType.PII, "HIGH EMAIL_ADDRESS")),
                    agent("researcher")
                            .at(5, 120)
                            .children(llm("llm_call").at(6, 110).exception(new IllegalStateException("boom"))),
                    tool("summarize_findings")
                            .at(130, 290)
                            .children(llm("llm_call").at(140, 280))));

    static final String COORDINATOR_TREE = ""
            + "coordinator               (agent)  300 ms\n"
            + "  ├── researcher          (agent)  99 ms\n"
            + "  │     └── llm_call      (llm)  88 ms · PII: 1 issue(s)\n"
            + "  ├── researcher          (agent)  115 ms\n"
            + "  │     └── llm_call      (llm)  104 ms · ERROR boom\n"
            + "  └── summarize_findings  (tool)  160 ms\n"
            + "        └── llm_call      (llm)  140 ms\n";

    /** Three providers and models; one span from other instrumentation with {@code gen_ai.system}. */
    static final Trace PROVIDERS = trace(agent("router")
            .at(0, 100)
            .children(
                    llm("plan")
                            .at(1, 10)
                            .model("gpt-4o")
                            .provider("openai")
                            .tokens(10, 5)
                            .cost(0.001),
                    llm("draft")
                            .at(11, 20)
                            .model("claude-sonnet-4")
                            .provider("anthropic")
                            .tokens(20, 10)
                            .cost(0.002),
                    llm("check")
                            .at(21, 30)
                            .model("gpt-4o-mini")
                            .provider("openai")
                            .tokens(1, 1)
                            .cost(0.0001),
                    foreign("chat claude-sonnet-4")
                            .at(31, 40)
                            .attr(AvaliarAttributes.OPERATION_NAME, "chat")
                            .attr(AvaliarAttributes.SYSTEM, "anthropic")
                            .model("claude-sonnet-4")
                            .tokens(3, 2)));

    private Trees() {}

    /** The failure message: the text, then the tree with line {@code marked} (from 0) marked, or none when -1. */
    static String message(String text, String tree, int marked) {
        String[] lines = tree.split("\n");
        StringBuilder out = new StringBuilder(text).append("\nActual trace:\n");
        for (int i = 0; i < lines.length; i++) {
            out.append(lines[i]).append(i == marked ? "  <<<" : "");
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
