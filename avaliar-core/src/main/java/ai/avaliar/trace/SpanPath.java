package ai.avaliar.trace;

import java.util.ArrayList;
import java.util.List;

/** Parses paths like {@code coordinator/researcher[1]/llm_call}. */
final class SpanPath {

    record Segment(String name, int index) {}

    private SpanPath() {}

    static List<Segment> parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a span path is names separated by '/', such as "
                    + "\"coordinator/researcher[1]/llm_call\"; got " + (path == null ? "null" : "\"" + path + "\""));
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            segments.add(segment(part, path));
        }
        return segments;
    }

    private static Segment segment(String part, String path) {
        String name = part;
        int index = 0;
        if (part.endsWith("]")) {
            int open = part.lastIndexOf('[');
            if (open > 0) {
                try {
                    index = Integer.parseInt(part.substring(open + 1, part.length() - 1));
                    name = part.substring(0, open);
                } catch (NumberFormatException notAnIndex) {
                    name = part;
                }
            }
        }
        if (name.isEmpty() || index < 0) {
            throw new IllegalArgumentException("\"" + part + "\" in span path \"" + path
                    + "\" is not a name or name[index] (index from 0)");
        }
        return new Segment(name, index);
    }
}
