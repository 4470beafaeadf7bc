package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The guide's deep agent hierarchy: a coordinator runs one researcher agent per topic
 * concurrently, then a summariser tool; each of them asks the model through its own llm span.
 *
 * <pre>{@code
 * ResearchCoordinator coordinator = new ResearchCoordinator(openai, Executors.newFixedThreadPool(2));
 * String summary = coordinator.coordinate(List.of("solid-state batteries", "sodium-ion batteries"));
 * // coordinator                    (agent)
 * //   ├── researcher: "topic A"    (agent)
 * //   │     └── llm_call           (llm)
 * //   ├── researcher: "topic B"    (agent)
 * //   │     └── llm_call           (llm)
 * //   └── summarize_findings       (tool)
 * //         └── llm_call           (llm)
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ResearchCoordinator {

    private final OpenAIClient openai;
    private final Executor researchers;

    /**
     * @param openai the OpenAI client
     * @param researchers where researchers run; wrapped so that their spans keep their parent
     */
    public ResearchCoordinator(OpenAIClient openai, Executor researchers) {
        this.openai = openai;
        this.researchers = Avaliar.propagating(researchers);
    }

    /**
     * Level 1: researches every topic at once, then summarises the findings.
     *
     * @param topics the topics
     * @return the summary
     */
    public String coordinate(List<String> topics) {
        return Avaliar.agent("coordinator").input("topics", topics).call(() -> {
            List<CompletableFuture<String>> findings =
                    topics.stream().map(this::researcher).toList();
            return summarizeFindings(
                    findings.stream().map(CompletableFuture::join).toList());
        });
    }

    /** Level 2: a research sub-agent; its span is open from submission to the end of its work. */
    private CompletableFuture<String> researcher(String topic) {
        return Avaliar.agent("researcher")
                .input("topic", topic)
                .callAsync(() -> CompletableFuture.supplyAsync(
                        () -> llmCall("You are a research assistant.", "Research this topic: " + topic), researchers));
    }

    /** Level 2: a summarisation tool. */
    private String summarizeFindings(List<String> findings) {
        return Avaliar.tool("summarize_findings")
                .input("findings", findings)
                .call(() ->
                        llmCall("Summarize the following research findings concisely.", String.join("\n\n", findings)));
    }

    /** Level 3: the model. */
    private String llmCall(String system, String user) {
        return Avaliar.llm("llm_call")
                .model("gpt-4o")
                .provider("openai")
                .input("user", user)
                .call(run -> {
                    ChatCompletion completion = openai.chat()
                            .completions()
                            .create(ChatCompletionCreateParams.builder()
                                    .model("gpt-4o")
                                    .addSystemMessage(system)
                                    .addUserMessage(user)
                                    .build());
                    run.usageFrom(completion);
                    return completion.choices().get(0).message().content().orElse("");
                });
    }
}
