package ai.avaliar.assertions.snapshot;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A trace as the lines of its snapshot: the guide's tree notation with what {@link SnapshotOptions}
 * asks for, and nothing that changes from run to run (ids, times, durations, cost).
 *
 * <p>Stable order: siblings are read in start order and split into groups of spans that ran at the
 * same time (each span of a group started before every earlier one of the group had ended; in
 * practice, the branches started together by an executor or {@code CompletableFuture}s). Spans that
 * ran one after another keep that order, which is the trajectory a snapshot is there to pin; within
 * a group, whose order is up to the scheduler, spans are sorted by their line, then by their whole
 * subtree's lines. So a snapshot does not change when parallel tools finish in another order, and
 * a step that stopped running in parallel shows as a change only if its position changes.
 *
 * <p>Labels are not padded to a common column, so a span added with a long name changes one line
 * of the file, not all of them.
 */
final class SnapshotTree {

    static final String TOKENS_SUFFIX = " tokens";

    private final SnapshotOptions options;
    // Each made once per span: a span's line, its children's order and its subtree's key.
    private final Map<CapturedSpan, String> labels = new IdentityHashMap<>();
    private final Map<CapturedSpan, List<CapturedSpan>> orders = new IdentityHashMap<>();
    private final Map<CapturedSpan, String> subtrees = new IdentityHashMap<>();

    private SnapshotTree(SnapshotOptions options) {
        this.options = options;
    }

    /** The snapshot's lines of {@code trace}, every root in start order. */
    static List<String> lines(Trace trace, SnapshotOptions options) {
        SnapshotTree tree = new SnapshotTree(options);
        List<String> lines = new ArrayList<>(trace.spans().size());
        for (CapturedSpan root : trace.roots()) {
            lines.add(tree.label(root));
            tree.details(root, "  ", lines);
            tree.collect(root, "  ", lines);
        }
        return lines;
    }

    private void collect(CapturedSpan parent, String indent, List<String> lines) {
        List<CapturedSpan> children = childrenOf(parent);
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            CapturedSpan child = children.get(i);
            lines.add(indent + (last ? "└── " : "├── ") + label(child));
            String below = indent + (last ? "      " : "│     ");
            details(child, below, lines);
            collect(child, below, lines);
        }
    }

    private List<CapturedSpan> childrenOf(CapturedSpan parent) {
        List<CapturedSpan> order = orders.get(parent);
        if (order == null) {
            order = stableOrder(parent.children());
            orders.put(parent, order);
        }
        return order;
    }

    /** Siblings in start order, each group of overlapping ones sorted by content. Linear but for the sorts. */
    List<CapturedSpan> stableOrder(List<CapturedSpan> startOrdered) {
        if (startOrdered.size() < 2) {
            return startOrdered;
        }
        List<CapturedSpan> out = new ArrayList<>(startOrdered.size());
        int groupStart = 0;
        long groupEnd = Long.MIN_VALUE;
        for (int i = 0; i < startOrdered.size(); i++) {
            CapturedSpan span = startOrdered.get(i);
            if (i > groupStart && span.startEpochNanos() >= groupEnd) {
                addSorted(startOrdered.subList(groupStart, i), out);
                groupStart = i;
                groupEnd = Long.MIN_VALUE;
            }
            groupEnd = Math.max(groupEnd, span.endEpochNanos());
        }
        addSorted(startOrdered.subList(groupStart, startOrdered.size()), out);
        return out;
    }

    private void addSorted(List<CapturedSpan> group, List<CapturedSpan> out) {
        if (group.size() == 1) {
            out.add(group.get(0));
            return;
        }
        List<CapturedSpan> sorted = new ArrayList<>(group);
        sorted.sort(Comparator.comparing(this::label).thenComparing(this::subtree));
        out.addAll(sorted);
    }

    /**
     * The span's line and details, then its children's keys in their stable order: the tie-breaker of a
     * group, made once per span from its children's.
     */
    private String subtree(CapturedSpan span) {
        String key = subtrees.get(span);
        if (key == null) {
            List<String> own = new ArrayList<>();
            own.add(label(span));
            details(span, "", own);
            StringBuilder text = new StringBuilder(String.join("\n", own));
            for (CapturedSpan child : childrenOf(span)) {
                text.append("\n(").append(subtree(child)).append(')');
            }
            key = text.toString();
            subtrees.put(span, key);
        }
        return key;
    }

    /** {@code name  (type)  model · provider · 53→12 tokens · ERROR message}, made once per span. */
    String label(CapturedSpan span) {
        String label = labels.get(span);
        if (label == null) {
            label = newLabel(span);
            labels.put(span, label);
        }
        return label;
    }

    private String newLabel(CapturedSpan span) {
        StringBuilder line = new StringBuilder(span.name())
                .append("  (")
                .append(span.type().wireName())
                .append(')');
        List<String> parts = new ArrayList<>(4);
        if (options.has(SnapshotField.MODEL)) {
            span.model().ifPresent(parts::add);
        }
        if (options.has(SnapshotField.PROVIDER)) {
            span.provider().ifPresent(parts::add);
        }
        if (options.has(SnapshotField.TOKENS)) {
            OptionalLong in = span.inputTokens();
            OptionalLong out = span.outputTokens();
            if (in.isPresent() || out.isPresent()) {
                parts.add(count(in) + "→" + count(out) + TOKENS_SUFFIX);
            }
        }
        if (options.has(SnapshotField.ERRORS) && span.isError()) {
            parts.add(("ERROR " + span.errorMessage().orElse("")).strip().replace('\n', ' '));
        }
        if (!parts.isEmpty()) {
            line.append("  ").append(String.join(" · ", parts));
        }
        return line.toString();
    }

    private void details(CapturedSpan span, String indent, List<String> lines) {
        if (options.has(SnapshotField.INPUTS) && span.inputJson() != null) {
            lines.add(indent + SnapshotFile.INPUT + oneLine(span.inputJson()));
        }
        if (options.has(SnapshotField.OUTPUTS) && span.outputJson() != null) {
            lines.add(indent + SnapshotFile.OUTPUT + oneLine(span.outputJson()));
        }
    }

    private static String oneLine(String json) {
        return json.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String count(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "?";
    }
}
