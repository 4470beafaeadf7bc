package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventTest {

    @Test
    void parses_events_with_names_ids_multi_line_data_and_drops_comments() {
        String stream = ": keep-alive\r\n"
                + "event: message_start\r\n"
                + "id: 7\r\n"
                + "data: {\"type\":\"message_start\"}\r\n"
                + "\r\n"
                + "data: first line\n"
                + "data: second line\n"
                + "\n"
                + "data: [DONE]\n\n";

        List<SseEvent> events = SseEvent.parse(stream);

        assertThat(events).hasSize(3);
        assertThat(events.get(0).event()).isEqualTo("message_start");
        assertThat(events.get(0).id()).isEqualTo("7");
        assertThat(events.get(0).data().get("type").asText()).isEqualTo("message_start");
        assertThat(events.get(1).text()).isEqualTo("first line\nsecond line");
        assertThat(events.get(2).text()).isEqualTo("[DONE]");
    }

    @Test
    void renders_a_stream_back_to_its_exact_bytes() {
        String stream =
                "event: a\ndata: {\"x\":1}\n\nevent: b\ndata: {\"x\": 1}\n\ndata: two\ndata: lines\n\ndata: [DONE]\n\n";

        List<SseEvent> events = SseEvent.parse(stream);

        assertThat(SseEvent.render(events)).isEqualTo(stream);
        // compact JSON stays JSON; padded JSON is kept as its text, so it renders as it was
        assertThat(events.get(0).data()).isNotNull();
        assertThat(events.get(1).text()).isEqualTo("{\"x\": 1}");
        assertThat(events.get(1).json()).isEqualTo(events.get(0).data());
        assertThat(SseEvent.parse(SseEvent.render(events))).isEqualTo(events);
    }

    @Test
    void keeps_the_last_event_when_the_stream_does_not_end_with_a_blank_line() {
        assertThat(SseEvent.parse("data: {\"a\":1}\n\ndata: tail")).hasSize(2);
    }

    @Test
    void splits_a_stream_into_chunks_after_each_blank_line_whatever_its_line_ends() {
        byte[] stream =
                ": ping\n\nevent: a\r\ndata: 1\r\n\r\ndata: 2\r\rdata: 3\n\ndata: cut".getBytes(StandardCharsets.UTF_8);

        assertThat(SseEvent.chunks(stream))
                .extracting(chunk -> new String(chunk, StandardCharsets.UTF_8))
                .containsExactly(
                        ": ping\n\n", "event: a\r\ndata: 1\r\n\r\n", "data: 2\r\r", "data: 3\n\n", "data: cut");
    }

    @Test
    void says_where_a_stream_was_cut_short() {
        assertThat(SseEvent.cutShort("data: {\"a\":1}\n\ndata: [DONE]\n\n")).isNull();
        assertThat(SseEvent.cutShort("event: ping\ndata: {\"type\": \"ping\"}\n\n"))
                .isNull();
        assertThat(SseEvent.cutShort("data: {\"a\":1}\n\nevent: message_delta\ndata: {\"type\":\"mess"))
                .isEqualTo("it ends in the middle of an event: 'event: message_delta\\ndata: {\"type\":\"mess' is not"
                        + " followed by a blank line");
        assertThat(SseEvent.cutShort("data: {\"a\":1}\n\ndata: {\"type\":\"mess\n\n"))
                .isEqualTo("the data of its last event is JSON cut off before its end ('{\"type\":\"mess')");
    }

    @Test
    void finds_the_event_cut_short_in_a_stream_of_any_line_ends() {
        assertThat(SseEvent.cutShort("data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\n\r\n"))
                .isNull();
        assertThat(SseEvent.cutShort("data: {\"a\":1}\r\n\r\nevent: message_delta\r\ndata: {\"type\":\"mess"))
                .isEqualTo(
                        "it ends in the middle of an event: 'event: message_delta\\r\\ndata: {\"type\":\"mess' is not"
                                + " followed by a blank line");
    }
}
