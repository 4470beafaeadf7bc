package ai.avaliar.detection.internal;

import ai.avaliar.detection.DetectionResult;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;

/**
 * What the detection engine sees of a live span: what it asked for, the text to check, and
 * where the results go. The tracing runtime's span implements it; the engine reaches nothing else.
 *
 * <pre>{@code
 * DetectionPlan plan = span.plan();
 * if (plan.blocking()) { List<DetectionResult> found = Detections.screen(span); }
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public interface DetectedSpan {

    /** The span's name, for messages. */
    String name();

    /** What the span asked of detection. */
    DetectionPlan plan();

    /** Whether anyone will see the results; detection of a span nobody records is skipped. */
    boolean recorded();

    /** The span's trace and span ids, sent with a cloud request. */
    SpanContext spanContext();

    /** The detection settings of the configuration the span started under. */
    DetectionSettings detectionSettings();

    /** The span's input as detectors see it. */
    String detectionInput();

    /** The span's output as detectors see it; empty until the call has ended. */
    String detectionOutput();

    /**
     * Records one result per detector as span events, stamped with the call's end, then ends the
     * span at that time. Called exactly once, on a detection thread. Never throws.
     */
    void finishDetection(List<DetectionResult> results);
}
