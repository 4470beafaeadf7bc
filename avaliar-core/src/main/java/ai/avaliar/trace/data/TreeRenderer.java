package ai.avaliar.trace.data;

import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Renders span trees like the pictures of Avaliar's guide. */
final class TreeRenderer {

    static final String MARK = "  <<<";

    private TreeRenderer() {}

    private record Line(String label, CapturedSpan span) {}

    static String render(List<CapturedSpan> roots, CapturedSpan marked, boolean details) {
        List<Line> lines = new ArrayList<>();
        for (CapturedSpan root : roots) {
            lines.add(new Line(root.name(), root));
            collect(root, "  ", lines);
        }
        int width = 0;
        for (Line line : lines) {
            width = Math.max(width, line.label.length());
        }
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(line.label).append(" ".repeat(width - line.label.length() + 2));
            out.append('(').append(line.span.type().wireName()).append(')');
            if (details) {
                appendDetails(out, line.span);
            }
            if (line.span == marked) {
                out.append(MARK);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void collect(CapturedSpan parent, String indent, List<Line> lines) {
        // Iterative over siblings, recursive over depth; the deepest traces we render are shallow
        // enough for the stack, and a 1,000-level chain is tested.
        List<CapturedSpan> children = parent.children();
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            CapturedSpan child = children.get(i);
            lines.add(new Line(indent + (last ? "└── " : "├── ") + child.name(), child));
            collect(child, indent + (last ? "      " : "│     "), lines);
        }
    }

    private static void appendDetails(StringBuilder out, CapturedSpan span) {
        List<String> parts = new ArrayList<>();
        span.model().ifPresent(parts::add);
        span.provider().ifPresent(parts::add);
        OptionalLong in = span.inputTokens();
        OptionalLong outTokens = span.outputTokens();
        if (in.isPresent() || outTokens.isPresent()) {
            parts.add(count(in) + "→" + count(outTokens) + " tokens");
        }
        span.costUsd().ifPresent(cost -> parts.add(String.format(Locale.ROOT, "$%.6f", cost)));
        if (span.isStreaming()) {
            parts.add("stream");
        }
        if (span.endEpochNanos() >= span.startEpochNanos()) {
            parts.add(span.duration().toMillis() + " ms");
        }
        if (span.wasBlocked()) {
            parts.add("BLOCKED");
        } else if (span.isError()) {
            parts.add("ERROR " + span.errorMessage().orElse(""));
        }
        for (DetectionResult result : span.detections()) {
            String verdict = result.status() != DetectionStatus.COMPLETED
                    ? result.status().name().toLowerCase(Locale.ROOT)
                    : result.hasIssues() ? result.issues().size() + " issue(s)" : "clean";
            parts.add(result.detector() + ": " + verdict);
        }
        if (!parts.isEmpty()) {
            out.append("  ").append(String.join(" · ", parts));
        }
    }

    private static String count(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "?";
    }
}
