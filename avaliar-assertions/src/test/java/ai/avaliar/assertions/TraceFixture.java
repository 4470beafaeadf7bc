package ai.avaliar.assertions;

import ai.avaliar.detection.DetectorType;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.InMemoryTraceExporter;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A tiny DSL that makes real OpenTelemetry spans with Avaliar's attributes and explicit times (in
 * milliseconds from a fixed start), so tests are deterministic.
 */
final class TraceFixture {

    private static final InMemoryTraceExporter EXPORTER = InMemoryTraceExporter.create();
    private static final Tracer TRACER = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(EXPORTER))
            .build()
            .get("avaliar-assertions-test");
    private static final long EPOCH_NANOS = TimeUnit.SECONDS.toNanos(1_767_225_600L); // 2026-01-01T00:00:00Z

    private TraceFixture() {}

    static Node agent(String name) {
        return new Node(name).attr(AvaliarAttributes.SPAN_TYPE, "agent");
    }

    static Node tool(String name) {
        return new Node(name).attr(AvaliarAttributes.SPAN_TYPE, "tool");
    }

    static Node llm(String name) {
        return new Node(name).attr(AvaliarAttributes.SPAN_TYPE, "llm");
    }

    static Node generic(String name) {
        return new Node(name).attr(AvaliarAttributes.SPAN_TYPE, "generic");
    }

    /** A span with no Avaliar type, as other instrumentation makes them. */
    static Node foreign(String name) {
        return new Node(name);
    }

    /** Records the tree as real spans and reads it back as a {@link Trace}. */
    static Trace trace(Node root) {
        Span span = root.start(Context.root());
        String traceId = span.getSpanContext().getTraceId();
        List<SpanData> spans = EXPORTER.spans().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .collect(Collectors.toList());
        return Trace.of(spans).get(0);
    }

    /** The guide's morning briefing: two tools in parallel, then the llm. */
    static Node morningBriefing() {
        return agent("morning_briefing")
                .at(0, 212)
                .children(
                        tool("fetch_weather").at(1, 101).input("city", "Lisbon").output("Sunny, 21 C"),
                        tool("fetch_news").at(2, 102).output("Markets up"),
                        llm("synthesize")
                                .at(105, 114)
                                .model("gpt-4o")
                                .responseModel("gpt-4o-2024-08-06")
                                .provider("openai")
                                .tokens(53, 12)
                                .cost(0.000253)
                                .generationInfo("temperature", 0.2)
                                .generationInfo("top_p", 0.9)
                                .output("Sunny in Lisbon, markets up."));
    }

    static final class Node {
        private final String name;
        private final AttributesBuilder attributes = Attributes.builder();
        private final List<Node> children = new ArrayList<>();
        private final List<Attributes> detections = new ArrayList<>();
        private long startMillis;
        private long endMillis = 10;
        private String errorDescription;
        private Throwable exception;

        private Node(String name) {
            this.name = name;
        }

        Node at(long startMs, long endMs) {
            this.startMillis = startMs;
            this.endMillis = endMs;
            return this;
        }

        Node children(Node... nodes) {
            children.addAll(Arrays.asList(nodes));
            return this;
        }

        <T> Node attr(AttributeKey<T> key, T value) {
            attributes.put(key, value);
            return this;
        }

        Node model(String model) {
            return attr(AvaliarAttributes.REQUEST_MODEL, model);
        }

        Node responseModel(String model) {
            return attr(AvaliarAttributes.RESPONSE_MODEL, model);
        }

        Node provider(String provider) {
            return attr(AvaliarAttributes.PROVIDER_NAME, provider);
        }

        Node tokens(long input, long output) {
            return attr(AvaliarAttributes.INPUT_TOKENS, input).attr(AvaliarAttributes.OUTPUT_TOKENS, output);
        }

        Node cost(double usd) {
            return attr(AvaliarAttributes.COST_USD, usd);
        }

        Node input(String key, Object value) {
            String json = attributes.build().get(AvaliarAttributes.INPUT);
            String entry = json(key) + ":" + json(value);
            return attr(
                    AvaliarAttributes.INPUT,
                    json == null ? "{" + entry + "}" : json.substring(0, json.length() - 1) + "," + entry + "}");
        }

        Node output(Object value) {
            return attr(AvaliarAttributes.OUTPUT, json(value));
        }

        Node generationInfo(String key, Object value) {
            switch (key) {
                case "temperature":
                    return attr(AvaliarAttributes.REQUEST_TEMPERATURE, ((Number) value).doubleValue());
                case "top_p":
                    return attr(AvaliarAttributes.REQUEST_TOP_P, ((Number) value).doubleValue());
                case "max_tokens":
                    return attr(AvaliarAttributes.REQUEST_MAX_TOKENS, ((Number) value).longValue());
                default:
                    return attr(
                            AttributeKey.stringKey(AvaliarAttributes.GENERATION_INFO_PREFIX + key),
                            String.valueOf(value));
            }
        }

        Node metadata(String key, String value) {
            return attr(AttributeKey.stringKey(AvaliarAttributes.METADATA_PREFIX + key), value);
        }

        Node metadata(String key, long value) {
            return attr(AttributeKey.longKey(AvaliarAttributes.METADATA_PREFIX + key), value);
        }

        Node streaming() {
            return attr(AvaliarAttributes.REQUEST_STREAM, true);
        }

        Node error(String description) {
            this.errorDescription = description;
            return this;
        }

        Node exception(Throwable thrown) {
            this.exception = thrown;
            return error(null);
        }

        /** A completed detection; each issue is "SEVERITY CATEGORY", such as "HIGH EMAIL_ADDRESS". */
        Node detection(DetectorType detector, String... issues) {
            List<String> json = new ArrayList<>();
            for (String issue : issues) {
                String[] parts = issue.split(" ", 2);
                json.add("{\"type\":\"" + lower(detector.name()) + "\",\"category\":\"" + parts[1]
                        + "\",\"severity\":\"" + lower(parts[0]) + "\",\"score\":0.9,\"message\":\"found\","
                        + "\"spans\":[{\"field\":\"output\",\"start\":0,\"end\":5}],\"method\":\"rule\"}");
            }
            return detectionEvent(detector, "completed", issues.length > 0, "[" + String.join(",", json) + "]", "");
        }

        Node detectionFailed(DetectorType detector, String reason) {
            return detectionEvent(detector, "failed", false, "[]", reason);
        }

        Node detectionPending(DetectorType detector) {
            return detectionEvent(detector, "pending", false, "[]", "");
        }

        private Node detectionEvent(
                DetectorType detector, String status, boolean hasIssues, String issues, String reason) {
            attr(AvaliarAttributes.DETECTION_MODE, "local");
            detections.add(Attributes.builder()
                    .put("avaliar.detection.detector", lower(detector.name()))
                    .put("avaliar.detection.status", status)
                    .put("avaliar.detection.mode", "local")
                    .put("avaliar.detection.has_issues", hasIssues)
                    .put("avaliar.detection.issues", issues)
                    .put("avaliar.detection.reason", reason)
                    .build());
            return this;
        }

        private Span start(Context parent) {
            Span span = TRACER.spanBuilder(name)
                    .setParent(parent)
                    .setStartTimestamp(EPOCH_NANOS + TimeUnit.MILLISECONDS.toNanos(startMillis), TimeUnit.NANOSECONDS)
                    .setAllAttributes(attributes.build())
                    .startSpan();
            Context context = parent.with(span);
            for (Node child : children) {
                child.start(context);
            }
            for (Attributes detection : detections) {
                span.addEvent(AvaliarAttributes.DETECTION_EVENT, detection);
            }
            if (exception != null) {
                span.recordException(exception);
            }
            if (exception != null || errorDescription != null) {
                span.setStatus(StatusCode.ERROR, errorDescription == null ? "" : errorDescription);
            }
            span.end(EPOCH_NANOS + TimeUnit.MILLISECONDS.toNanos(endMillis), TimeUnit.NANOSECONDS);
            return span;
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> json(String.valueOf(e.getKey())) + ":" + json(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TraceFixture::json).collect(Collectors.joining(",", "[", "]"));
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
