package ai.avaliar.assertions.error;

import java.util.List;

/**
 * Failure message of {@code hasChild} and {@code child}: no child of that name.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveChild.shouldHaveChild("morning_briefing", "synth", List.of("fetch_weather"), tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveChild extends TreeMessage {

    private ShouldHaveChild(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param parent the parent span name
     * @param child the missing child name
     * @param children the names of the actual children
     * @param tree the actual tree, parent marked
     * @return the factory
     */
    public static ShouldHaveChild shouldHaveChild(String parent, String child, List<String> children, String tree) {
        return new ShouldHaveChild(
                "No child named <" + child + "> under <" + parent + ">; " + describeChildren(children) + ".", tree);
    }

    static String describeChildren(List<String> children) {
        return children.isEmpty() ? "it has no children" : "its children are <" + listed(children) + ">";
    }
}
