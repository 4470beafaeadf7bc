/**
 * The detection engine behind {@code detect(...)}: a {@link ai.avaliar.detection.internal.DetectionDispatcher}
 * between the traced calls and the {@link ai.avaliar.detection.internal.DetectionPools}, local detection
 * (discovery, fan-out, merge) in {@link ai.avaliar.detection.internal.LocalDetection}, the text detectors
 * see in {@link ai.avaliar.detection.internal.DetectionTexts}, the cloud client, and the span events that
 * carry the results. It sees a live span only through {@link ai.avaliar.detection.internal.DetectedSpan}.
 *
 * <p>This package is internal and is hence not for public use. Its APIs are unstable and can
 * change at any time. The detection API is {@link ai.avaliar.detection}.
 */
package ai.avaliar.detection.internal;
