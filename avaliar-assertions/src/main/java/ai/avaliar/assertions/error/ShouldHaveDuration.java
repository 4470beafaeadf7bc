package ai.avaliar.assertions.error;

/**
 * Failure message of {@code tookLessThan} and {@code tookAtLeast}.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveDuration.shouldHaveDuration("synthesize", "less than", "100 ms", "212 ms", tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveDuration extends TreeMessage {

    private ShouldHaveDuration(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param span the span name
     * @param bound {@code less than} or {@code at least}
     * @param expected the bound, as text
     * @param actual the duration, as text
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDuration shouldHaveDuration(
            String span, String bound, String expected, String actual, String tree) {
        return new ShouldHaveDuration(
                "Expected " + span(span) + " to take " + bound + " <" + expected + "> but it took <" + actual + ">.",
                tree);
    }
}
