package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One Server-Sent Event: {@code data} holds the JSON payload when it is a JSON object or array,
 * {@code text} the raw payload otherwise (for instance OpenAI's {@code [DONE]}).
 */
record SseEvent(String event, String id, Long retry, JsonNode data, String text) {

  static final String CONTENT_TYPE = "text/event-stream";

  /** Parses an event stream as the SSE specification does; comment lines are dropped. */
  static List<SseEvent> parse(String stream) {
    List<SseEvent> events = new ArrayList<>();
    String event = null;
    String id = null;
    Long retry = null;
    StringBuilder data = null;
    for (String line : stream.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (data != null || event != null) {
          events.add(of(event, id, retry, data == null ? "" : data.toString()));
        }
        event = null;
        id = null;
        retry = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "id" -> id = value;
        case "retry" -> {
          try {
            retry = Long.parseLong(value);
          } catch (NumberFormatException ignored) {
            // the specification says to ignore a retry field that is not a number
          }
        }
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        default -> {
          // unknown fields are ignored, as the specification says
        }
      }
    }
    if (data != null || event != null) {
      events.add(of(event, id, retry, data == null ? "" : data.toString()));
    }
    return events;
  }

  private static SseEvent of(String event, String id, Long retry, String data) {
    JsonNode json = Json.parseStructured(data);
    return new SseEvent(event, id, retry, json, json == null ? data : null);
  }

  String payload() {
    return data != null ? Json.compact(data) : (text == null ? "" : text);
  }

  /** Writes the events back as a valid {@code text/event-stream} body. */
  static String render(List<SseEvent> events) {
    StringBuilder out = new StringBuilder();
    for (SseEvent e : events) {
      if (e.event() != null) {
        out.append("event: ").append(e.event()).append('\n');
      }
      if (e.id() != null) {
        out.append("id: ").append(e.id()).append('\n');
      }
      if (e.retry() != null) {
        out.append("retry: ").append(e.retry()).append('\n');
      }
      for (String line : e.payload().split("\n", -1)) {
        out.append("data: ").append(line).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  static boolean isEventStream(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CONTENT_TYPE);
  }
}
