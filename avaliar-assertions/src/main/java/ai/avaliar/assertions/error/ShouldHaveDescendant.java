package ai.avaliar.assertions.error;

/**
 * Failure message of {@code hasDescendant}: no span of that name below the span.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveDescendant.shouldHaveDescendant("coordinator", "llm_call", tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveDescendant extends TreeMessage {

    private ShouldHaveDescendant(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param ancestor the span searched below
     * @param name the missing descendant name
     * @param tree the actual tree, ancestor marked
     * @return the factory
     */
    public static ShouldHaveDescendant shouldHaveDescendant(String ancestor, String name, String tree) {
        return new ShouldHaveDescendant("No span named <" + name + "> below <" + ancestor + ">.", tree);
    }
}
