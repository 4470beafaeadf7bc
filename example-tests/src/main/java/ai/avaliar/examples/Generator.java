package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.Traceable;
import com.openai.client.OpenAIClient;

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
}
