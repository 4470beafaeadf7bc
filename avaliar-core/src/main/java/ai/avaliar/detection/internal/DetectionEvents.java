package ai.avaliar.detection.internal;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.internal.Json;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.EventData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes and reads the {@code avaliar.detection} span event: one per detector and span.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class DetectionEvents {

    private DetectionEvents() {}

    /**
     * Adds two events per result to {@code span}, stamped with its end time: {@code avaliar.detection}
     * and the GenAI conventions' {@code gen_ai.evaluation.result}. Never throws.
     */
    public static void record(Span span, String spanName, List<DetectionResult> results, long epochNanos) {
        for (DetectionResult result : results) {
            try {
                add(span, AvaliarAttributes.DETECTION_EVENT, toAttributes(result), epochNanos);
                add(span, AvaliarAttributes.EVALUATION_RESULT_EVENT, toEvaluation(result), epochNanos);
            } catch (RuntimeException e) {
                Sdk.warn("could not record the " + result.detector() + " detection of span '" + spanName + "'", e);
            }
        }
    }

    private static void add(Span span, String name, Attributes attributes, long epochNanos) {
        if (epochNanos > 0) {
            span.addEvent(name, attributes, epochNanos, TimeUnit.NANOSECONDS);
        } else {
            span.addEvent(name, attributes);
        }
    }

    /**
     * A result as a {@code gen_ai.evaluation.result} event: the detector as the evaluation's name;
     * a completed result scored by its highest issue score (0 with none) and labelled {@code fail}
     * with issues, {@code pass} without; a pending one labelled {@code pending}, a failed one
     * {@code error} with {@code error.type} {@code detection_failed}. The explanation is the issues'
     * messages (which never hold the raw finding), or why the result is not complete.
     */
    public static Attributes toEvaluation(DetectionResult result) {
        AttributesBuilder attributes =
                Attributes.builder().put(AvaliarAttributes.EVALUATION_NAME, lower(result.detector()));
        String explanation = result.reason();
        switch (result.status()) {
            case COMPLETED:
                double score = 0;
                StringBuilder messages = new StringBuilder();
                for (DetectionIssue issue : result.issues()) {
                    score = Math.max(score, issue.score());
                    if (issue.message() != null && !issue.message().isEmpty()) {
                        messages.append(messages.length() == 0 ? "" : "; ").append(issue.message());
                    }
                }
                attributes.put(AvaliarAttributes.EVALUATION_SCORE_VALUE, score);
                attributes.put(AvaliarAttributes.EVALUATION_SCORE_LABEL, result.hasIssues() ? "fail" : "pass");
                if (messages.length() > 0) {
                    explanation = messages.toString();
                }
                break;
            case PENDING:
                attributes.put(AvaliarAttributes.EVALUATION_SCORE_LABEL, "pending");
                break;
            default:
                attributes.put(AvaliarAttributes.EVALUATION_SCORE_LABEL, "error");
                attributes.put(AvaliarAttributes.ERROR_TYPE, "detection_failed");
                break;
        }
        if (explanation != null && !explanation.isEmpty()) {
            attributes.put(AvaliarAttributes.EVALUATION_EXPLANATION, explanation);
        }
        return attributes.build();
    }

    public static Attributes toAttributes(DetectionResult result) {
        List<Map<String, Object>> issues = issuesJson(result.issues());
        return Attributes.builder()
                .put(AvaliarAttributes.DETECTION_DETECTOR, lower(result.detector()))
                .put(AvaliarAttributes.DETECTION_STATUS, lower(result.status()))
                .put(AvaliarAttributes.DETECTION_MODE, lower(result.mode()))
                .put(AvaliarAttributes.DETECTION_HAS_ISSUES, result.hasIssues())
                .put(AvaliarAttributes.DETECTION_ISSUES, Json.write(issues, Integer.MAX_VALUE))
                .put(AvaliarAttributes.DETECTION_REASON, result.reason())
                .build();
    }

    /** The issues as the JSON of the event and of the cloud protocol. */
    public static List<Map<String, Object>> issuesJson(List<DetectionIssue> list) {
        List<Map<String, Object>> issues = new ArrayList<>();
        for (DetectionIssue issue : list) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", lower(issue.type()));
            json.put("category", issue.category());
            json.put("severity", lower(issue.severity()));
            json.put("score", issue.score());
            json.put("message", issue.message());
            List<Map<String, Object>> spans = new ArrayList<>();
            for (TextRange range : issue.ranges()) {
                Map<String, Object> span = new LinkedHashMap<>();
                span.put("field", lower(range.field()));
                span.put("start", range.start());
                span.put("end", range.end());
                spans.add(span);
            }
            json.put("spans", spans);
            json.put("method", lower(issue.method()));
            issues.add(json);
        }
        return issues;
    }

    /**
     * A result in the JSON shape of the event ({@code detector, status, has_issues, issues, reason}),
     * as the cloud service answers it; throws on anything malformed.
     */
    public static DetectionResult fromJson(Map<?, ?> json, DetectionMode mode) {
        DetectorType detector = upper(DetectorType.class, (String) json.get("detector"));
        DetectionStatus status = upper(DetectionStatus.class, (String) json.get("status"));
        List<DetectionIssue> issues = new ArrayList<>();
        Object list = json.get("issues");
        if (list != null) {
            for (Object item : (List<?>) list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> issue = (Map<String, Object>) item;
                issues.add(issue(issue, detector));
            }
        }
        Object reason = json.get("reason");
        return new DetectionResult(detector, status, mode, issues, reason == null ? "" : String.valueOf(reason));
    }

    public static String lowerName(Enum<?> value) {
        return lower(value);
    }

    /** The result an event carries; null when the event is not a well-formed detection event. */
    public static DetectionResult fromEvent(EventData event) {
        if (!AvaliarAttributes.DETECTION_EVENT.equals(event.getName())) {
            return null;
        }
        Attributes attributes = event.getAttributes();
        try {
            DetectorType detector = upper(DetectorType.class, attributes.get(AvaliarAttributes.DETECTION_DETECTOR));
            DetectionStatus status = upper(DetectionStatus.class, attributes.get(AvaliarAttributes.DETECTION_STATUS));
            DetectionMode mode = upper(DetectionMode.class, attributes.get(AvaliarAttributes.DETECTION_MODE));
            List<DetectionIssue> issues = new ArrayList<>();
            for (Map<String, Object> json : Json.readList(attributes.get(AvaliarAttributes.DETECTION_ISSUES))) {
                issues.add(issue(json, detector));
            }
            return new DetectionResult(
                    detector, status, mode, issues, attributes.get(AvaliarAttributes.DETECTION_REASON));
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    public static DetectionIssue issue(Map<String, Object> json, DetectorType detector) {
        List<TextRange> ranges = new ArrayList<>();
        Object spans = json.get("spans");
        if (spans instanceof List<?>) {
            for (Object item : (List<?>) spans) {
                Map<?, ?> span = (Map<?, ?>) item;
                ranges.add(new TextRange(
                        upper(TextRange.Field.class, (String) span.get("field")),
                        ((Number) span.get("start")).intValue(),
                        ((Number) span.get("end")).intValue()));
            }
        }
        Object type = json.get("type");
        Object score = json.get("score");
        return new DetectionIssue(
                type == null ? detector : upper(DetectorType.class, (String) type),
                String.valueOf(json.get("category")),
                upper(Severity.class, (String) json.get("severity")),
                score instanceof Number ? ((Number) score).doubleValue() : 0.0,
                (String) json.get("message"),
                ranges,
                json.get("method") == null
                        ? DetectionMethod.RULE
                        : upper(DetectionMethod.class, (String) json.get("method")));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E upper(Class<E> type, String value) {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }
}
