package ai.avaliar.assertions;

import ai.avaliar.trace.Span;
import ai.avaliar.trace.SpanType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tree in the notation of Avaliar's guide, parsed from text, compared with a trace and diffed.
 *
 * <p>Rules: one node per line; a root line has no branch; a child line has a branch
 * ({@code ├──}, {@code └──}, or ASCII {@code |--}, {@code +--}, {@code `--}) and its parent is the
 * nearest line above whose branch starts further left, or a line without a branch starting in the
 * same column (the layout of the {@code tree} command, branches under the root's first letter).
 * After the name, a type in parentheses ({@code (agent)}, {@code (tool)}, {@code (llm)},
 * {@code (generic)}) is optional; whatever follows the type is a comment. Without a type, a comment
 * starts at {@code ─}, {@code —}, {@code --}, {@code #} or {@code //} after a space. Plain
 * indentation without branches works too: a line indented further than the line above is its
 * child. A name written as {@code researcher: "topic A"} (the guide's way of showing an argument)
 * also matches a span named {@code researcher}. Lines made of {@code │} and spaces only are ignored.
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

    private record Open(int column, boolean branch, Node node) {

        /**
         * Whether a new line starting at {@code column} closes this one: a line without a branch closes
         * lines at its column or further right; a branch line closes lines further right and branch
         * lines at its column, but not a plain line at its column, so that {@code tree}'s layout, with
         * branches in the root's column, works.
         */
        boolean closedBy(int lineColumn, boolean lineHasBranch) {
            return column > lineColumn || column == lineColumn && (branch || !lineHasBranch);
        }
    }

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
            while (!open.isEmpty() && open.peek().closedBy(column, hasBranch)) {
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
            open.push(new Open(column, hasBranch, node));
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
        if (!anyOrder) {
            return inOrder(expected, actual);
        }
        return new AnyOrder().siblings(expected, actual);
    }

    private static boolean inOrder(List<Node> expected, List<Node> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Node wanted = expected.get(i);
            Node got = actual.get(i);
            if (!wanted.matchesShallow(got) || !inOrder(wanted.children(), got.children())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Matching where siblings may come in any order. Each expected subtree is compared with each actual
     * subtree at most once (memoised by identity), and siblings are paired by a maximum bipartite
     * matching (Kuhn's augmenting paths) over the table of compatible pairs: polynomial, where trying
     * every pairing would take factorial time on many same-named siblings.
     */
    private static final class AnyOrder {

        private final Map<Node, Map<Node, Boolean>> memo = new IdentityHashMap<>();

        boolean matches(Node expected, Node actual) {
            Map<Node, Boolean> row = memo.computeIfAbsent(expected, key -> new IdentityHashMap<>());
            Boolean known = row.get(actual);
            if (known == null) {
                known = expected.matchesShallow(actual) && siblings(expected.children(), actual.children());
                row.put(actual, known);
            }
            return known;
        }

        boolean siblings(List<Node> expected, List<Node> actual) {
            int n = expected.size();
            if (n != actual.size()) {
                return false;
            }
            List<List<Integer>> compatible = new ArrayList<>(n);
            boolean[] matchable = new boolean[n];
            for (int i = 0; i < n; i++) {
                List<Integer> row = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (matches(expected.get(i), actual.get(j))) {
                        row.add(j);
                        matchable[j] = true;
                    }
                }
                if (row.isEmpty()) {
                    return false; // this expected sibling fits no actual one
                }
                compatible.add(row);
            }
            for (boolean used : matchable) {
                if (!used) {
                    return false; // this actual sibling fits no expected one
                }
            }
            return perfectMatching(compatible, n);
        }

        /** Kuhn's algorithm: whether every expected sibling gets its own compatible actual sibling. */
        private static boolean perfectMatching(List<List<Integer>> compatible, int n) {
            int[] owner = new int[n]; // actual index -> expected index, or -1
            Arrays.fill(owner, -1);
            for (int i = 0; i < n; i++) {
                if (!augment(i, compatible, owner, new boolean[n])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean augment(int expected, List<List<Integer>> compatible, int[] owner, boolean[] seen) {
            for (int actual : compatible.get(expected)) {
                if (!seen[actual]) {
                    seen[actual] = true;
                    if (owner[actual] < 0 || augment(owner[actual], compatible, owner, seen)) {
                        owner[actual] = expected;
                        return true;
                    }
                }
            }
            return false;
        }
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

    /** The most cells of the table a line diff fills; beyond it, differing lines are listed plainly. */
    static final int MAX_DIFF_CELLS = 1_000_000;

    /** A line diff (longest common subsequence) of expected and actual trees. */
    static String diff(List<Node> expected, List<Node> actual) {
        return diff(expected, actual, MAX_DIFF_CELLS);
    }

    /**
     * A line diff of expected and actual trees. Lines both start with are kept as they are; when what
     * remains would need a table of more than {@code maxCells} cells, the remaining expected lines are
     * listed as missing and the remaining actual lines as unexpected, around the lines both end with.
     */
    static String diff(List<Node> expected, List<Node> actual, long maxCells) {
        List<Line> left = lines(expected);
        List<Line> right = lines(actual);
        StringBuilder out = new StringBuilder();
        int start = 0;
        while (start < left.size() && start < right.size() && same(left.get(start), right.get(start))) {
            out.append("  ").append(right.get(start++).text()).append('\n');
        }
        int n = left.size() - start;
        int m = right.size() - start;
        if ((long) (n + 1) * (m + 1) > maxCells) {
            int end = 0;
            while (end < n && end < m && same(left.get(left.size() - 1 - end), right.get(right.size() - 1 - end))) {
                end++;
            }
            for (int i = start; i < left.size() - end; i++) {
                out.append("- ").append(left.get(i).text()).append('\n');
            }
            for (int j = start; j < right.size() - end; j++) {
                out.append("+ ").append(right.get(j).text()).append('\n');
            }
            for (int j = right.size() - end; j < right.size(); j++) {
                out.append("  ").append(right.get(j).text()).append('\n');
            }
            return out.toString();
        }
        left = left.subList(start, left.size());
        right = right.subList(start, right.size());
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = same(left.get(i), right.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
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
