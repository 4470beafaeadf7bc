package ai.avaliar.detection;

/**
 * How an issue was found: by a rule (pattern, checksum, lexicon) or by an LLM acting as judge.
 *
 * <pre>{@code
 * if (issue.method() == DetectionMethod.LLM_JUDGE) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum DetectionMethod {
    RULE,
    LLM_JUDGE
}
