package ai.avaliar.assertions.error;

/**
 * Failure message of {@code hasDepth}: the tree has another number of levels.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveDepth.shouldHaveDepth(3, 2, tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveDepth extends TreeMessage {

    private ShouldHaveDepth(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param expected the expected number of levels
     * @param actual the actual number of levels
     * @param tree the actual tree, a deepest span marked
     * @return the factory
     */
    public static ShouldHaveDepth shouldHaveDepth(int expected, int actual, String tree) {
        return new ShouldHaveDepth(
                "Expected the trace to be <" + expected + "> levels deep but it was <" + actual + "> levels deep.",
                tree);
    }
}
