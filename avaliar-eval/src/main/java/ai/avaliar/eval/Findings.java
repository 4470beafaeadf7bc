package ai.avaliar.eval;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Helpers shared by the rule detectors: context words, overlaps, and turning findings into issues. */
final class Findings {

    /** How far before a match context words are looked for, in characters. */
    static final int CONTEXT_BEFORE = 48;
    /** How far after a match context words are looked for, in characters. */
    static final int CONTEXT_AFTER = 24;

    /** Issues one detector reports for one field at most; the rest are counted, not listed. */
    static final int MAX_ISSUES_PER_FIELD = 1_000;

    private Findings() {}

    /**
     * Whether one of {@code words} appears as a whole word near {@code [start, end)}: the
     * Presidio idea that "card" before sixteen digits makes them more likely a card number.
     */
    static boolean hasContext(String text, int start, int end, List<String> words) {
        int from = Math.max(0, start - CONTEXT_BEFORE);
        int to = Math.min(text.length(), end + CONTEXT_AFTER);
        String window = (text.substring(from, start) + " " + text.substring(end, to)).toLowerCase(Locale.ROOT);
        for (String word : words) {
            int at = window.indexOf(word);
            while (at >= 0) {
                boolean before = at == 0 || !Character.isLetterOrDigit(window.charAt(at - 1));
                int after = at + word.length();
                boolean afterOk = after >= window.length()
                        || !Character.isLetter(window.charAt(after))
                        || window.charAt(after) == 's';
                if (before && afterOk) {
                    return true;
                }
                at = window.indexOf(word, at + 1);
            }
        }
        return false;
    }

    /**
     * Keeps the best of overlapping findings: the higher score, then the longer match, then
     * the one found first. O(n log n): the kept findings never overlap one another, so a
     * candidate needs checking only against its neighbours by start offset.
     */
    static List<Finding> withoutOverlaps(List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingDouble(Finding::score)
                .reversed()
                .thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start())
                        .reversed())
                .thenComparingInt(Finding::start));
        TreeMap<Integer, Finding> kept = new TreeMap<>();
        for (Finding candidate : sorted) {
            if (candidate.end() <= candidate.start()) {
                continue; // an empty match marks nothing
            }
            Map.Entry<Integer, Finding> before = kept.floorEntry(candidate.start());
            Map.Entry<Integer, Finding> after = kept.ceilingEntry(candidate.start());
            boolean overlaps = (before != null && candidate.overlaps(before.getValue()))
                    || (after != null && candidate.overlaps(after.getValue()));
            if (!overlaps) {
                kept.put(candidate.start(), candidate);
            }
        }
        return new ArrayList<>(kept.values());
    }

    /**
     * A test of "does this overlap any of {@code findings}" (which may overlap one another) in
     * O(log n) per question: the findings sorted by start, with the furthest end reached so far.
     */
    static Predicate<Finding> overlapsAnyOf(List<Finding> findings) {
        List<Finding> byStart = new ArrayList<>(findings);
        byStart.sort(Comparator.comparingInt(Finding::start));
        int[] starts = new int[byStart.size()];
        int[] furthestEnd = new int[byStart.size()];
        int furthest = Integer.MIN_VALUE;
        for (int i = 0; i < byStart.size(); i++) {
            starts[i] = byStart.get(i).start();
            furthest = Math.max(furthest, byStart.get(i).end());
            furthestEnd[i] = furthest;
        }
        return f -> {
            // the last finding that starts before f ends; any overlap is among those up to it
            int lo = 0;
            int hi = starts.length - 1;
            int last = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] < f.end()) {
                    last = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return last >= 0 && furthestEnd[last] > f.start() && f.end() > f.start();
        };
    }

    /**
     * Runs {@code find} on the input and the output and turns each finding into an issue: at
     * most {@value #MAX_ISSUES_PER_FIELD} per field, the most severe first, the last of them
     * saying how many more were found and not listed.
     */
    static List<DetectionIssue> onBothFields(
            DetectorType type,
            DetectionText text,
            Function<String, List<Finding>> find,
            Function<Finding, Severity> severity,
            Function<String, String> what) {
        List<DetectionIssue> issues = new ArrayList<>();
        for (TextRange.Field field : TextRange.Field.values()) {
            String value = text.of(field);
            if (value.isEmpty()) {
                continue;
            }
            String where = " in the " + field.name().toLowerCase(Locale.ROOT);
            List<Finding> found = find.apply(value);
            int more = Math.max(0, found.size() - MAX_ISSUES_PER_FIELD);
            if (more > 0) {
                List<Finding> worst = new ArrayList<>(found);
                worst.sort(Comparator.comparing(severity, Comparator.reverseOrder())
                        .thenComparing(
                                Comparator.comparingDouble(Finding::score).reversed())
                        .thenComparingInt(Finding::start));
                found = new ArrayList<>(worst.subList(0, MAX_ISSUES_PER_FIELD));
                found.sort(Comparator.comparingInt(Finding::start));
            }
            for (int i = 0; i < found.size(); i++) {
                Finding f = found.get(i);
                String message = what.apply(f.category()) + where;
                if (more > 0 && i == found.size() - 1) {
                    message += " (and " + more + " more findings" + where + " not listed: at most "
                            + MAX_ISSUES_PER_FIELD + " per detector and field)";
                }
                issues.add(new DetectionIssue(
                        type,
                        f.category(),
                        severity.apply(f),
                        f.score(),
                        message,
                        List.of(new TextRange(field, f.start(), f.end())),
                        DetectionMethod.RULE));
            }
        }
        return issues;
    }

    static double round(double score) {
        return Math.round(score * 100.0) / 100.0;
    }
}
