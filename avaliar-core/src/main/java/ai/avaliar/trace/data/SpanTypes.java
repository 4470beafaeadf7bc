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
