package ai.avaliar.assertions;

import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldHaveCategory;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldHaveIssueAtLeast;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.Severity;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the issues one detector found on a span, reached with
 * {@link SpanAssert#hasIssue(ai.avaliar.detection.DetectorType)}; {@link #backToSpan()} returns to
 * the span.
 *
 * <pre>{@code
 * assertThatTrace(trace).child("answer")
 *         .hasIssue(DetectorType.PII).withCategory("EMAIL_ADDRESS").withSeverityAtLeast(Severity.HIGH)
 *         .backToSpan().hasDetectionStatus(DetectorType.TOXICITY, DetectionStatus.COMPLETED);
 * }</pre>
 *
 * @since 0.1.0
 */
public class IssueAssert extends AbstractAssert<IssueAssert, List<DetectionIssue>> {

    /** The span assertion these issues were reached from. */
    SpanAssert span;
    /** The detector whose issues these are. */
    String detector;

    /**
     * Creates an assertion on a detector's issues; reach it with {@link SpanAssert#hasIssue}.
     *
     * @param issues the issues one detector found
     */
    public IssueAssert(List<DetectionIssue> issues) {
        super(issues, IssueAssert.class);
    }

    /**
     * Verifies that one of the issues has this category.
     *
     * @param category the finding type, such as {@code EMAIL_ADDRESS}
     * @return this
     */
    public IssueAssert withCategory(String category) {
        Objects.requireNonNull(category, "category");
        if (actual.stream().noneMatch(issue -> issue.category().equals(category))) {
            span.fail(shouldHaveCategory(span.spanName(), detector, category, span.detections(), span.tree()));
        }
        return myself;
    }

    /**
     * Verifies that one of the issues has this severity or worse.
     *
     * @param severity the minimum severity
     * @return this
     */
    public IssueAssert withSeverityAtLeast(Severity severity) {
        Objects.requireNonNull(severity, "severity");
        if (actual.stream().noneMatch(issue -> issue.severity().isAtLeast(severity))) {
            span.fail(shouldHaveIssueAtLeast(span.spanName(), severity.name(), span.detections(), span.tree()));
        }
        return myself;
    }

    /**
     * Navigates back to the span the issues were found on.
     *
     * @return the span's assertion
     */
    public SpanAssert backToSpan() {
        return span;
    }
}
