package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The guide's custom metadata: the sampling parameters sent to the provider are recorded on the
 * llm span as its generation info ({@code temperature}, {@code top_p}), from one constant, so the
 * trace shows what reached the wire.
 *
 * <pre>{@code
 * String answer = new PreciseGenerator(openai).preciseGenerate("Define entropy in one sentence.");
 * // precise_generate (llm)  gpt-4o · openai · temperature=0.2 · top_p=0.9
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PreciseGenerator {

    static final double TEMPERATURE = 0.2;
    static final double TOP_P = 0.9;

    private final OpenAIClient openai;

    /**
     * @param openai the OpenAI client
     */
    public PreciseGenerator(OpenAIClient openai) {
        this.openai = openai;
    }

    /**
     * One low-temperature completion.
     *
     * @param prompt the user message
     * @return the answer
     */
    public String preciseGenerate(String prompt) {
        return Avaliar.llm("precise_generate")
                .model("gpt-4o")
                .provider("openai")
                .temperature(TEMPERATURE)
                .topP(TOP_P) // recorded in generation_info
                .input("prompt", prompt)
                .call(run -> {
                    ChatCompletion completion = openai.chat()
                            .completions()
                            .create(ChatCompletionCreateParams.builder()
                                    .model("gpt-4o")
                                    .addUserMessage(prompt)
                                    .temperature(TEMPERATURE) // and sent to the provider
                                    .topP(TOP_P)
                                    .build());
                    run.usageFrom(completion);
                    return completion.choices().get(0).message().content().orElse("");
                });
    }
}
