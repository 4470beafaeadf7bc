/**
 * Local safety detection, the Java form of Python's {@code avaliar_eval}: rule detectors and
 * an LLM-as-judge, found by {@link java.util.ServiceLoader} when this artifact is on the
 * class path.
 *
 * <pre>{@code
 * Avaliar.llm("answer").detect(DetectorType.PII, DetectorType.TOXICITY).call(() -> reply);
 * }</pre>
 */
package ai.avaliar.eval;
