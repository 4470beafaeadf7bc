package ai.avaliar.detection;

/**
 * The safety detectors Avaliar can run on a span's input and output.
 *
 * <pre>{@code
 * Avaliar.llm("answer").detect(DetectorType.PII, DetectorType.TOXICITY).call(() -> reply);
 * }</pre>
 *
 * @since 0.1.0
 */
public enum DetectorType {
    /** Instructions smuggled into the input to override the system prompt. */
    PROMPT_INJECTION,
    /** Attempts to talk the model out of its safety rules (role-play, "developer mode"). */
    JAILBREAK,
    /** Insults, threats, harassment and hate. */
    TOXICITY,
    /** Personal data: e-mail addresses, phone numbers, card numbers, IBANs, national ids. */
    PII,
    /** Unfair statements about groups of people. */
    BIAS,
    /** Claims in the output that the input does not support. */
    HALLUCINATION
}
