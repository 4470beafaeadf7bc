package ai.avaliar.assertions.error;

import java.util.List;
import java.util.Map;

/**
 * Failure message of span value assertions: name, model, provider, tokens, cost, inputs, output, generation info, metadata, error message.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveValue.shouldHaveValue("synthesize", "model", "gpt-4o", "gpt-4o-mini", tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveValue extends TreeMessage {

    private ShouldHaveValue(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param span the span name
     * @param what what was compared, such as {@code model} or {@code generation info "temperature"}
     * @param expected the expected value
     * @param actual the actual value, or null when the span had none
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveValue shouldHaveValue(
            String span, String what, Object expected, Object actual, String tree) {
        boolean alike =
                expected != null && actual != null && String.valueOf(expected).equals(String.valueOf(actual));
        return new ShouldHaveValue(
                "Expected " + span(span) + " to have " + what + " " + shown(expected, alike) + " but "
                        + (actual == null ? "it had none." : "it was " + shown(actual, alike) + "."),
                tree);
    }

    /**
     * Creates the message for a span another instrumentation wrote that lacks the value: it lists
     * what the span does have, since its writer may name the value differently.
     *
     * @param span the span name
     * @param what what was compared, such as {@code input tokens}
     * @param expected the expected value
     * @param attributes the span's attributes, as text
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveValue shouldHaveValueNotWritten(
            String span, String what, Object expected, String attributes, String tree) {
        return new ShouldHaveValue(
                "Expected " + span(span) + " to have " + what + " <" + expected + "> but it had none." + NOT_OURS
                        + attributes + ".",
                tree);
    }

    /**
     * Creates the message of {@code hasNoModel()} and the like: the span has a value it should not have.
     *
     * @param span the span name
     * @param what what should be absent, such as {@code model}
     * @param actual the value the span had
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveValue shouldHaveNoValue(String span, String what, Object actual, String tree) {
        return new ShouldHaveValue(
                "Expected " + span(span) + " to have no " + what + " but it had <" + actual + ">.", tree);
    }

    /** The value in angle brackets, with its type when the other value prints alike ({@code 1} and {@code "1"}). */
    private static String shown(Object value, boolean withType) {
        return "<" + value + ">" + (withType ? " (" + typeName(value) + ")" : "");
    }

    private static String typeName(Object value) {
        if (value instanceof List<?>) {
            return "List";
        }
        if (value instanceof Map<?, ?>) {
            return "Map";
        }
        return value.getClass().getSimpleName();
    }
}
