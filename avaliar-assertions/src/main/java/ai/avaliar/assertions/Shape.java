package ai.avaliar.assertions;

import ai.avaliar.trace.Span;
import ai.avaliar.trace.SpanType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tree in the notation of Avaliar's guide, parsed from text, compared with a trace and diffed.
 *
 * <p>Rules: one node per line; a root line has no branch; a child line has a branch
 * ({@code ├──}, {@code └──}, or ASCII {@code |--}, {@code +--}, {@code `--}) and its parent is the
 * nearest line above whose branch starts further left. After the name, a type in parentheses
 * ({@code (agent)}, {@code (tool)}, {@code (llm)}, {@code (generic)}) is optional; whatever follows
 * the type is a comment. Without a type, a comment starts at {@code ─}, {@code —}, {@code --},
 * {@code #} or {@code //} after a space. Plain indentation without branches works too: a line
 * indented further than the line above is its child. A name written as {@code researcher: "topic A"} (the
 * guide's way of showing an argument) also matches a span named {@code researcher}. Lines made of
 * {@code │} and spaces only are ignored.
 */
final class Shape {

    private static final Pattern BRANCH = Pattern.compile("[├└]─+ ?|[|+`]-- ?");
    private static final Pattern TYPED = Pattern.compile("^(.*?)\\s*\\((agent|tool|llm|generic)\\)(.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENT = Pattern.compile("\\s+(?:[─—]|--|#|//)");
    private static final Pattern ANNOTATED = Pattern.compile("^(.+?): \".*\"$");

    private Shape() {}

    /** One node of a tree: expected (type may be null) or actual. */
    record Node(String label, SpanType type, List<Node> children) {

        boolean matchesShallow(Node actual) {
            return (type == null || type == actual.type) && nameMatches(actual.label);
        }

        private boolean nameMatches(String actualName) {
            if (label.equals(actualName)) {
                return true;
            }
            Matcher annotated = ANNOTATED.matcher(label);
            return annotated.matches() && annotated.group(1).equals(actualName);
        }

        String line() {
            return type == null ? label : label + "  (" + type.wireName() + ")";
        }
    }

    private record Open(int column, Node node) {}

    static List<Node> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an expected shape needs at least a root line, such as "
                    + "\"morning_briefing  (agent)\"");
        }
        List<Node> roots = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        int number = 0;
        for (String line : text.stripIndent().split("\\R")) {
            number++;
            if (line.isBlank() || line.chars().allMatch(c -> c == ' ' || c == '│' || c == '|' || c == '\t')) {
                continue;
            }
            Matcher branch = BRANCH.matcher(line);
            boolean hasBranch = branch.find();
            int column;
            String rest;
            if (hasBranch) {
                column = branch.start();
                rest = line.substring(branch.end());
            } else {
                column = line.length() - line.stripLeading().length();
                rest = line;
            }
            Node node = node(rest.strip(), number, line);
            while (!open.isEmpty() && open.peek().column() >= column) {
                open.pop();
            }
            if (hasBranch && open.isEmpty()) {
                throw new IllegalArgumentException("line " + number + " of the expected shape has a branch but no "
                        + "parent line above it: \"" + line + "\"");
            }
            if (open.isEmpty()) {
                roots.add(node);
            } else {
                open.peek().node().children().add(node);
            }
            open.push(new Open(column, node));
        }
        return roots;
    }

    private static Node node(String text, int number, String line) {
        String label;
        SpanType type = null;
        Matcher typed = TYPED.matcher(text);
        if (typed.matches()) {
            label = typed.group(1).strip();
            type = SpanType.valueOf(typed.group(2).toUpperCase(Locale.ROOT));
        } else {
            Matcher comment = COMMENT.matcher(text);
            label = (comment.find() ? text.substring(0, comment.start()) : text).strip();
        }
        if (label.isEmpty()) {
            throw new IllegalArgumentException("line " + number + " of the expected shape has no span name: \""
                    + line + "\"");
        }
        return new Node(label, type, new ArrayList<>());
    }

    static List<Node> of(List<Span> spans) {
        List<Node> nodes = new ArrayList<>(spans.size());
        for (Span span : spans) {
            nodes.add(new Node(span.name(), span.type(), of(span.children())));
        }
        return nodes;
    }

    /** Whether the actual trees have the expected shape; siblings in order unless {@code anyOrder}. */
    static boolean matches(List<Node> expected, List<Node> actual, boolean anyOrder) {
        if (expected.size() != actual.size()) {
            return false;
        }
        if (!anyOrder) {
            for (int i = 0; i < expected.size(); i++) {
                if (!matches(expected.get(i), actual.get(i), false)) {
                    return false;
                }
            }
            return true;
        }
        return assign(expected, 0, actual, new boolean[actual.size()]);
    }

    private static boolean matches(Node expected, Node actual, boolean anyOrder) {
        return expected.matchesShallow(actual) && matches(expected.children(), actual.children(), anyOrder);
    }

    /** Backtracking assignment of expected siblings to distinct actual siblings. */
    private static boolean assign(List<Node> expected, int next, List<Node> actual, boolean[] used) {
        if (next == expected.size()) {
            return true;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!used[i] && matches(expected.get(next), actual.get(i), true)) {
                used[i] = true;
                if (assign(expected, next + 1, actual, used)) {
                    return true;
                }
                used[i] = false;
            }
        }
        return false;
    }

    /** The actual siblings reordered to follow the expected ones where names match, for a readable diff. */
    static List<Node> alignTo(List<Node> expected, List<Node> actual) {
        List<Node> ordered = new ArrayList<>(actual.size());
        boolean[] used = new boolean[actual.size()];
        for (Node wanted : expected) {
            for (int i = 0; i < actual.size(); i++) {
                if (!used[i] && wanted.matchesShallow(actual.get(i))) {
                    used[i] = true;
                    Node node = actual.get(i);
                    ordered.add(new Node(node.label(), node.type(), alignTo(wanted.children(), node.children())));
                    break;
                }
            }
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!used[i]) {
                ordered.add(actual.get(i));
            }
        }
        return ordered;
    }

    private record Line(int depth, Node node, String text) {}

    static String render(List<Node> roots) {
        StringBuilder out = new StringBuilder();
        for (Line line : lines(roots)) {
            out.append(line.text()).append('\n');
        }
        return out.toString();
    }

    private static List<Line> lines(List<Node> roots) {
        List<Line> lines = new ArrayList<>();
        for (Node root : roots) {
            lines.add(new Line(0, root, root.line()));
            collect(root, "  ", 1, lines);
        }
        return lines;
    }

    private static void collect(Node parent, String indent, int depth, List<Line> lines) {
        List<Node> children = parent.children();
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            Node child = children.get(i);
            lines.add(new Line(depth, child, indent + (last ? "└── " : "├── ") + child.line()));
            collect(child, indent + (last ? "      " : "│     "), depth + 1, lines);
        }
    }

    /** A line diff (longest common subsequence) of expected and actual trees. */
    static String diff(List<Node> expected, List<Node> actual) {
        List<Line> left = lines(expected);
        List<Line> right = lines(actual);
        int n = left.size();
        int m = right.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = same(left.get(i), right.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && same(left.get(i), right.get(j))) {
                out.append("  ").append(right.get(j++).text()).append('\n');
                i++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.append("- ").append(left.get(i++).text()).append('\n');
            } else {
                out.append("+ ").append(right.get(j++).text()).append('\n');
            }
        }
        return out.toString();
    }

    private static boolean same(Line expected, Line actual) {
        return expected.depth() == actual.depth() && expected.node().matchesShallow(actual.node());
    }

    /** The text with the indentation common to its non-blank lines removed. */
    static String stripIndent(String text) {
        return text.stripIndent();
    }
}
