/**
 * The detection API: detector types, modes, and the results a detector attaches to a span.
 *
 * <pre>{@code
 * Avaliar.llm("answer").detect(DetectorType.PII).call(() -> reply);
 * }</pre>
 */
package ai.avaliar.detection;
