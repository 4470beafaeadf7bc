package ai.avaliar.assertions.error;

import java.util.List;

/**
 * Failure message of {@code hasToolCallsInOrder}: the trajectory differs.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveToolCallsInOrder.shouldHaveToolCallsInOrder(List.of("a", "b"), List.of("b"), tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveToolCallsInOrder extends TreeMessage {

    private ShouldHaveToolCallsInOrder(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param expected the expected tool names, in call order
     * @param actual the actual tool names, in start order
     * @param tree the actual tree
     * @return the factory
     */
    public static ShouldHaveToolCallsInOrder shouldHaveToolCallsInOrder(
            List<String> expected, List<String> actual, String tree) {
        return new ShouldHaveToolCallsInOrder(
                "Expected the tool calls <" + bracketed(expected) + "> in this order but they were <"
                        + bracketed(actual) + ">.",
                tree);
    }
}
