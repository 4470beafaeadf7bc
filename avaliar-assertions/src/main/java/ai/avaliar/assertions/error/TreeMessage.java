package ai.avaliar.assertions.error;

import org.assertj.core.description.Description;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.Representation;

/** A failure message, optionally followed by the actual tree; the base of every factory here. */
abstract class TreeMessage implements ErrorMessageFactory {

    static final String TREE_HEADER = "\nActual trace:\n";

    private final String message;

    TreeMessage(String message, String tree) {
        this.message = tree == null ? message : message + TREE_HEADER + strip(tree);
    }

    @Override
    public String create(Description description, Representation representation) {
        String prefix = description == null || description.value() == null || description.value().isEmpty()
                ? "" : "[" + description.value() + "] ";
        return prefix + message;
    }

    @Override
    public String create(Description description) {
        return create(description, null);
    }

    @Override
    public String create() {
        return message;
    }

    @Override
    public String toString() {
        return message;
    }

    static String strip(String tree) {
        return tree.endsWith("\n") ? tree.substring(0, tree.length() - 1) : tree;
    }

    static String span(String name) {
        return "span <" + name + ">";
    }
}
