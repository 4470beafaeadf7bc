package ai.avaliar.trace.data;

import ai.avaliar.trace.AvaliarAttributes;
import io.opentelemetry.api.common.Attributes;
import java.util.OptionalLong;

/**
 * Reads GenAI attributes by name, whoever wrote them and with whatever type. Our SDK writes a token
 * count as a long, but another instrumentation may write it as a string or a double, and OpenTelemetry
 * keeps a key of another type apart from ours: a look-up with our typed key would find nothing. So
 * every value is found by its name, and taken as far as it is sound; a value that is not (a count
 * that is no number, a negative count) is left out rather than thrown at the reader.
 *
 * <p>The names we write too are taken from {@link AvaliarAttributes}; the older ones and Spring AI's,
 * which only other libraries write, are declared here. Names follow the OpenTelemetry GenAI semantic conventions
 * (open-telemetry/semantic-conventions-genai), with the older names some frameworks still write.
 */
final class GenAiAttributes {

    static final String OPERATION_NAME = AvaliarAttributes.OPERATION_NAME.getKey();
    static final String TOOL_NAME = AvaliarAttributes.TOOL_NAME.getKey();
    /** Spring AI's name of the tool on its {@code execute_tool} spans, where the conventions say gen_ai.tool.name. */
    static final String SPRING_AI_TOOL_NAME = "spring.ai.tool.definition.name";

    static final String TOOL_CALL_ARGUMENTS = AvaliarAttributes.TOOL_CALL_ARGUMENTS.getKey();
    static final String TOOL_CALL_RESULT = AvaliarAttributes.TOOL_CALL_RESULT.getKey();
    static final String INPUT_MESSAGES = AvaliarAttributes.INPUT_MESSAGES.getKey();
    static final String OUTPUT_MESSAGES = AvaliarAttributes.OUTPUT_MESSAGES.getKey();
    static final String ERROR_TYPE = AvaliarAttributes.ERROR_TYPE.getKey();
    /** Before gen_ai.usage.input_tokens (semantic conventions up to 1.26), still written by some. */
    static final String PROMPT_TOKENS = "gen_ai.usage.prompt_tokens";
    /** Before gen_ai.usage.output_tokens. */
    static final String COMPLETION_TOKENS = "gen_ai.usage.completion_tokens";

    static final String RESPONSE_ID = AvaliarAttributes.RESPONSE_ID.getKey();
    static final String FINISH_REASONS = AvaliarAttributes.RESPONSE_FINISH_REASONS.getKey();

    private GenAiAttributes() {}

    /** The value of the first of {@code names} the span has, as written; null when none. */
    static Object value(Attributes attributes, String... names) {
        for (String name : names) {
            Object[] found = new Object[1];
            attributes.forEach((key, value) -> {
                if (found[0] == null && key.getKey().equals(name)) {
                    found[0] = value;
                }
            });
            if (found[0] != null) {
                return found[0];
            }
        }
        return null;
    }

    /** The first of {@code names} that holds text; a number or boolean is taken as its text. */
    static String text(Attributes attributes, String... names) {
        for (String name : names) {
            Object value = value(attributes, name);
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                String text = String.valueOf(value).trim();
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return null;
    }

    /**
     * The first of {@code names} that holds a sound count: a whole number of zero or more, written as a
     * long, a double without a fraction, or a string of digits.
     */
    static OptionalLong count(Attributes attributes, String... names) {
        for (String name : names) {
            OptionalLong count = count(value(attributes, name));
            if (count.isPresent()) {
                return count;
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong count(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            long n = ((Number) value).longValue();
            return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
        }
        if (value instanceof Double) {
            double d = (Double) value;
            return d >= 0 && d == Math.rint(d) && d < Long.MAX_VALUE ? OptionalLong.of((long) d) : OptionalLong.empty();
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            if (!text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit)) {
                return OptionalLong.of(Long.parseLong(text));
            }
        }
        return OptionalLong.empty();
    }
}
