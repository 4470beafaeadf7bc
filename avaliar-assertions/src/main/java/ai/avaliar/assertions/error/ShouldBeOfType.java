package ai.avaliar.assertions.error;

import ai.avaliar.trace.SpanType;

/**
 * Failure message of {@code isLlm}, {@code isTool}, {@code isAgent}, {@code isGeneric}, {@code hasType}.
 *
 * <pre>{@code
 * throwAssertionError(ShouldBeOfType.shouldBeOfType("synthesize", SpanType.LLM, SpanType.TOOL, tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldBeOfType extends TreeMessage {

    private ShouldBeOfType(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param span the span name
     * @param expected the expected type
     * @param actual the actual type
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldBeOfType shouldBeOfType(String span, SpanType expected, SpanType actual, String tree) {
        return new ShouldBeOfType(
                "Expected " + span(span) + " to be " + article(expected) + " span but it was " + article(actual)
                        + " span.",
                tree);
    }

    /**
     * Creates the message for a span another instrumentation wrote: its type comes from
     * {@code gen_ai.operation.name}, and the message lists the attributes it has.
     *
     * @param span the span name
     * @param expected the expected type
     * @param actual the type read from the span
     * @param attributes the span's attributes, as text
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldBeOfType shouldBeOfTypeNotWritten(
            String span, SpanType expected, SpanType actual, String attributes, String tree) {
        return new ShouldBeOfType(
                "Expected " + span(span) + " to be " + article(expected) + " span but it was " + article(actual)
                        + " span. Another instrumentation's span is typed by gen_ai.operation.name: chat,"
                        + " text_completion, generate_content and embeddings are llm, execute_tool is tool,"
                        + " invoke_agent and create_agent are agent, anything else generic."
                        + NOT_OURS + attributes + ".",
                tree);
    }

    private static String article(SpanType type) {
        // "an llm": the article follows the sound ("el"), not the letter.
        return (type == SpanType.AGENT || type == SpanType.LLM ? "an " : "a ") + type.wireName();
    }
}
