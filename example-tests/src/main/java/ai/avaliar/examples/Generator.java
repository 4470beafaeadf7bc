package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.Traceable;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The guide's token tracking, in its annotation form: the model, provider and span type are on
 * the interface, and the implementation attaches the token counts from inside the traced method
 * with {@link Avaliar#updateCurrentLlmRun(Object)}, as Python's {@code update_current_llm_run}.
 *
 * <pre>{@code
 * Generator generator = Generator.openai(openai);     // traced
 * String answer = generator.generate("Name three primary colours.");
 * // generate (llm)  gpt-4o · openai · 14→9 tokens · $0.000125
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Generator {

    /**
     * One completion.
     *
     * @param prompt the user message
     * @return the answer
     */
    @Traceable(type = SpanType.LLM, name = "generate", model = "gpt-4o", provider = "openai")
    String generate(String prompt);

    /**
     * The OpenAI implementation, traced.
     *
     * @param openai the OpenAI client
     * @return a generator whose calls are llm spans
     */
    static Generator openai(OpenAIClient openai) {
        return Avaliar.traced(Generator.class, new OpenAiGenerator(openai));
    }

    /** Calls OpenAI and reports the usage of the response to the current llm span. */
    final class OpenAiGenerator implements Generator {
        private final OpenAIClient openai;

        OpenAiGenerator(OpenAIClient openai) {
            this.openai = openai;
        }

        @Override
        public String generate(String prompt) {
            ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage(prompt)
                    .build());
            // must run inside the llm span: here, inside the traced method
            Avaliar.updateCurrentLlmRun(completion);
            return completion.choices().get(0).message().content().orElse("");
        }
    }
}
