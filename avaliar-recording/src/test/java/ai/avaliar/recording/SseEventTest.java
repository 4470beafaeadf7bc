package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventTest {

  @Test
  void parses_events_with_names_ids_multi_line_data_and_drops_comments() {
    String stream =
        ": keep-alive\r\n"
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
  void renders_a_stream_that_parses_back_to_the_same_events() {
    List<SseEvent> events =
        SseEvent.parse("event: a\ndata: {\"x\": 1}\n\ndata: two\ndata: lines\n\ndata: [DONE]\n\n");

    String rendered = SseEvent.render(events);

    assertThat(rendered)
        .isEqualTo("event: a\ndata: {\"x\":1}\n\ndata: two\ndata: lines\n\ndata: [DONE]\n\n");
    assertThat(SseEvent.parse(rendered)).isEqualTo(events);
  }

  @Test
  void keeps_the_last_event_when_the_stream_does_not_end_with_a_blank_line() {
    assertThat(SseEvent.parse("data: {\"a\":1}\n\ndata: tail")).hasSize(2);
  }
}
