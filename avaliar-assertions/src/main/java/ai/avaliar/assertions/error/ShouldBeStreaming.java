package ai.avaliar.assertions.error;

/**
 * Failure message of {@code isStreaming}.
 *
 * <pre>{@code
 * throwAssertionError(ShouldBeStreaming.shouldBeStreaming("synthesize", tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldBeStreaming extends TreeMessage {

    private ShouldBeStreaming(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param span the span name
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldBeStreaming shouldBeStreaming(String span, String tree) {
        return new ShouldBeStreaming("Expected " + span(span) + " to be a streamed response but it was not.", tree);
    }
}
