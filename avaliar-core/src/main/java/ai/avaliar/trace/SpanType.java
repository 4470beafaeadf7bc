package ai.avaliar.trace;

import java.util.Locale;

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

    /**
     * The type written as {@code avaliar.span.type}; null when the name is none of ours.
     */
    static SpanType fromWireName(String name) {
        if (name == null) {
            return null;
        }
        for (SpanType type : values()) {
            if (type.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        return null;
    }

    /**
     * The type another instrumentation meant by its {@code gen_ai.operation.name}; null when unknown.
     */
    static SpanType fromOperationName(String operation) {
        if (operation == null) {
            return null;
        }
        switch (operation) {
            case "chat":
            case "text_completion":
            case "generate_content":
                return LLM;
            case "execute_tool":
                return TOOL;
            case "invoke_agent":
            case "create_agent":
                return AGENT;
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return wireName;
    }
}
