package ai.avaliar.junit5.internal;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.TextRange;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import ai.avaliar.trace.internal.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;

/**
 * Traces as JSON, the one shape shared by {@code traces.jsonl}, the HTML report's data and the
 * Allure attachment (documented in {@code docs/report.md}).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class TraceJson {

    /** Core's one mapper, under the name the report and publishing code use. */
    public static final ObjectMapper MAPPER = Json.MAPPER;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Attributes shown in their own fields; every other attribute goes under {@code attributes}. */
    private static final Set<String> OWN_FIELDS = Set.of(
            AvaliarAttributes.SPAN_TYPE.getKey(),
            AvaliarAttributes.OPERATION_NAME.getKey(),
            AvaliarAttributes.PROVIDER_NAME.getKey(),
            AvaliarAttributes.SYSTEM.getKey(),
            AvaliarAttributes.REQUEST_MODEL.getKey(),
            AvaliarAttributes.RESPONSE_MODEL.getKey(),
            AvaliarAttributes.INPUT_TOKENS.getKey(),
            AvaliarAttributes.OUTPUT_TOKENS.getKey(),
            AvaliarAttributes.CACHE_READ_INPUT_TOKENS.getKey(),
            AvaliarAttributes.CACHE_CREATION_INPUT_TOKENS.getKey(),
            AvaliarAttributes.REASONING_OUTPUT_TOKENS.getKey(),
            AvaliarAttributes.REQUEST_STREAM.getKey(),
            AvaliarAttributes.TIME_TO_FIRST_CHUNK.getKey(),
            AvaliarAttributes.REQUEST_TEMPERATURE.getKey(),
            AvaliarAttributes.REQUEST_TOP_P.getKey(),
            AvaliarAttributes.REQUEST_MAX_TOKENS.getKey(),
            AvaliarAttributes.INPUT.getKey(),
            AvaliarAttributes.OUTPUT.getKey(),
            AvaliarAttributes.COST_USD.getKey(),
            AvaliarAttributes.DETECTION_MODE.getKey(),
            AvaliarAttributes.TEST_ID.getKey());

    private TraceJson() {}

    /** One trace: its id, whether every parent is in it, and its spans in tree order (parents first). */
    public static ObjectNode trace(Trace trace) {
        ObjectNode node = NODES.objectNode();
        node.put("traceId", trace.traceId());
        node.put("complete", trace.isComplete());
        ArrayNode spans = node.putArray("spans");
        for (CapturedSpan span : trace.spans()) {
            spans.add(span(span));
        }
        return node;
    }

    public static ObjectNode span(CapturedSpan span) {
        ObjectNode node = NODES.objectNode();
        node.put("spanId", span.spanId());
        span.parent().ifPresentOrElse(parent -> node.put("parentSpanId", parent.spanId()), () -> {
            String parentId = span.spanData().getParentSpanId();
            node.put("parentSpanId", io.opentelemetry.api.trace.SpanId.isValid(parentId) ? parentId : null);
        });
        node.put("name", span.name());
        node.put("type", span.type().wireName());
        node.put("start", span.startTime().toString());
        node.put("startEpochNanos", span.startEpochNanos());
        node.put("durationMs", span.duration().toNanos() / 1e6);
        node.put("status", span.isError() ? "ERROR" : "OK");
        span.errorMessage().ifPresent(message -> node.put("error", message));
        span.exception().ifPresent(exception -> {
            ObjectNode e = node.putObject("exception");
            e.put("type", exception.type());
            e.put("message", exception.message());
            e.put("stackTrace", exception.stackTrace());
        });
        span.provider().ifPresent(provider -> node.put("provider", provider));
        span.model().ifPresent(model -> node.put("model", model));
        span.responseModel().ifPresent(model -> node.put("responseModel", model));
        span.inputTokens().ifPresent(tokens -> node.put("inputTokens", tokens));
        span.outputTokens().ifPresent(tokens -> node.put("outputTokens", tokens));
        span.cacheReadInputTokens().ifPresent(tokens -> node.put("cacheReadInputTokens", tokens));
        span.cacheCreationInputTokens().ifPresent(tokens -> node.put("cacheCreationInputTokens", tokens));
        span.reasoningOutputTokens().ifPresent(tokens -> node.put("reasoningOutputTokens", tokens));
        span.costUsd().ifPresent(cost -> node.put("costUsd", cost));
        if (!span.generationInfo().isEmpty()) {
            node.set("generationInfo", MAPPER.valueToTree(span.generationInfo()));
        }
        if (span.isStreaming()) {
            node.put("streaming", true);
        }
        span.timeToFirstChunk().ifPresent(ttfc -> node.put("timeToFirstChunkMs", ttfc.toNanos() / 1e6));
        if (span.inputJson() != null) {
            node.set("inputs", parse(span.inputJson()));
        }
        if (span.outputJson() != null) {
            node.set("output", parse(span.outputJson()));
        }
        if (!span.metadata().isEmpty()) {
            node.set("metadata", MAPPER.valueToTree(span.metadata()));
        }
        span.detectionMode().ifPresent(mode -> node.put("detectionMode", mode.name()));
        List<DetectionResult> detections = span.detections();
        if (!detections.isEmpty()) {
            ArrayNode array = node.putArray("detections");
            for (DetectionResult result : detections) {
                array.add(detection(result));
            }
        }
        ObjectNode attributes = NODES.objectNode();
        span.attributes().forEach((key, value) -> {
            if (!OWN_FIELDS.contains(key.getKey())
                    && !key.getKey().startsWith(AvaliarAttributes.GENERATION_INFO_PREFIX)
                    && !key.getKey().startsWith(AvaliarAttributes.METADATA_PREFIX)) {
                attributes.set(key.getKey(), MAPPER.valueToTree(value));
            }
        });
        if (!attributes.isEmpty()) {
            node.set("attributes", attributes);
        }
        return node;
    }

    private static ObjectNode detection(DetectionResult result) {
        ObjectNode node = NODES.objectNode();
        node.put("detector", result.detector().name());
        node.put("status", result.status().name());
        node.put("mode", result.mode().name());
        node.put("hasIssues", result.hasIssues());
        if (!result.reason().isEmpty()) {
            node.put("reason", result.reason());
        }
        ArrayNode issues = node.putArray("issues");
        for (DetectionIssue issue : result.issues()) {
            ObjectNode i = issues.addObject();
            i.put("type", issue.type().name());
            i.put("category", issue.category());
            i.put("severity", issue.severity().name());
            i.put("score", issue.score());
            i.put("message", issue.message());
            i.put("method", issue.method() == null ? null : issue.method().name());
            ArrayNode ranges = i.putArray("ranges");
            for (TextRange range : issue.ranges()) {
                ranges.addObject()
                        .put("field", range.field().name().toLowerCase(java.util.Locale.ROOT))
                        .put("start", range.start())
                        .put("end", range.end());
            }
        }
        return node;
    }

    /** A recorded JSON value as JSON; the text itself when it is not JSON (a truncated value). */
    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(json);
        }
    }
}
