package ai.avaliar.assertions.error;

import java.util.List;
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
        String prefix = description == null
                        || description.value() == null
                        || description.value().isEmpty()
                ? ""
                : "[" + description.value() + "] ";
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

    /** How many names a message lists before it says how many more there are. */
    static final int MAX_LISTED = 20;

    /** Names joined by commas, the first {@link #MAX_LISTED} only: {@code a, b, … and 7 more}. */
    static String listed(List<String> names) {
        if (names.size() <= MAX_LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_LISTED)) + ", … and " + (names.size() - MAX_LISTED) + " more";
    }

    /** Like {@link #listed(List)}, in brackets as a list prints: {@code [a, b, … and 7 more]}. */
    static String bracketed(List<String> names) {
        return "[" + listed(names) + "]";
    }

    /** Leads the list of attributes of a span that another instrumentation wrote. */
    static final String NOT_OURS =
            "\nThe span was not written by Avaliar (it has no avaliar.span.type); its attributes: ";

    static String span(String name) {
        return "span <" + name + ">";
    }
}
