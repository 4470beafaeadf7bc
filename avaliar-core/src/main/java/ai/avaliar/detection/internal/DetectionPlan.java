package ai.avaliar.detection.internal;

import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectorType;
import java.util.List;
import java.util.Set;

/**
 * What one span asked of detection (which types, where, whether its prompt is screened first),
 * and what the screening of its prompt found.
 *
 * <pre>{@code
 * DetectionPlan plan = new DetectionPlan(EnumSet.of(DetectorType.PII), DetectionMode.LOCAL, true);
 * plan.screened(results);
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class DetectionPlan {
    private final Set<DetectorType> types;
    private final DetectionMode mode;
    private final boolean blocking;
    private volatile List<DetectionResult> screened = List.of();
    private volatile boolean blocked;

    public DetectionPlan(Set<DetectorType> types, DetectionMode mode, boolean blocking) {
        this.types = types;
        this.mode = mode;
        this.blocking = blocking;
    }

    public Set<DetectorType> types() {
        return types;
    }

    public DetectionMode mode() {
        return mode;
    }

    public boolean blocking() {
        return blocking;
    }

    public void screened(List<DetectionResult> results) {
        screened = List.copyOf(results);
    }

    public List<DetectionResult> screened() {
        return screened;
    }

    public void blocked(boolean value) {
        blocked = value;
    }

    public boolean blocked() {
        return blocked;
    }
}
