package ai.avaliar.assertions;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.SpanPath;
import ai.avaliar.trace.data.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks paths like {@code coordinator/researcher[1]/llm_call} up with core's {@link SpanPath}, and
 * keeps what a failure message needs: where the path left the tree and what was there instead.
 */
final class SpanPaths {

    private SpanPaths() {}

    /** Where a walk along a path ended: the span, or the deepest span found and the missing segment. */
    record Resolution(CapturedSpan span, CapturedSpan deepest, String missing, List<String> candidates) {
        boolean found() {
            return span != null;
        }
    }

    /** Walks {@code path} from the trace's roots; the first segment names a root. */
    static Resolution resolve(Trace trace, String path) {
        return resolution(SpanPath.parse(path).lookUpIn(trace), trace.roots());
    }

    /** Walks a path relative to {@code from}. */
    static Resolution resolveBelow(CapturedSpan from, String path) {
        return resolution(SpanPath.parse(path).lookUpBelow(from), from.children());
    }

    private static Resolution resolution(SpanPath.Lookup lookup, List<CapturedSpan> top) {
        if (lookup.isFound()) {
            return new Resolution(lookup.found(), lookup.found(), null, List.of());
        }
        List<CapturedSpan> there =
                lookup.deepest() == null ? top : lookup.deepest().children();
        return new Resolution(null, lookup.deepest(), lookup.missing().text(), labels(there));
    }

    /** Names of sibling spans, with an index where a name repeats: {@code researcher[0]}. */
    static List<String> labels(List<CapturedSpan> siblings) {
        // as core's CapturedSpan.label(), without scanning all siblings for each one
        Map<String, Integer> counts = new HashMap<>();
        for (CapturedSpan sibling : siblings) {
            counts.merge(sibling.name(), 1, Integer::sum);
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> labels = new ArrayList<>(siblings.size());
        for (CapturedSpan sibling : siblings) {
            String name = sibling.name();
            int index = seen.merge(name, 1, Integer::sum) - 1;
            labels.add(counts.get(name) > 1 ? name + "[" + index + "]" : name);
        }
        return labels;
    }

    static List<String> names(List<CapturedSpan> spans) {
        return spans.stream().map(CapturedSpan::name).toList();
    }
}
