package ai.avaliar.junit5.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpWireTest {

    @Test
    void encodes_spans_as_the_otlp_exporter_does_with_resource_scope_and_attributes() {
        List<SpanData> spans = PublishFixtures.traces(2, 3);

        OtlpReceived received = OtlpReceived.decode(OtlpWire.encode(spans));

        assertThat(received.spans())
                .extracting(OtlpReceived.Span::name)
                .containsExactlyInAnyOrderElementsOf(
                        spans.stream().map(SpanData::getName).toList());
        assertThat(received.spans()).allSatisfy(span -> {
            assertThat(span.resource()).containsEntry("service.name", "agent-tests");
            assertThat(span.scope()).isEqualTo("ai.avaliar");
        });
        OtlpReceived.Span child = received.spans().stream()
                .filter(s -> s.name().equals("tool-1-2"))
                .findFirst()
                .orElseThrow();
        OtlpReceived.Span root = received.spans().stream()
                .filter(s -> s.name().equals("agent-1"))
                .findFirst()
                .orElseThrow();
        assertThat(child.parentSpanId()).isEqualTo(root.spanId());
        assertThat(child.traceId()).isEqualTo(root.traceId());
        assertThat(child.attributes()).containsEntry("avaliar.test.id", PublishFixtures.testId(1));
        assertThat(OtlpWire.spanCount(OtlpWire.encode(spans))).isEqualTo(6);
    }

    @Test
    void a_spooled_body_is_one_request_per_trace_that_decodes_as_one_request_with_every_span() {
        List<SpanData> spans = PublishFixtures.traces(3, 2);

        byte[] body = OtlpWire.encodePerTrace(spans, OtlpWire::encode);

        assertThat(OtlpWire.parts(body)).isEqualTo(3);
        assertThat(OtlpWire.spanCount(body)).isEqualTo(6);
        assertThat(OtlpReceived.decode(body).spans())
                .containsExactlyInAnyOrderElementsOf(
                        OtlpReceived.decode(OtlpWire.encode(spans)).spans());
    }

    @Test
    void a_batch_of_one_trace_is_spooled_as_the_exporter_encodes_it() {
        List<SpanData> trace = PublishFixtures.traces(1, 3);

        assertThat(OtlpWire.encodePerTrace(trace, OtlpWire::encode)).isEqualTo(OtlpWire.encode(trace));
    }

    @Test
    void cuts_a_request_between_traces_into_two_that_together_hold_every_span_once_with_its_resource() {
        List<SpanData> spans = new ArrayList<>(PublishFixtures.traces(3, 3));
        // A span of another resource: it must keep that resource after the cut.
        Resource other = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "other-service"));
        spans.add(new PublishedSpan(PublishFixtures.traces(1, 1).get(0), other, "failed"));
        byte[] request = OtlpWire.encodePerTrace(spans, OtlpWire::encode);

        List<byte[]> halves = OtlpWire.halves(request);

        assertThat(halves).hasSize(2);
        assertThat(OtlpWire.spanCount(halves.get(0))).isEqualTo(6);
        assertThat(OtlpWire.spanCount(halves.get(1))).isEqualTo(4);
        List<OtlpReceived.Span> whole = OtlpReceived.decode(request).spans();
        List<OtlpReceived.Span> both =
                new ArrayList<>(OtlpReceived.decode(halves.get(0)).spans());
        both.addAll(OtlpReceived.decode(halves.get(1)).spans());
        assertThat(both).containsExactlyInAnyOrderElementsOf(whole);
        assertThat(both)
                .filteredOn(s -> s.attributes().containsKey("avaliar.test.outcome"))
                .singleElement()
                .satisfies(s -> assertThat(s.resource()).containsEntry("service.name", "other-service"));
    }

    @Test
    void cuts_down_to_single_traces_and_no_further() {
        byte[] request = OtlpWire.encodePerTrace(PublishFixtures.traces(2, 2), OtlpWire::encode);
        List<byte[]> halves = OtlpWire.halves(request);

        assertThat(halves)
                .allSatisfy(half -> assertThat(OtlpWire.spanCount(half)).isEqualTo(2));
        assertThatThrownBy(() -> OtlpWire.halves(halves.get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a request of 1 resource_spans cannot be cut");
    }

    @Test
    void says_when_bytes_are_no_otlp_request() {
        byte[] text = "{\"resourceSpans\": []}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> OtlpWire.spanCount(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an OTLP request");
    }

    @Test
    void a_request_cut_short_is_no_otlp_request() {
        byte[] request = OtlpWire.encode(PublishFixtures.traces(1, 3));
        byte[] truncated = java.util.Arrays.copyOf(request, request.length - 7);

        assertThatThrownBy(() -> OtlpWire.spanCount(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an OTLP request");
    }

    @Test
    void an_empty_request_holds_no_spans() {
        assertThat(OtlpWire.spanCount(new byte[0])).isZero();
        assertThat(OtlpReceived.decode(OtlpWire.encode(List.of())).spans()).isEmpty();
    }
}
