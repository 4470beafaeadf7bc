package ai.avaliar.eval;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import java.util.List;
import java.util.Set;

/**
 * What every rule detector of this module shares: the types it serves, and nothing found for a
 * type it does not serve. A subclass says what it finds in the input and output.
 */
abstract class RuleDetector implements Detector {

    private final Set<DetectorType> served;

    RuleDetector(DetectorType first, DetectorType... rest) {
        this.served = Set.copyOf(java.util.EnumSet.of(first, rest));
    }

    @Override
    public final Set<DetectorType> types() {
        return served;
    }

    @Override
    public final List<DetectionIssue> detect(DetectorType type, DetectionText text) {
        if (!served.contains(type)) {
            return List.of(); // a type this detector does not serve
        }
        return issues(type, text);
    }

    /** The issues of {@code type}, one of the types served, in the text's input and output. */
    abstract List<DetectionIssue> issues(DetectorType type, DetectionText text);
}
