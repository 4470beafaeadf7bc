package ai.avaliar.assertions.error;

import java.util.List;

/**
 * Failure message of counting assertions such as {@code hasSpanCount} and {@code hasLlmCallCount}.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveCount.shouldHaveCount("llm calls", 3, List.of("synthesize"), tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveCount extends TreeMessage {

    private ShouldHaveCount(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param what what was counted, in the plural, such as {@code spans}
     * @param expected the expected count
     * @param actual the names of what was counted
     * @param tree the actual tree
     * @return the factory
     */
    public static ShouldHaveCount shouldHaveCount(String what, int expected, List<String> actual, String tree) {
        return new ShouldHaveCount(
                "Expected the trace to have <" + expected + "> " + what + " but it had <" + actual.size() + ">"
                        + (actual.isEmpty() ? "" : ": <" + listed(actual) + ">") + ".",
                tree);
    }
}
