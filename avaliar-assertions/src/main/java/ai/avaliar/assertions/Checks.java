package ai.avaliar.assertions;

import static ai.avaliar.assertions.error.ShouldHaveChild.shouldHaveChild;
import static ai.avaliar.assertions.error.ShouldHaveChildren.shouldHaveChildren;
import static ai.avaliar.assertions.error.ShouldHaveDescendant.shouldHaveDescendant;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldNotHaveDetections;
import static ai.avaliar.assertions.error.ShouldHaveError.shouldNotHaveError;
import static ai.avaliar.assertions.error.ShouldHaveRunConcurrently.shouldHaveRunConcurrently;

import ai.avaliar.detection.DetectionResult;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.error.ErrorMessageFactory;

/** Checks shared by {@link TraceAssert} and {@link SpanAssert}: each returns null when it passes. */
final class Checks {

    private Checks() {}

    static List<String> names(String... names) {
        Objects.requireNonNull(names, "names");
        for (String name : names) {
            Objects.requireNonNull(name, "a span name");
        }
        return Arrays.asList(names);
    }

    static ErrorMessageFactory child(CapturedSpan parent, Trace trace, String name) {
        Objects.requireNonNull(name, "name");
        if (parent.child(name).isPresent()) {
            return null;
        }
        return shouldHaveChild(parent.name(), name, SpanPaths.labels(parent.children()), Values.tree(trace, parent));
    }

    static ErrorMessageFactory children(CapturedSpan parent, Trace trace, List<String> expected, boolean inOrder) {
        List<String> actual = SpanPaths.names(parent.children());
        boolean ok;
        if (inOrder) {
            ok = actual.equals(expected);
        } else {
            List<String> sortedActual = new ArrayList<>(actual);
            List<String> sortedExpected = new ArrayList<>(expected);
            sortedActual.sort(null);
            sortedExpected.sort(null);
            ok = sortedActual.equals(sortedExpected);
        }
        return ok ? null : shouldHaveChildren(parent.name(), expected, actual, inOrder, Values.tree(trace, parent));
    }

    static ErrorMessageFactory descendant(CapturedSpan ancestor, Trace trace, String name) {
        Objects.requireNonNull(name, "name");
        for (CapturedSpan span : ancestor.descendants()) {
            if (span.name().equals(name)) {
                return null;
            }
        }
        return shouldHaveDescendant(ancestor.name(), name, Values.tree(trace, ancestor));
    }

    /** The named children of {@code parent} (all when none named), pairwise overlapping in time. */
    static ErrorMessageFactory childrenConcurrently(CapturedSpan parent, Trace trace, List<String> names) {
        List<CapturedSpan> spans = new ArrayList<>();
        if (names.isEmpty()) {
            spans.addAll(parent.children());
        } else {
            for (String name : names) {
                ErrorMessageFactory missing = child(parent, trace, name);
                if (missing != null) {
                    return missing;
                }
                spans.add(parent.child(name).orElseThrow());
            }
        }
        if (spans.size() < 2) {
            throw new IllegalArgumentException("running concurrently needs at least two spans; <" + parent.name()
                    + "> has " + spans.size() + " to compare: " + SpanPaths.names(spans));
        }
        int[] apart = firstPairApart(spans);
        return apart == null ? null : concurrently(spans.get(apart[0]), spans.get(apart[1]), trace);
    }

    /**
     * A pair of spans that did not overlap in time, or null when every pair did; one pass. Every pair
     * overlaps exactly when, over distinct spans, the latest start comes before the earliest end; so the
     * two latest starts and the two earliest ends are enough (two each, because a span is not compared
     * with itself). The pair is given in list order.
     */
    static int[] firstPairApart(List<CapturedSpan> spans) {
        long[] starts = new long[spans.size()];
        long[] ends = new long[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            starts[i] = spans.get(i).startEpochNanos();
            ends[i] = spans.get(i).endEpochNanos();
        }
        return firstPairApart(starts, ends);
    }

    /** {@link #firstPairApart(List)} on intervals: i and j overlap when each starts before the other ends. */
    static int[] firstPairApart(long[] starts, long[] ends) {
        int latestStart = -1;
        int secondLatestStart = -1;
        int earliestEnd = -1;
        int secondEarliestEnd = -1;
        for (int i = 0; i < starts.length; i++) {
            if (latestStart < 0 || starts[i] > starts[latestStart]) {
                secondLatestStart = latestStart;
                latestStart = i;
            } else if (secondLatestStart < 0 || starts[i] > starts[secondLatestStart]) {
                secondLatestStart = i;
            }
            if (earliestEnd < 0 || ends[i] < ends[earliestEnd]) {
                secondEarliestEnd = earliestEnd;
                earliestEnd = i;
            } else if (secondEarliestEnd < 0 || ends[i] < ends[secondEarliestEnd]) {
                secondEarliestEnd = i;
            }
        }
        int[][] candidates = latestStart != earliestEnd
                ? new int[][] {{latestStart, earliestEnd}}
                : new int[][] {{latestStart, secondEarliestEnd}, {secondLatestStart, earliestEnd}};
        for (int[] pair : candidates) {
            if (pair[0] >= 0 && pair[1] >= 0 && starts[pair[0]] >= ends[pair[1]]) {
                return new int[] {Math.min(pair[0], pair[1]), Math.max(pair[0], pair[1])};
            }
        }
        return null;
    }

    static ErrorMessageFactory concurrently(CapturedSpan first, CapturedSpan second, Trace trace) {
        if (first.overlaps(second)) {
            return null;
        }
        CapturedSpan root = Values.root(first);
        return shouldHaveRunConcurrently(
                first.name(),
                Values.times(first, root),
                second.name(),
                Values.times(second, root),
                Values.tree(trace, first));
    }

    static ErrorMessageFactory noErrors(List<CapturedSpan> spans, Trace trace) {
        for (CapturedSpan span : spans) {
            if (span.isError()) {
                return shouldNotHaveError(span.name(), span.errorMessage().orElse(null), Values.tree(trace, span));
            }
        }
        return null;
    }

    static ErrorMessageFactory noDetections(List<CapturedSpan> spans, Trace trace) {
        for (CapturedSpan span : spans) {
            for (DetectionResult result : span.detections()) {
                if (result.hasIssues()) {
                    return shouldNotHaveDetections(span.name(), Values.detections(span), Values.tree(trace, span));
                }
            }
        }
        return null;
    }
}
