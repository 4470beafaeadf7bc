package ai.avaliar.detection;

/**
 * Where detection runs: in the caller's process ({@link #LOCAL}), on Avaliar's servers
 * ({@link #CLOUD}), or not at all ({@link #NONE}).
 *
 * <pre>{@code
 * Avaliar.llm("answer").detect(DetectorType.PII).detectionMode(DetectionMode.CLOUD).call(() -> reply);
 * }</pre>
 *
 * @since 0.1.0
 */
public enum DetectionMode {
    /** In the user's process, by the detectors of {@code avaliar-eval}. The default. */
    LOCAL,
    /** On Avaliar's servers; results arrive asynchronously. */
    CLOUD,
    /** No detection. */
    NONE
}
