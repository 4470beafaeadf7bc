package ai.avaliar.trace.data;

import ai.avaliar.trace.SpanType;
import java.util.Locale;

/** Reads a span's type back from what an instrumentation wrote: ours or the GenAI conventions'. */
final class SpanTypes {

    private SpanTypes() {}

    /**
     * The type written as {@code avaliar.span.type}; null when the name is none of ours.
     */
    static SpanType fromWireName(String name) {
        if (name == null) {
            return null;
        }
        for (SpanType type : SpanType.values()) {
            if (type.wireName().equals(name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        return null;
    }

    /**
     * The type another instrumentation meant by its {@code gen_ai.operation.name}; null when unknown
     * (Spring AI's {@code framework}, a name of the future), which leaves the span generic.
     * {@code embeddings} is an llm span: a call of a model, with its model, provider and input
     * tokens, which are what our llm spans hold.
     */
    static SpanType fromOperationName(String operation) {
        if (operation == null) {
            return null;
        }
        switch (operation.trim().toLowerCase(Locale.ROOT)) {
            case "chat":
            case "text_completion":
            case "generate_content":
            case "embeddings":
                return SpanType.LLM;
            case "execute_tool":
                return SpanType.TOOL;
            case "invoke_agent":
            case "create_agent":
                return SpanType.AGENT;
            default:
                return null;
        }
    }
}
