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
    /** A pattern with validation (checksums, context words) or a lexicon. */
    RULE,
    /** A language model asked to judge the text. */
    LLM_JUDGE
}
