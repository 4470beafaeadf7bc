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
import java.util.function.Function;

/** Helpers shared by the rule detectors: context words, overlaps, and turning findings into issues. */
final class Findings {

    /** How far before a match context words are looked for, in characters. */
    static final int CONTEXT_BEFORE = 48;
    /** How far after a match context words are looked for, in characters. */
    static final int CONTEXT_AFTER = 24;

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
                boolean afterOk = after >= window.length() || !Character.isLetter(window.charAt(after))
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
     * the one found first.
     */
    static List<Finding> withoutOverlaps(List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingDouble(Finding::score).reversed()
                .thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed())
                .thenComparingInt(Finding::start));
        List<Finding> kept = new ArrayList<>();
        for (Finding candidate : sorted) {
            if (kept.stream().noneMatch(candidate::overlaps)) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }

    /** Runs {@code find} on the input and the output and turns each finding into an issue. */
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
            for (Finding f : find.apply(value)) {
                issues.add(new DetectionIssue(
                        type,
                        f.category(),
                        severity.apply(f),
                        f.score(),
                        what.apply(f.category()) + " in the " + field.name().toLowerCase(Locale.ROOT),
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
