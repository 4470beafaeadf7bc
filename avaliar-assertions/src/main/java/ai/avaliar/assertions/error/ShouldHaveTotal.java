package ai.avaliar.assertions.error;

/**
 * Failure message of the aggregates over a trace: total tokens, total cost, per provider and model.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveTotal.shouldHaveTotal("total tokens", 100, 65, tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveTotal extends TreeMessage {

    private ShouldHaveTotal(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param what what was added up, such as {@code total tokens} or {@code total cost in USD for provider <openai>}
     * @param expected the expected total, as text
     * @param actual the actual total, as text
     * @param tree the actual tree
     * @return the factory
     */
    public static ShouldHaveTotal shouldHaveTotal(String what, Object expected, Object actual, String tree) {
        return new ShouldHaveTotal(
                "Expected the trace to have " + what + " <" + expected + "> but it had <" + actual + ">.", tree);
    }
}
