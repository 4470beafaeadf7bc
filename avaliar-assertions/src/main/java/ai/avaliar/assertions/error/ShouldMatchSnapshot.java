package ai.avaliar.assertions.error;

/**
 * Failure message of {@code matchesSnapshot}: the trace differs from its snapshot file (a unified
 * diff of the two trees), or the snapshot is missing where it may not be written.
 *
 * <pre>{@code
 * throwAssertionError(ShouldMatchSnapshot.shouldMatchSnapshot(message));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldMatchSnapshot extends TreeMessage {

    private ShouldMatchSnapshot(String message) {
        super(message, null);
    }

    /**
     * Creates the message.
     *
     * @param message what the snapshot check found, with the diff or the trace
     * @return the factory
     */
    public static ShouldMatchSnapshot shouldMatchSnapshot(String message) {
        return new ShouldMatchSnapshot(message);
    }
}
