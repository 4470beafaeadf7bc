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
    void splits_a_request_into_two_halves_that_together_hold_every_span_once_with_its_resource() {
        List<SpanData> spans = new ArrayList<>(PublishFixtures.traces(3, 3));
        // A second resource, so the split must keep two resources apart.
        Resource other = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "other-service"));
        spans.add(new PublishedSpan(PublishFixtures.traces(1, 1).get(0), other, "failed"));
        byte[] request = OtlpWire.encode(spans);

        List<byte[]> halves = OtlpWire.split(request);

        assertThat(halves).hasSize(2);
        assertThat(OtlpWire.spanCount(halves.get(0))).isEqualTo(5);
        assertThat(OtlpWire.spanCount(halves.get(1))).isEqualTo(5);
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
    void splits_down_to_single_spans_and_no_further() {
        byte[] request = OtlpWire.encode(PublishFixtures.traces(1, 2));
        List<byte[]> halves = OtlpWire.split(request);

        assertThat(halves)
                .allSatisfy(half -> assertThat(OtlpWire.spanCount(half)).isOne());
        assertThatThrownBy(() -> OtlpWire.split(halves.get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a request of 1 span(s) cannot be split");
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
