package ai.avaliar.detection;

/**
 * How far a detector got with a span.
 *
 * <pre>{@code
 * if (result.status() == DetectionStatus.PENDING) { ... } // a cloud answer has not arrived yet
 * }</pre>
 *
 * @since 0.1.0
 */
public enum DetectionStatus {
    /** Asked for, not answered yet (cloud detection). */
    PENDING,
    /** Ran to the end; {@link DetectionResult#issues()} is final. */
    COMPLETED,
    /** Could not run; {@link DetectionResult#reason()} says why. The traced call was not affected. */
    FAILED
}
