package ai.avaliar.junit5.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OTLP/HTTP protobuf trace request as a receiver reads it, decoded field by field from the
 * OTLP proto definitions (trace/v1, common/v1, resource/v1), for tests to check what was sent.
 */
record OtlpReceived(List<Span> spans) {

    /** A span with its resource and scope, as the receiver sees it. */
    record Span(
            Map<String, Object> resource,
            String scope,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            Map<String, Object> attributes) {

        String id() {
            return traceId + "/" + spanId;
        }
    }

    static OtlpReceived decode(byte[] request) {
        List<Span> spans = new ArrayList<>();
        for (OtlpWire.Field resourceSpans : OtlpWire.fields(request, 0, request.length)) {
            Map<String, Object> resource = new LinkedHashMap<>();
            List<OtlpWire.Field> scopeSpansList = new ArrayList<>();
            for (OtlpWire.Field field : OtlpWire.fields(resourceSpans)) {
                if (field.number() == 1) { // Resource
                    for (OtlpWire.Field attribute : OtlpWire.fields(field)) {
                        if (attribute.number() == 1) {
                            keyValue(attribute, resource);
                        }
                    }
                } else if (field.number() == 2) {
                    scopeSpansList.add(field);
                }
            }
            for (OtlpWire.Field scopeSpans : scopeSpansList) {
                String scope = "";
                for (OtlpWire.Field field : OtlpWire.fields(scopeSpans)) {
                    if (field.number() == 1) {
                        for (OtlpWire.Field scopeField : OtlpWire.fields(field)) {
                            if (scopeField.number() == 1) {
                                scope = text(scopeField);
                            }
                        }
                    } else if (field.number() == 2) {
                        spans.add(span(field, resource, scope));
                    }
                }
            }
        }
        return new OtlpReceived(spans);
    }

    private static Span span(OtlpWire.Field span, Map<String, Object> resource, String scope) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (OtlpWire.Field field : OtlpWire.fields(span)) {
            switch (field.number()) {
                case 1 -> traceId = HexFormat.of().formatHex(field.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(field.bytes());
                case 4 -> parent = HexFormat.of().formatHex(field.bytes());
                case 5 -> name = text(field);
                case 9 -> keyValue(field, attributes);
                default -> {}
            }
        }
        return new Span(resource, scope, traceId, spanId, parent, name, attributes);
    }

    private static void keyValue(OtlpWire.Field keyValue, Map<String, Object> into) {
        String key = null;
        Object value = null;
        for (OtlpWire.Field field : OtlpWire.fields(keyValue)) {
            if (field.number() == 1) {
                key = text(field);
            } else if (field.number() == 2) {
                for (OtlpWire.Field any : OtlpWire.fields(field)) {
                    value = switch (any.number()) {
                        case 1 -> text(any);
                        case 2 -> any.varint() != 0;
                        case 3 -> any.varint();
                        case 4 -> Double.longBitsToDouble(any.fixed());
                        default -> "<" + any.number() + ">";
                    };
                }
            }
        }
        into.put(key, value);
    }

    private static String text(OtlpWire.Field field) {
        return new String(field.bytes(), StandardCharsets.UTF_8);
    }
}
