package ai.avaliar.assertions.error;

/**
 * Failure message of {@code ranConcurrentlyWith} and {@code childrenRanConcurrently}.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveRunConcurrently.shouldHaveRunConcurrently("a", "0-100 ms", "b", "100-200 ms", tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveRunConcurrently extends TreeMessage {

    private ShouldHaveRunConcurrently(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param first one span name
     * @param firstTimes when it ran, relative to the trace start
     * @param second the other span name
     * @param secondTimes when that ran
     * @param tree the actual tree, first span marked
     * @return the factory
     */
    public static ShouldHaveRunConcurrently shouldHaveRunConcurrently(
            String first, String firstTimes, String second, String secondTimes, String tree) {
        return new ShouldHaveRunConcurrently(
                "Expected <" + first + "> and <" + second
                        + "> to have run concurrently but <" + first + "> ran " + firstTimes + " and <" + second
                        + "> ran "
                        + secondTimes + " (from the start of the trace).",
                tree);
    }
}
