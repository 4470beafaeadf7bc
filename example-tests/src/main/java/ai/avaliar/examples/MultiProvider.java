package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlock;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.stream.Collectors;

/**
 * The guide's multi-provider tracing: the same question to OpenAI and to Anthropic, each an llm
 * span with its provider set, and token counts read from each SDK's own usage object, so that
 * cost and latency break down by provider.
 *
 * <pre>{@code
 * MultiProvider compare = new MultiProvider(openai, anthropic);
 * MultiProvider.Answers answers = compare.ask("What is the capital of France?");
 * // compare_providers (agent)
 * //   ├── openai_generate    (llm)  gpt-4o · openai
 * //   └── anthropic_generate (llm)  claude-sonnet-4-5 · anthropic
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MultiProvider {

    /** The system prompt both providers get. */
    static final String SYSTEM = "You are a helpful assistant. Answer in one sentence.";

    private final OpenAIClient openai;
    private final AnthropicClient anthropic;

    /**
     * @param openai the OpenAI client
     * @param anthropic the Anthropic client
     */
    public MultiProvider(OpenAIClient openai, AnthropicClient anthropic) {
        this.openai = openai;
        this.anthropic = anthropic;
    }

    /**
     * The two answers to one question.
     *
     * @param openai what gpt-4o said
     * @param anthropic what Claude said
     */
    public record Answers(String openai, String anthropic) {}

    /**
     * Asks both providers the same question, one after the other.
     *
     * @param question the question
     * @return both answers
     */
    public Answers ask(String question) {
        return Avaliar.agent("compare_providers")
                .input("question", question)
                .call(() -> new Answers(openaiGenerate(question), anthropicGenerate(question)));
    }

    private String openaiGenerate(String question) {
        return Avaliar.llm("openai_generate")
                .model("gpt-4o")
                .provider("openai")
                .input("question", question)
                .call(run -> {
                    ChatCompletion completion = openai.chat()
                            .completions()
                            .create(ChatCompletionCreateParams.builder()
                                    .model("gpt-4o")
                                    .addSystemMessage(SYSTEM)
                                    .addUserMessage(question)
                                    .build());
                    run.usageFrom(completion); // usage.prompt_tokens, usage.completion_tokens
                    return completion.choices().get(0).message().content().orElse("");
                });
    }

    private String anthropicGenerate(String question) {
        return Avaliar.llm("anthropic_generate")
                .model("claude-sonnet-4-5")
                .provider("anthropic")
                .maxTokens(256)
                .input("question", question)
                .call(run -> {
                    Message message = anthropic
                            .messages()
                            .create(MessageCreateParams.builder()
                                    .model("claude-sonnet-4-5")
                                    .maxTokens(256)
                                    .system(SYSTEM)
                                    .addUserMessage(question)
                                    .build());
                    run.usageFrom(message); // usage.input_tokens, usage.output_tokens
                    return message.content().stream()
                            .flatMap(block -> block.text().stream())
                            .map(TextBlock::text)
                            .collect(Collectors.joining());
                });
    }
}
