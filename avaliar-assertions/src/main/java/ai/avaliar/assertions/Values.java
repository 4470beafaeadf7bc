package ai.avaliar.assertions;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import ai.avaliar.trace.internal.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Comparing and showing values in failure messages. */
final class Values {

    private Values() {}

    /**
     * Equality where numbers compare by value: {@code 2}, {@code 2L}, {@code 2.0}; {@code 0.2} and
     * {@code 0.2d}; a {@code Float} on either side compares as a float, so {@code 0.7f} also equals
     * the double {@code 0.699999988079071} it widens to. Lists and maps compare element by element the
     * same way; when a list or map is expected and the actual value is a string, the string is read as
     * JSON first (non-scalar metadata and generation info are recorded as JSON text).
     */
    static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof Number wanted && actual instanceof Number got) {
            return sameNumber(wanted, got);
        }
        if ((expected instanceof List<?> || expected instanceof Map<?, ?>) && actual instanceof String text) {
            actual = parseJson(text);
        }
        if (expected instanceof List<?> wanted) {
            if (!(actual instanceof List<?> got) || wanted.size() != got.size()) {
                return false;
            }
            for (int i = 0; i < wanted.size(); i++) {
                if (!sameValue(wanted.get(i), got.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof Map<?, ?> wanted) {
            if (!(actual instanceof Map<?, ?> got) || wanted.size() != got.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : wanted.entrySet()) {
                if (!got.containsKey(entry.getKey()) || !sameValue(entry.getValue(), got.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(expected, actual);
    }

    private static boolean sameNumber(Number expected, Number actual) {
        if (expected instanceof Float || actual instanceof Float) {
            float wanted = expected.floatValue();
            float got = actual.floatValue();
            return wanted == got || Float.isNaN(wanted) && Float.isNaN(got);
        }
        try {
            return new BigDecimal(expected.toString()).compareTo(new BigDecimal(actual.toString())) == 0;
        } catch (NumberFormatException notFinite) {
            return expected.doubleValue() == actual.doubleValue();
        }
    }

    /** The JSON value of the text, or the text itself when it is not JSON. */
    private static Object parseJson(String text) {
        return Json.readValue(text);
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
    static String times(CapturedSpan span, CapturedSpan root) {
        return "from " + duration(Duration.ofNanos(span.startEpochNanos() - root.startEpochNanos())) + " to "
                + duration(Duration.ofNanos(span.endEpochNanos() - root.startEpochNanos()));
    }

    /** The detections of a span in one line: {@code PII: HIGH EMAIL_ADDRESS; TOXICITY: clean}. */
    static String detections(CapturedSpan span) {
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
    static CapturedSpan root(CapturedSpan span) {
        CapturedSpan current = span;
        while (current.parent().isPresent()) {
            current = current.parent().get();
        }
        return current;
    }

    /** The tree a span belongs to, rendered with the span marked. */
    static String tree(Trace trace, CapturedSpan marked) {
        if (trace != null && trace.spans().contains(marked)) {
            return trace.render(marked);
        }
        return marked.trace().render(marked);
    }

    /** The longest attribute value a failure message shows whole. */
    private static final int MAX_ATTRIBUTE_CHARS = 120;

    /**
     * What a span that Avaliar did not write holds, for a failure message on something it lacks:
     * every attribute by name, long values cut (the test id left out: every captured span has it).
     * Null for Avaliar's own spans, whose messages need no such list.
     */
    static String attributesOfOther(CapturedSpan span) {
        if (span.isAvaliarSpan()) {
            return null;
        }
        java.util.TreeMap<String, String> byName = new java.util.TreeMap<>();
        span.attributes().forEach((key, value) -> {
            if (!key.getKey().equals("avaliar.test.id")) {
                String text = String.valueOf(value);
                if (text.length() > MAX_ATTRIBUTE_CHARS) {
                    text = text.substring(0, MAX_ATTRIBUTE_CHARS) + "…";
                }
                byName.put(key.getKey(), text);
            }
        });
        return byName.isEmpty()
                ? "none"
                : byName.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ", "{", "}"));
    }
}
