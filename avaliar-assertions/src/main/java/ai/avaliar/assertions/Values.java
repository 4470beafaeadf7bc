package ai.avaliar.assertions;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.trace.Span;
import ai.avaliar.trace.Trace;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** Comparing and showing values in failure messages. */
final class Values {

    private Values() {}

    /** Equality where numbers compare by value: {@code 0.2f}, {@code 0.2d}; {@code 2}, {@code 2L}, {@code 2.0}. */
    static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof Number && actual instanceof Number) {
            try {
                return new BigDecimal(expected.toString()).compareTo(new BigDecimal(actual.toString())) == 0;
            } catch (NumberFormatException notFinite) {
                return ((Number) expected).doubleValue() == ((Number) actual).doubleValue();
            }
        }
        return Objects.equals(expected, actual);
    }

    static String duration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + " ms";
        }
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    static String usd(double value) {
        return String.format(Locale.ROOT, "$%.6f", value);
    }

    /** When a span ran, relative to the start of its trace: {@code from 1 ms to 101 ms}. */
    static String times(Span span, Span root) {
        return "from " + duration(Duration.ofNanos(span.startEpochNanos() - root.startEpochNanos())) + " to "
                + duration(Duration.ofNanos(span.endEpochNanos() - root.startEpochNanos()));
    }

    /** The detections of a span in one line: {@code PII: HIGH EMAIL_ADDRESS; TOXICITY: clean}. */
    static String detections(Span span) {
        List<String> parts = new ArrayList<>();
        for (DetectionResult result : span.detections()) {
            parts.add(detection(result));
        }
        return String.join("; ", parts);
    }

    static String detection(DetectionResult result) {
        String verdict;
        if (result.status() != DetectionStatus.COMPLETED) {
            verdict = result.status().name().toLowerCase(Locale.ROOT)
                    + (result.reason().isEmpty() ? "" : " (" + result.reason() + ")");
        } else if (!result.hasIssues()) {
            verdict = "clean";
        } else {
            verdict = result.issues().stream().map(Values::issue).collect(Collectors.joining(", "));
        }
        return result.detector() + ": " + verdict;
    }

    private static String issue(DetectionIssue issue) {
        return issue.severity() + " " + issue.category();
    }

    /** The root of the span's tree. */
    static Span root(Span span) {
        Span current = span;
        while (current.parent().isPresent()) {
            current = current.parent().get();
        }
        return current;
    }

    /** The tree a span belongs to, rendered with the span marked. */
    static String tree(Trace trace, Span marked) {
        if (trace != null && trace.spans().contains(marked)) {
            return trace.render(marked);
        }
        return marked.trace().render(marked);
    }
}
