package ai.avaliar.trace;

/**
 * Avaliar's span types: an agent, a tool, an LLM call, or anything else.
 *
 * <pre>{@code
 * Avaliar.span(SpanType.TOOL, "fetch_weather").call(() -> api.weather(city));
 * }</pre>
 *
 * @since 0.1.0
 */
public enum SpanType {
    /** An agent: plans and calls tools and models. */
    AGENT("agent", "invoke_agent"),
    /** A tool an agent calls. */
    TOOL("tool", "execute_tool"),
    /** A call of a language model. */
    LLM("llm", "chat"),
    /** Any other step. */
    GENERIC("generic", null);

    private final String wireName;
    private final String operationName;

    SpanType(String wireName, String operationName) {
        this.wireName = wireName;
        this.operationName = operationName;
    }

    /**
     * The value of {@code avaliar.span.type}.
     *
     * @return {@code agent}, {@code tool}, {@code llm} or {@code generic}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The OpenTelemetry GenAI {@code gen_ai.operation.name} of this type, or null for generic spans.
     *
     * @return {@code invoke_agent}, {@code execute_tool}, {@code chat} or null
     */
    String operationName() {
        return operationName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
