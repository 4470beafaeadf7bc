package ai.avaliar.trace;

/**
 * The span a traced call is running in: record its token usage, output, response model and
 * metadata from inside the call. Without a configured SDK every method does nothing.
 *
 * <pre>{@code
 * String answer = Avaliar.llm("synthesize").model("gpt-4o").provider("openai").call(run -> {
 *     ChatCompletion completion = client.chat().completions().create(params);
 *     run.usageFrom(completion);                       // tokens and response model, one line
 *     return completion.choices().get(0).message().content().orElse("");
 * });
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Run {

    /**
     * Records token counts (llm spans only). Called again, the latest counts win.
     *
     * @param inputTokens prompt tokens
     * @param outputTokens completion tokens
     * @return this run
     */
    Run usage(long inputTokens, long outputTokens);

    /**
     * Records token counts, the model that answered, and cache-read, cache-creation and reasoning
     * tokens where known, read from a provider SDK's object:
     * <ul>
     *   <li>openai-java: {@code ChatCompletion}, {@code ChatCompletionChunk}, {@code CompletionUsage},
     *       {@code Response}, {@code ResponseStreamEvent} (its {@code response.completed} event carries
     *       the usage), {@code ResponseCompletedEvent}, and the {@code ChatCompletionAccumulator} and
     *       {@code ResponseAccumulator};</li>
     *   <li>anthropic-java, {@code messages()} and {@code beta().messages()}: {@code Message},
     *       {@code RawMessageStreamEvent} ({@code message_start} carries the input and cache tokens,
     *       {@code message_delta} the output tokens, cumulative: feed every event), {@code Usage},
     *       {@code MessageDeltaUsage}, their {@code Beta} forms, and the {@code MessageAccumulator}
     *       and {@code BetaMessageAccumulator};</li>
     *   <li>LangChain4j: {@code ChatResponse} (also the one a streaming handler's
     *       {@code onCompleteResponse} gets) and {@code TokenUsage};</li>
     * </ul>
     * or anything with the same accessors. Counts the object does not carry are left as they were,
     * so every chunk or event of a stream can be fed as it comes; an llm span fed such objects
     * that ends without any count is reported as misuse {@link Misuse.Kind#NO_USAGE_IN_STREAM}.
     *
     * @param responseOrUsage a response, chunk, stream event, accumulator or usage object
     * @return this run
     */
    Run usageFrom(Object responseOrUsage);

    /**
     * Prompt tokens served from the provider's cache (part of the input tokens).
     *
     * @param tokens the count
     * @return this run
     */
    Run cacheReadInputTokens(long tokens);

    /**
     * Completion tokens spent on reasoning (part of the output tokens).
     *
     * @param tokens the count
     * @return this run
     */
    Run reasoningOutputTokens(long tokens);

    /**
     * The model that answered, when it differs from the one asked for.
     *
     * @param model the model name
     * @return this run
     */
    Run responseModel(String model);

    /**
     * The output to record instead of the call's return value.
     *
     * @param output any value; serialised as JSON
     * @return this run
     */
    Run output(Object output);

    /**
     * One metadata entry, recorded as {@code avaliar.metadata.<key>}.
     *
     * @param key the key
     * @param value a string, number or boolean (anything else is recorded as JSON)
     * @return this run
     */
    Run metadata(String key, Object value);

    /**
     * The type of the span.
     *
     * @return the type
     */
    SpanType type();

    /**
     * Whether anything is recorded: false when no SDK is configured.
     *
     * @return true when the span is recording
     */
    boolean isRecording();
}
