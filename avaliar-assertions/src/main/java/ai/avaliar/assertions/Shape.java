package ai.avaliar.assertions;

import ai.avaliar.assertions.internal.LineDiff;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
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
    private static final Pattern TYPED =
            Pattern.compile("^(.*?)\\s*\\((agent|tool|llm|generic)\\)(.*)$", Pattern.CASE_INSENSITIVE);
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
            throw new IllegalArgumentException(
                    "an expected shape needs at least a root line, such as " + "\"morning_briefing  (agent)\"");
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
            throw new IllegalArgumentException(
                    "line " + number + " of the expected shape has no span name: \"" + line + "\"");
        }
        return new Node(label, type, new ArrayList<>());
    }

    static List<Node> of(List<CapturedSpan> spans) {
        List<Node> nodes = new ArrayList<>(spans.size());
        for (CapturedSpan span : spans) {
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
     * The actual siblings reordered to follow the expected ones, for a readable diff: first the pairs
     * whose whole subtrees match (a maximum matching), then, for expected siblings left over, the first
     * unused actual sibling of the same name and type; actual siblings nobody wanted come last.
     */
    static List<Node> alignTo(List<Node> expected, List<Node> actual) {
        return new AnyOrder().align(expected, actual);
    }

    /**
     * Matching where siblings may come in any order. Each expected subtree is compared with each actual
     * subtree at most once (memoised, and once for all subtrees of the same shape), and siblings are paired by a maximum bipartite
     * matching (Kuhn's augmenting paths) over the table of compatible pairs: polynomial, where trying
     * every pairing would take factorial time on many same-named siblings.
     */
    private static final class AnyOrder {

        /** Each node's class: nodes of one class have the same label, type and children's classes. */
        private final Map<Node, Integer> classOf = new IdentityHashMap<>();

        private final Map<List<Object>, Integer> classes = new HashMap<>();
        /** Whether an expected class matches an actual class, keyed by both class numbers. */
        private final Map<Long, Boolean> memo = new HashMap<>();

        boolean matches(Node expected, Node actual) {
            if (!expected.matchesShallow(actual)) {
                return false;
            }
            if (expected.children().isEmpty() || actual.children().isEmpty()) {
                return expected.children().isEmpty() && actual.children().isEmpty(); // leaves: nothing to memoise
            }
            // many same-shaped siblings share a class, so their subtrees are compared once per pair of classes
            long key = (long) classOf(expected) << 32 | classOf(actual);
            Boolean known = memo.get(key);
            if (known == null) {
                known = siblings(expected.children(), actual.children());
                memo.put(key, known);
            }
            return known;
        }

        private int classOf(Node node) {
            Integer known = classOf.get(node);
            if (known != null) {
                return known;
            }
            List<Object> key = new ArrayList<>(node.children().size() + 2);
            key.add(node.label());
            key.add(node.type());
            for (Node child : node.children()) {
                key.add(classOf(child));
            }
            Integer number = classes.get(key);
            if (number == null) {
                number = classes.size();
                classes.put(key, number);
            }
            classOf.put(node, number);
            return number;
        }

        boolean siblings(List<Node> expected, List<Node> actual) {
            if (expected.size() != actual.size()) {
                return false;
            }
            int[][] compatible = compatible(expected, actual, true);
            return compatible != null && new Matching(compatible, actual.size()).perfect();
        }

        List<Node> align(List<Node> expected, List<Node> actual) {
            int[] partner = new Matching(compatible(expected, actual, false), actual.size()).partners();
            boolean[] used = new boolean[actual.size()];
            for (int got : partner) {
                if (got >= 0) {
                    used[got] = true;
                }
            }
            for (int i = 0; i < expected.size(); i++) {
                for (int j = 0; partner[i] < 0 && j < actual.size(); j++) {
                    if (!used[j] && expected.get(i).matchesShallow(actual.get(j))) {
                        partner[i] = j;
                        used[j] = true;
                    }
                }
            }
            List<Node> ordered = new ArrayList<>(actual.size());
            for (int i = 0; i < expected.size(); i++) {
                if (partner[i] >= 0) {
                    Node node = actual.get(partner[i]);
                    ordered.add(new Node(
                            node.label(), node.type(), align(expected.get(i).children(), node.children())));
                }
            }
            for (int j = 0; j < actual.size(); j++) {
                if (!used[j]) {
                    ordered.add(actual.get(j));
                }
            }
            return ordered;
        }

        /**
         * For each expected sibling, the indexes of the actual siblings its whole subtree matches; with
         * {@code needAll}, null as soon as an expected or actual sibling has no match at all.
         */
        private int[][] compatible(List<Node> expected, List<Node> actual, boolean needAll) {
            int[][] compatible = new int[expected.size()][];
            boolean[] wanted = new boolean[actual.size()];
            int[] row = new int[actual.size()];
            for (int i = 0; i < expected.size(); i++) {
                int count = 0;
                for (int j = 0; j < actual.size(); j++) {
                    if (matches(expected.get(i), actual.get(j))) {
                        row[count++] = j;
                        wanted[j] = true;
                    }
                }
                if (count == 0 && needAll) {
                    return null; // this expected sibling fits no actual one
                }
                compatible[i] = Arrays.copyOf(row, count);
            }
            if (needAll) {
                for (boolean any : wanted) {
                    if (!any) {
                        return null; // this actual sibling fits no expected one
                    }
                }
            }
            return compatible;
        }
    }

    /**
     * A maximum bipartite matching of expected to actual siblings by Kuhn's algorithm: a greedy start,
     * then an augmenting path (depth first, iterative, so long paths cannot overflow the stack) for each
     * expected sibling left over. O(V·E) at worst.
     */
    private static final class Matching {

        private final int[][] compatible;
        private final int[] owner; // actual index -> expected index, or -1
        private final int[] seen; // actual index -> the search that last visited it
        private final int[] stack; // expected indexes on the current path
        private final int[] next; // per stack level: the next edge to try
        private final int[] via; // per stack level: the actual index that led there

        Matching(int[][] compatible, int actualCount) {
            this.compatible = compatible;
            this.owner = new int[actualCount];
            this.seen = new int[actualCount];
            this.stack = new int[compatible.length + 1];
            this.next = new int[compatible.length + 1];
            this.via = new int[compatible.length + 1];
            Arrays.fill(owner, -1);
        }

        /** Whether every expected sibling gets its own actual sibling. */
        boolean perfect() {
            boolean[] placed = greedy();
            for (int i = 0; i < compatible.length; i++) {
                if (!placed[i] && !augment(i)) {
                    return false;
                }
            }
            return true;
        }

        /** For each expected sibling, its actual sibling in a maximum matching, or -1. */
        int[] partners() {
            boolean[] placed = greedy();
            for (int i = 0; i < compatible.length; i++) {
                if (!placed[i]) {
                    augment(i);
                }
            }
            int[] partner = new int[compatible.length];
            Arrays.fill(partner, -1);
            for (int j = 0; j < owner.length; j++) {
                if (owner[j] >= 0) {
                    partner[owner[j]] = j;
                }
            }
            return partner;
        }

        private boolean[] greedy() {
            boolean[] placed = new boolean[compatible.length];
            for (int i = 0; i < compatible.length; i++) {
                for (int j : compatible[i]) {
                    if (owner[j] < 0) {
                        owner[j] = i;
                        placed[i] = true;
                        break;
                    }
                }
            }
            return placed;
        }

        private boolean augment(int start) {
            int search = start + 1;
            int top = 0;
            stack[0] = start;
            next[0] = 0;
            while (top >= 0) {
                int[] edges = compatible[stack[top]];
                if (next[top] == edges.length) {
                    top--;
                    continue;
                }
                int j = edges[next[top]++];
                if (seen[j] == search) {
                    continue;
                }
                seen[j] = search;
                if (owner[j] < 0) {
                    owner[j] = stack[top]; // flip the path: each expected sibling on it takes the next actual one
                    for (int level = top; level > 0; level--) {
                        owner[via[level]] = stack[level - 1];
                    }
                    return true;
                }
                top++;
                stack[top] = owner[j];
                next[top] = 0;
                via[top] = j;
            }
            return false;
        }
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
    static final long MAX_DIFF_CELLS = LineDiff.MAX_CELLS;

    /** A line diff (longest common subsequence) of expected and actual trees. */
    static String diff(List<Node> expected, List<Node> actual) {
        return diff(expected, actual, MAX_DIFF_CELLS);
    }

    /**
     * A line diff of expected and actual trees: every line, prefixed by two spaces when both have it,
     * {@code - } when only the expected tree does, {@code + } when only the actual tree does. Beyond
     * {@code maxCells}, see {@link LineDiff}.
     */
    static String diff(List<Node> expected, List<Node> actual, long maxCells) {
        List<Line> left = lines(expected);
        List<Line> right = lines(actual);
        StringBuilder out = new StringBuilder();
        for (LineDiff.Edit edit : LineDiff.diff(left, right, Shape::same, maxCells)) {
            switch (edit.op()) {
                case SAME -> out.append("  ").append(right.get(edit.actual()).text());
                case REMOVED ->
                    out.append("- ").append(left.get(edit.expected()).text());
                case ADDED -> out.append("+ ").append(right.get(edit.actual()).text());
            }
            out.append('\n');
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
