package ai.avaliar.trace.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A path to a span: names from the root separated by {@code /}, each with an optional index
 * from 0 among same-named siblings, as in {@code coordinator/researcher[1]/llm_call}. A look-up
 * says where the path left the tree when no span is there, for failure messages.
 *
 * <pre>{@code
 * SpanPath.Lookup lookup = SpanPath.parse("coordinator/researcher[2]").lookUpIn(trace);
 * if (!lookup.isFound()) {
 *     System.out.println(lookup.deepest().name() + " has no child " + lookup.missing());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SpanPath {

    /**
     * One step of a path.
     *
     * @param name the span name
     * @param index which of the same-named siblings, from 0
     * @param text the step as written, such as {@code researcher[1]}
     */
    public record Segment(String name, int index, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * Where a look-up ended.
     *
     * @param found the span at the path, or null
     * @param deepest the last span the path reached (null when not even the first step matched)
     * @param missing the first step that matched nothing, or null when found
     */
    public record Lookup(CapturedSpan found, CapturedSpan deepest, Segment missing) {
        /**
         * Whether a span is at the path.
         *
         * @return true when found
         */
        public boolean isFound() {
            return found != null;
        }

        /**
         * The span at the path.
         *
         * @return the span, or empty
         */
        public Optional<CapturedSpan> span() {
            return Optional.ofNullable(found);
        }
    }

    private final String text;
    private final List<Segment> segments;

    private SpanPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses a path.
     *
     * @param path such as {@code coordinator/researcher[1]/llm_call}
     * @return the path
     * @throws IllegalArgumentException for a blank path, an empty step or a negative index
     */
    public static SpanPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a span path is names separated by '/', such as "
                    + "\"coordinator/researcher[1]/llm_call\"; got " + (path == null ? "null" : "\"" + path + "\""));
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            segments.add(segment(part, path));
        }
        return new SpanPath(path, Collections.unmodifiableList(segments));
    }

    private static Segment segment(String part, String path) {
        String name = part;
        int index = 0;
        int open = part.lastIndexOf('[');
        if (part.endsWith("]") && open > 0) {
            try {
                index = Integer.parseInt(part.substring(open + 1, part.length() - 1));
                name = part.substring(0, open);
            } catch (NumberFormatException notAnIndex) {
                name = part;
            }
        }
        if (name.isEmpty() || index < 0) {
            throw new IllegalArgumentException(
                    "\"" + part + "\" in span path \"" + path + "\" is not a name or name[index] (index from 0)");
        }
        return new Segment(name, index, part);
    }

    /**
     * The steps.
     *
     * @return the segments, root first
     */
    public List<Segment> segments() {
        return segments;
    }

    /**
     * Looks the path up from a trace's roots: the first step names a root.
     *
     * @param trace the trace
     * @return where the look-up ended
     */
    public Lookup lookUpIn(Trace trace) {
        return lookUp(null, trace.roots(), segments);
    }

    /**
     * Looks the path up below a span: the first step names one of its children.
     *
     * @param span where to start
     * @return where the look-up ended
     */
    public Lookup lookUpBelow(CapturedSpan span) {
        return lookUp(span, span.children(), segments);
    }

    private static Lookup lookUp(CapturedSpan start, List<CapturedSpan> level, List<Segment> steps) {
        CapturedSpan current = start;
        List<CapturedSpan> candidates = level;
        for (Segment step : steps) {
            CapturedSpan next = nth(candidates, step);
            if (next == null) {
                return new Lookup(null, current, step);
            }
            current = next;
            candidates = next.children();
        }
        return new Lookup(current, current, null);
    }

    private static CapturedSpan nth(List<CapturedSpan> spans, Segment step) {
        int seen = 0;
        for (CapturedSpan span : spans) {
            if (span.name().equals(step.name()) && seen++ == step.index()) {
                return span;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
