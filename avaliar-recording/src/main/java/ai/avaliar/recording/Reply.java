package ai.avaliar.recording;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the server answers to one request. */
record Reply(int status, Map<String, List<String>> headers, byte[] body) {

  /** Status used for our own errors: a 4xx that the provider clients do not retry. */
  static final int ERROR_STATUS = 418;

  static Reply of(RecordedResponse response) {
    return new Reply(response.status(), Headers.withoutFraming(response.headers()), response.bytes());
  }

  /** An error body shaped so that both OpenAI and Anthropic clients show its message. */
  static Reply error(String message) {
    var body = Json.MAPPER.createObjectNode();
    body.put("type", "error");
    var error = body.putObject("error");
    error.put("type", "avaliar_recording_error");
    error.put("message", message);
    TreeMap<String, List<String>> headers = Headers.of();
    headers.put("content-type", List.of("application/json"));
    headers.put("x-should-retry", List.of("false"));
    return new Reply(ERROR_STATUS, headers, Json.compact(body).getBytes(StandardCharsets.UTF_8));
  }
}
