package ai.avaliar.detection;

import java.util.List;
import java.util.Objects;

/**
 * What one detector said about one span.
 *
 * <pre>{@code
 * DetectionResult r = DetectionResult.completed(DetectorType.PII, DetectionMode.LOCAL, List.of());
 * assert !r.hasIssues();
 * }</pre>
 *
 * @param detector the detector
 * @param status pending, completed or failed
 * @param mode where it ran
 * @param issues what it found; a {@code FAILED} result keeps what the detectors that did answer
 *     found (several local detectors can serve one type), a {@code PENDING} one has none
 * @param reason why it failed or is pending; otherwise empty, or a note such as that the text
 *     checked was cut
 * @since 0.1.0
 */
public record DetectionResult(
        DetectorType detector, DetectionStatus status, DetectionMode mode, List<DetectionIssue> issues, String reason) {

    /**
     * Checks the fields and copies the issues.
     *
     * @param detector as in the record
     * @param status as in the record
     * @param mode as in the record
     * @param issues as in the record
     * @param reason as in the record
     */
    public DetectionResult {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mode, "mode");
        issues = issues == null ? List.of() : List.copyOf(issues);
        reason = reason == null ? "" : reason;
    }

    /**
     * A finished detection.
     *
     * @param detector the detector
     * @param mode where it ran
     * @param issues what it found
     * @return the result
     */
    public static DetectionResult completed(DetectorType detector, DetectionMode mode, List<DetectionIssue> issues) {
        return new DetectionResult(detector, DetectionStatus.COMPLETED, mode, issues, "");
    }

    /**
     * A detection that could not run.
     *
     * @param detector the detector
     * @param mode where it was meant to run
     * @param reason why it failed
     * @return the result
     */
    public static DetectionResult failed(DetectorType detector, DetectionMode mode, String reason) {
        return new DetectionResult(detector, DetectionStatus.FAILED, mode, List.of(), reason);
    }

    /**
     * A detection asked for and not answered yet.
     *
     * @param detector the detector
     * @param mode where it runs
     * @return the result
     */
    public static DetectionResult pending(DetectorType detector, DetectionMode mode) {
        return new DetectionResult(detector, DetectionStatus.PENDING, mode, List.of(), "");
    }

    /**
     * Whether the detector found anything.
     *
     * @return true when there is at least one issue
     */
    public boolean hasIssues() {
        return !issues.isEmpty();
    }
}
