package ai.avaliar.assertions.error;

/**
 * Failure messages of the detection assertions.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveDetection.shouldHaveIssue("synthesize", "PII", "TOXICITY: clean", tree));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ShouldHaveDetection extends TreeMessage {

    private ShouldHaveDetection(String message, String tree) {
        super(message, tree);
    }

    /**
     * The span should have an issue of a detector and has none.
     *
     * @param span the span name
     * @param detector the detector
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldHaveIssue(String span, String detector, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected " + span(span) + " to have a " + detector + " issue but " + describe(detections) + ".", tree);
    }

    /**
     * A detector's result should have a status.
     *
     * @param span the span name
     * @param detector the detector
     * @param status the expected status
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldHaveDetectionStatus(
            String span, String detector, String status, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected the " + detector + " detection of " + span(span) + " to be <" + status + "> but "
                        + describe(detections) + ".",
                tree);
    }

    /**
     * The span&#39;s prompt should have been blocked.
     *
     * @param span the span name
     * @param screened whether the prompt was screened at all
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldHaveBeenBlocked(
            String span, boolean screened, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected the prompt of " + span(span) + " to have been blocked but "
                        + (screened
                                ? "it passed the screening, and " + describe(detections)
                                : "it was not screened (no avaliar.blocked: not an llm span with blocking(true) and detectors)")
                        + ".",
                tree);
    }

    /**
     * The span&#39;s prompt should not have been blocked.
     *
     * @param span the span name
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldNotHaveBeenBlocked(String span, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected the prompt of " + span(span) + " not to have been blocked but it" + " was, and "
                        + describe(detections) + ".",
                tree);
    }

    /**
     * A detection should hold an issue of a category.
     *
     * @param span the span name
     * @param detector the detector
     * @param category the expected category
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldHaveCategory(
            String span, String detector, String category, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected the " + detector + " detection of " + span(span) + " to have an issue of category <"
                        + category + "> but " + describe(detections) + ".",
                tree);
    }

    /**
     * The span should have an issue of at least a severity.
     *
     * @param span the span name
     * @param severity the minimum severity
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldHaveIssueAtLeast(
            String span, String severity, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected " + span(span) + " to have an issue of severity <" + severity + "> or worse but "
                        + describe(detections) + ".",
                tree);
    }

    /**
     * The span, or a span of the trace, should have no finding and has one.
     *
     * @param span the span name
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldNotHaveDetections(String span, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected no detection issues but " + span(span) + " has <" + detections + ">.", tree);
    }

    /**
     * The span should have detections that all completed without issues.
     *
     * @param span the span name
     * @param detections a summary of the span&#39;s detection results
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldNotHaveIssues(String span, String detections, String tree) {
        return new ShouldHaveDetection(
                "Expected every detection of " + span(span)
                        + " to have completed without issues but its detections are <" + detections + ">.",
                tree);
    }

    /**
     * The span should have detections that all completed without issues, and no detection ran on it.
     *
     * @param span the span name
     * @param path the span's path in its trace
     * @param tree the actual tree, span marked
     * @return the factory
     */
    public static ShouldHaveDetection shouldHaveRunDetection(String span, String path, String tree) {
        return new ShouldHaveDetection(
                "Expected every detection of " + span(span) + " to have completed without"
                        + " issues but no detection ran on " + span(path) + "; call detect(...) on it.",
                tree);
    }

    private static String describe(String detections) {
        return detections.isEmpty() ? "it has no detection results" : "its detections are <" + detections + ">";
    }
}
