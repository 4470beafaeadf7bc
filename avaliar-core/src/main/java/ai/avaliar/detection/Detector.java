package ai.avaliar.detection;

import java.util.List;
import java.util.Set;

/**
 * A local detector: looks at the text of one span and says what it found. This is the
 * service-provider interface of {@link DetectionMode#LOCAL} detection; {@code avaliar-eval}
 * brings Avaliar's own detectors, and users add theirs the same way.
 *
 * <p>Detectors are found by {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/ai.avaliar.detection.Detector} (it needs a public no-argument
 * constructor), or register an instance with
 * {@code AvaliarConfig.builder().detector(...)}. A detector is called from Avaliar's
 * detection threads, several spans at a time, so it must be thread-safe. It should be
 * quick, or say that it is not with {@link #method()}: rule detectors run inline when a
 * span is {@code blocking}. A call that runs longer than the detection timeout is
 * interrupted; a detector should stop then (an LLM judge's client call usually does), or it
 * keeps one of the detection threads of its method busy until it returns.
 *
 * <pre>{@code
 * public final class InternalHostnames implements Detector {
 *     private static final Pattern HOST = Pattern.compile("\\b[a-z0-9-]+\\.corp\\.example\\b");
 *
 *     public Set<DetectorType> types() { return Set.of(DetectorType.PII); }
 *
 *     public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
 *         List<DetectionIssue> issues = new ArrayList<>();
 *         Matcher m = HOST.matcher(text.output());
 *         while (m.find()) {
 *             issues.add(new DetectionIssue(type, "INTERNAL_HOSTNAME", Severity.MEDIUM, 0.9,
 *                     "an internal host name", List.of(new TextRange(TextRange.Field.OUTPUT, m.start(), m.end())),
 *                     DetectionMethod.RULE));
 *         }
 *         return issues;
 *     }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Detector {

    /**
     * The detector types this detector answers for.
     *
     * @return a non-empty set
     */
    Set<DetectorType> types();

    /**
     * Looks at a span's text for one type of issue.
     *
     * @param type one of {@link #types()}
     * @param text the span's input and output as text
     * @return the issues found, empty when the text is clean; never the raw secret in a message
     * @throws Exception when the detector cannot tell; the span then carries a
     *     {@link DetectionStatus#FAILED} result whose reason records the exception's class and
     *     the first 200 characters of its message, and the traced call is unaffected. The
     *     reason is exported with the span: never put the text being checked (or any secret)
     *     in an exception's message
     */
    List<DetectionIssue> detect(DetectorType type, DetectionText text) throws Exception;

    /**
     * How this detector works: {@link DetectionMethod#RULE} for fast, offline rules (the
     * default), {@link DetectionMethod#LLM_JUDGE} for a model call.
     *
     * @return the method
     */
    default DetectionMethod method() {
        return DetectionMethod.RULE;
    }

    /**
     * Whether this detector can run here and now. An LLM judge without an API key says no,
     * and is then skipped rather than failing every span.
     *
     * @return true when {@link #detect} can be called
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * The name shown in failure reasons and reports.
     *
     * @return by default, the class's simple name
     */
    default String name() {
        return getClass().getSimpleName();
    }
}
