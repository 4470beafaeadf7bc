package ai.avaliar.eval;

/**
 * One match of a rule in one text, before it becomes a {@link ai.avaliar.detection.DetectionIssue}:
 * a category, where it is ({@code start} inclusive, {@code end} exclusive) and how sure the rule is.
 */
record Finding(String category, int start, int end, double score) {

    boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    Finding withScore(double newScore) {
        return new Finding(category, start, end, Math.max(0.0, Math.min(1.0, newScore)));
    }
}
