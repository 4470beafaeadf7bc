package ai.avaliar.trace;

import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectorType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces a method, as the Python SDK's {@code @traceable}: put it on interface methods and
 * call them through {@link Avaliar#traced(Class, Object)}. Parameters are recorded as inputs
 * (by name when compiled with {@code -parameters}), the return value as output; methods that
 * return {@code CompletionStage}, {@code Stream}, {@code Iterator} or {@code Flow.Publisher}
 * are traced until they complete.
 *
 * <pre>{@code
 * interface Briefing {
 *     @Traceable(type = SpanType.TOOL)
 *     String fetchWeather(String city);
 *
 *     @Traceable(type = SpanType.LLM, model = "gpt-4o", provider = "openai", temperature = 0.2, topP = 0.9)
 *     Stream<String> streamGenerate(List<Message> messages);
 * }
 * Briefing traced = Avaliar.traced(Briefing.class, new OpenAiBriefing(client));
 * }</pre>
 *
 * <p>Detection, as {@code detect(...)}, {@code detectionMode(...)} and {@code blocking(...)} of the
 * span builders:
 *
 * <pre>{@code
 * @Traceable(type = SpanType.LLM, model = "gpt-4o", detect = {DetectorType.PII, DetectorType.TOXICITY})
 * String answer(String question);
 *
 * @Traceable(type = SpanType.LLM, detect = DetectorType.PROMPT_INJECTION, blocking = true)
 * String chat(String prompt);   // throws PromptBlockedException instead of calling the model
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Traceable {

    /**
     * The span type.
     *
     * @return agent, tool, llm or generic (the default)
     */
    SpanType type() default SpanType.GENERIC;

    /**
     * The span name; the method's name when empty.
     *
     * @return the name
     */
    String name() default "";

    /**
     * The model (llm spans).
     *
     * @return the model, or empty
     */
    String model() default "";

    /**
     * The provider (llm spans; on agent spans, the provider of the models the agent calls).
     *
     * @return the provider, or empty
     */
    String provider() default "";

    /**
     * The temperature (llm spans); NaN when not set.
     *
     * @return the temperature
     */
    double temperature() default Double.NaN;

    /**
     * top_p (llm spans); NaN when not set.
     *
     * @return top_p
     */
    double topP() default Double.NaN;

    /**
     * The output token limit (llm spans); negative when not set.
     *
     * @return max_tokens
     */
    long maxTokens() default -1;

    /**
     * Whether the arguments are recorded as inputs.
     *
     * @return true by default
     */
    boolean recordInputs() default true;

    /**
     * The detectors to run on the span's input and output when it ends; none by default.
     *
     * @return the detector types
     */
    DetectorType[] detect() default {};

    /**
     * Where the detectors run: {@code LOCAL} (the default) or {@code CLOUD}.
     *
     * @return the detection mode
     */
    DetectionMode detectionMode() default DetectionMode.LOCAL;

    /**
     * For llm spans: screen the prompt with the detectors before the model is called, and throw
     * {@code PromptBlockedException} on an issue of severity {@code HIGH} or worse.
     *
     * @return true to block
     */
    boolean blocking() default false;
}
