package ai.avaliar.assertions.error;

/**
 * Failure messages of the error assertions: {@code hasError}, {@code hasNoError}, {@code hasNoErrors}, {@code hasException}.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveError.shouldNotHaveError("fetch_news", "timeout", tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveError extends TreeMessage {

    private ShouldHaveError(String message, String tree) {
        super(message, tree);
    }

    /**
     * The span should have failed and did not.
     *
     * @param span the span name
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveError shouldHaveError(String span, String tree) {
        return new ShouldHaveError("Expected " + span(span) + " to have failed but it succeeded.", tree);
    }

    /**
     * The span, or a span of the trace, should not have failed and did.
     *
     * @param span the failed span name
     * @param message its error message, or null
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveError shouldNotHaveError(String span, String message, String tree) {
        return new ShouldHaveError(
                "Expected no error but " + span(span) + " failed"
                        + (message == null || message.isEmpty() ? "" : ": " + message) + ".",
                tree);
    }

    /**
     * The span should have recorded an exception of a type.
     *
     * @param span the span name
     * @param expectedType the expected exception class name
     * @param actual the recorded exception as {@code type: message}, or null when none
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveError shouldHaveException(String span, String expectedType, String actual, String tree) {
        return new ShouldHaveError(
                "Expected " + span(span) + " to have recorded an exception of type <" + expectedType + "> but "
                        + (actual == null ? "it recorded none." : "it recorded <" + actual + ">."),
                tree);
    }
}
