package ai.avaliar.assertions.error;

import java.util.List;

/**
 * Failure message of {@code hasRoot}: the trace's root has another name.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveRoot.shouldHaveRoot("morning_briefing", List.of("briefing"), trace.render(root)));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveRoot extends TreeMessage {

    private ShouldHaveRoot(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param expected the expected root name
     * @param roots the names of the actual roots
     * @param tree the actual tree, root marked
     * @return the factory
     */
    public static ShouldHaveRoot shouldHaveRoot(String expected, List<String> roots, String tree) {
        String was =
                roots.size() == 1 ? "its root was <" + roots.get(0) + ">" : "its roots were <" + listed(roots) + ">";
        return new ShouldHaveRoot("Expected the trace to have the root <" + expected + "> but " + was + ".", tree);
    }

    /**
     * Creates the message for a trace that is not whole: several roots, or a root whose parent was
     * not captured, so the trace has no one root to name.
     *
     * @param expected the expected root name
     * @param roots the names of the actual roots
     * @param tree the actual trees, all roots
     * @return the factory
     */
    public static ShouldHaveRoot shouldBeComplete(String expected, List<String> roots, String tree) {
        String was = roots.size() == 1
                ? "its root <" + roots.get(0) + "> has a parent that was not captured"
                : "it has " + roots.size() + " roots <" + listed(roots) + ">, spans whose parent was not captured";
        return new ShouldHaveRoot(
                "Expected the trace to have the root <" + expected + "> but the trace is " + "incomplete: " + was
                        + " (still running, or in another process).",
                tree);
    }
}
