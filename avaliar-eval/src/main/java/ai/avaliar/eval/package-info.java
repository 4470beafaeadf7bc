/**
 * Local safety detection, the Java form of Python's {@code avaliar_eval}: rule detectors
 * ({@link ai.avaliar.eval.PiiDetector}, {@link ai.avaliar.eval.SecretsDetector},
 * {@link ai.avaliar.eval.PromptAttackDetector}, {@link ai.avaliar.eval.ToxicityDetector}) and an
 * LLM-as-judge ({@link ai.avaliar.eval.LlmJudge}), found by {@link java.util.ServiceLoader} when
 * this artifact is on the class path.
 *
 * <pre>{@code
 * Avaliar.llm("answer").detect(DetectorType.PII, DetectorType.TOXICITY).call(() -> reply);
 * }</pre>
 */
package ai.avaliar.eval;
