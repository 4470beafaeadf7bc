package ai.avaliar.assertions.error;

import java.util.List;

/**
 * Failure message of {@code span(path)}: nothing at that path.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveSpanAt.shouldHaveSpanAt("a/b[2]", "a", "b[2]", List.of("b[0]", "b[1]"), tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveSpanAt extends TreeMessage {

    private ShouldHaveSpanAt(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param path the path asked for
     * @param found the path of the deepest span found along it, or null when the root did not match
     * @param missing the segment that was not found
     * @param candidates what was there instead of {@code missing}
     * @param tree the actual tree, the deepest span found marked
     * @return the factory
     */
    public static ShouldHaveSpanAt shouldHaveSpanAt(
            String path, String found, String missing, List<String> candidates, String tree) {
        String where = found == null
                ? "the trace has no root <" + missing + ">; its roots are <" + listed(candidates) + ">"
                : "<" + found + "> has no child <" + missing + ">; " + ShouldHaveChild.describeChildren(candidates);
        return new ShouldHaveSpanAt("No span at path <" + path + ">: " + where + ".", tree);
    }
}
