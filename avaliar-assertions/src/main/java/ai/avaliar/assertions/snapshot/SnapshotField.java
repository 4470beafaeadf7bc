package ai.avaliar.assertions.snapshot;

/**
 * What a trace snapshot holds of each span besides its name and type, which it always holds.
 *
 * <pre>{@code
 * assertThatTrace(trace).matchesSnapshot(SnapshotOptions.defaults().with(SnapshotField.INPUTS));
 * }</pre>
 *
 * @since 0.1.0
 */
public enum SnapshotField {
    /** The model asked for (by default). */
    MODEL,
    /** The provider (by default). */
    PROVIDER,
    /** Input and output tokens, as {@code 53→12 tokens} (by default; see {@link SnapshotOptions#tokenTolerance}). */
    TOKENS,
    /** Whether the span failed, and its message (by default). */
    ERRORS,
    /** The span's inputs as recorded, one line under the span (opt-in). */
    INPUTS,
    /** The span's output as recorded, one line under the span (opt-in). */
    OUTPUTS
}
