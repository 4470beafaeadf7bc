package ai.avaliar.assertions;

import ai.avaliar.trace.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves paths like {@code coordinator/researcher[1]/llm_call}, remembering how far it got so a
 * failure can say where the path left the tree. Mirrors core's package-private {@code SpanPath}.
 */
final class SpanPaths {

    private SpanPaths() {}

    record Segment(String name, int index, String text) {}

    /** Where a walk along a path ended: the span, or the deepest span found and the missing segment. */
    record Resolution(Span span, Span deepest, String missing, List<String> candidates) {
        boolean found() {
            return span != null;
        }
    }

    static List<Segment> parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a span path is names separated by '/', such as "
                    + "\"coordinator/researcher[1]/llm_call\"; got " + (path == null ? "null" : "\"" + path + "\""));
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : path.split("/", -1)) {
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
                throw new IllegalArgumentException("\"" + part + "\" in span path \"" + path
                        + "\" is not a name or name[index] (index from 0)");
            }
            segments.add(new Segment(name, index, part));
        }
        return segments;
    }

    /** Walks {@code path} from the roots; the first segment names a root. */
    static Resolution resolve(List<Span> roots, String path) {
        List<Segment> segments = parse(path);
        Segment first = segments.get(0);
        List<Span> named = roots.stream().filter(r -> r.name().equals(first.name())).toList();
        if (first.index() >= named.size()) {
            return new Resolution(null, null, first.text(), labels(roots));
        }
        return walk(named.get(first.index()), segments.subList(1, segments.size()));
    }

    /** Walks a path relative to {@code from}. */
    static Resolution resolveBelow(Span from, String path) {
        return walk(from, parse(path));
    }

    private static Resolution walk(Span from, List<Segment> segments) {
        Span current = from;
        for (Segment segment : segments) {
            List<Span> named = current.children(segment.name());
            if (segment.index() >= named.size()) {
                return new Resolution(null, current, segment.text(), labels(current.children()));
            }
            current = named.get(segment.index());
        }
        return new Resolution(current, current, null, List.of());
    }

    /** Names of sibling spans, with an index where a name repeats: {@code researcher[0]}. */
    static List<String> labels(List<Span> siblings) {
        List<String> labels = new ArrayList<>(siblings.size());
        for (Span span : siblings) {
            long same = siblings.stream().filter(s -> s.name().equals(span.name())).count();
            if (same > 1) {
                int index = 0;
                for (Span sibling : siblings) {
                    if (sibling == span) {
                        break;
                    }
                    if (sibling.name().equals(span.name())) {
                        index++;
                    }
                }
                labels.add(span.name() + "[" + index + "]");
            } else {
                labels.add(span.name());
            }
        }
        return labels;
    }

    static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::name).toList();
    }
}
