package ai.avaliar.detection;

import java.util.List;
import java.util.Objects;

/**
 * One problem a detector found. It never holds the offending text itself (a secret stays out
 * of the trace); {@link #ranges()} says where it is.
 *
 * <pre>{@code
 * new DetectionIssue(DetectorType.PII, "EMAIL_ADDRESS", Severity.HIGH, 0.95,
 *         "an e-mail address in the output", List.of(new TextRange(TextRange.Field.OUTPUT, 10, 27)),
 *         DetectionMethod.RULE);
 * }</pre>
 *
 * @param type the detector that found it
 * @param category what kind of problem, such as {@code EMAIL_ADDRESS} or {@code threat}
 * @param severity how serious it is
 * @param score confidence from 0 to 1
 * @param message a sentence for people
 * @param ranges where it is in the input or output
 * @param method rule or LLM judge
 * @since 0.1.0
 */
public record DetectionIssue(
        DetectorType type,
        String category,
        Severity severity,
        double score,
        String message,
        List<TextRange> ranges,
        DetectionMethod method) {

    /**
     * Checks the fields and copies the ranges.
     *
     * @param type as in the record
     * @param category as in the record
     * @param severity as in the record
     * @param score as in the record
     * @param message as in the record
     * @param ranges as in the record
     * @param method as in the record
     */
    public DetectionIssue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(method, "method");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("a score is between 0 and 1, got " + score);
        }
        message = message == null ? "" : message;
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
    }
}
