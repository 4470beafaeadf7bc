package ai.avaliar.assertions.error;

/**
 * Failure message of {@code hasShape}: the expected tree, the actual tree and a line diff.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveShape.shouldHaveShape(false, expected, actual, diff));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveShape extends TreeMessage {

    private ShouldHaveShape(String message) {
        super(message, null);
    }

    /**
     * Creates the message.
     *
     * @param anyOrder whether siblings could come in any order
     * @param expected the expected tree, as given
     * @param actual the actual tree in the same notation
     * @param diff lines of the actual tree prefixed by two spaces, missing lines by {@code - },
     *     unexpected lines by {@code + }
     * @return the factory
     */
    public static ShouldHaveShape shouldHaveShape(boolean anyOrder, String expected, String actual, String diff) {
        return new ShouldHaveShape("Expected the trace to have the shape" + (anyOrder ? " (siblings in any order)" : "")
                + ":\n" + strip(expected) + "\nbut it was:\n" + strip(actual)
                + "\nDiff (- expected, + actual):\n" + strip(diff));
    }
}
