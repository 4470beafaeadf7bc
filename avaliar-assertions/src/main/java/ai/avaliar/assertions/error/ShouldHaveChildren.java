package ai.avaliar.assertions.error;

import java.util.List;

/**
 * Failure message of {@code hasChildren} and {@code hasChildrenInAnyOrder}.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveChildren.shouldHaveChildren("agent", List.of("a", "b"), List.of("b", "a"), true, tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveChildren extends TreeMessage {

    private ShouldHaveChildren(String message, String tree) {
        super(message, tree);
    }

    /**
     * Creates the message.
     *
     * @param parent the parent span name
     * @param expected the expected child names
     * @param actual the actual child names
     * @param inOrder whether the order mattered
     * @param tree the actual tree, parent marked
     * @return the factory
     */
    public static ShouldHaveChildren shouldHaveChildren(
            String parent, List<String> expected, List<String> actual, boolean inOrder, String tree) {
        return new ShouldHaveChildren(
                "Expected <" + parent + "> to have the children <" + bracketed(expected) + "> "
                        + (inOrder ? "in this order" : "in any order") + " but they were <" + bracketed(actual) + ">.",
                tree);
    }
}
