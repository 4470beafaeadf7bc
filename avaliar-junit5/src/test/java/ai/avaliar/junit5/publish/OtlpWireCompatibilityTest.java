package ai.avaliar.junit5.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins what publishing relies on from OpenTelemetry's internal {@code TraceRequestMarshaler}
 * (written against OpenTelemetry 1.68.0, {@code opentelemetry.version} in the root pom), checked
 * with the generated OTLP classes ({@code io.opentelemetry.proto:opentelemetry-proto}, test scope)
 * rather than our own reader. When an OpenTelemetry upgrade fails here, {@link OtlpWire} must
 * change with it: encode with the new API, or move to a public one.
 */
class OtlpWireCompatibilityTest {

    private static final String UPGRADE = "OpenTelemetry's internal TraceRequestMarshaler, which OtlpWire"
            + " relies on (pinned at OpenTelemetry 1.68.0), ";

    @Test
    void the_marshaler_has_the_methods_otlp_wire_calls() throws NoSuchMethodException {
        Method create = TraceRequestMarshaler.class.getMethod("create", Collection.class);
        Method size = TraceRequestMarshaler.class.getMethod("getBinarySerializedSize");
        Method write = TraceRequestMarshaler.class.getMethod("writeBinaryTo", OutputStream.class);

        assertThat(Modifier.isStatic(create.getModifiers()))
                .as(UPGRADE + "no longer has a static create(Collection<SpanData>)")
                .isTrue();
        assertThat(create.getReturnType())
                .as(UPGRADE + "create(Collection) no longer returns a TraceRequestMarshaler")
                .isEqualTo(TraceRequestMarshaler.class);
        assertThat(size.getReturnType())
                .as(UPGRADE + "getBinarySerializedSize() no longer returns an int")
                .isEqualTo(int.class);
        assertThat(write.getReturnType()).isEqualTo(void.class);
    }

    @Test
    void its_output_is_an_export_trace_service_request_with_every_span_under_its_resource_and_scope()
            throws InvalidProtocolBufferException {
        List<SpanData> spans = PublishFixtures.traces(2, 3);

        byte[] body = OtlpWire.encode(spans);

        assertThat(body.length)
                .as(UPGRADE + "writes a different number of bytes than getBinarySerializedSize() says")
                .isEqualTo(TraceRequestMarshaler.create(spans).getBinarySerializedSize());
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        assertThat(request.getResourceSpansList())
                .as(UPGRADE + "no longer writes one resource_spans per resource")
                .hasSize(1);
        ResourceSpans resourceSpans = request.getResourceSpans(0);
        assertThat(resourceSpans.getResource().getAttributesList())
                .extracting(KeyValue::getKey)
                .contains("service.name");
        ScopeSpans scopeSpans = resourceSpans.getScopeSpans(0);
        assertThat(scopeSpans.getScope().getName()).isEqualTo("ai.avaliar");
        assertThat(decodedIds(request))
                .as(UPGRADE + "no longer writes each span once, with its trace, span and parent ids")
                .containsExactlyInAnyOrderElementsOf(spans.stream()
                        .map(s -> s.getTraceId() + "/" + s.getSpanId() + "/" + parent(s) + "/" + s.getName())
                        .toList());
        assertThat(scopeSpans.getSpansList().get(0).getAttributesList())
                .extracting(KeyValue::getKey)
                .contains("avaliar.test.id");
    }

    @Test
    void requests_written_one_after_the_other_decode_as_one_request_with_the_spans_of_both()
            throws InvalidProtocolBufferException {
        List<SpanData> spans = PublishFixtures.traces(3, 2);

        byte[] spooled = OtlpWire.encodePerTrace(spans, OtlpWire::encode);

        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(spooled);
        assertThat(request.getResourceSpansList())
                .as("a spooled body is one request per trace, as protobuf merges concatenated messages")
                .hasSize(3);
        assertThat(decodedIds(request)).hasSize(6).doesNotHaveDuplicates();
        for (byte[] half : OtlpWire.halves(spooled)) {
            assertThat(ExportTraceServiceRequest.parseFrom(half).getResourceSpansList())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getResource().getAttributesList())
                            .extracting(KeyValue::getKey)
                            .contains("service.name"));
        }
    }

    private static List<String> decodedIds(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        List<String> ids = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
                    ids.add(hex.formatHex(span.getTraceId().toByteArray()) + "/"
                            + hex.formatHex(span.getSpanId().toByteArray()) + "/"
                            + (span.getParentSpanId().isEmpty()
                                    ? ""
                                    : hex.formatHex(span.getParentSpanId().toByteArray()))
                            + "/" + span.getName());
                }
            }
        }
        return ids;
    }

    private static String parent(SpanData span) {
        return span.getParentSpanContext().isValid() ? span.getParentSpanId() : "";
    }
}
