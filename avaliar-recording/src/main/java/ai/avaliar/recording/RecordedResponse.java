package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A response as kept in a cassette. Exactly one of {@code body} (JSON), {@code events} (a
 * {@code text/event-stream}), {@code bodyText} or {@code bodyBase64} is set, or none for an
 * empty body.
 */
record RecordedResponse(
        int status,
        Map<String, List<String>> headers,
        JsonNode body,
        List<SseEvent> events,
        String bodyText,
        String bodyBase64) {

    /** The body bytes to send when replaying. */
    byte[] bytes() {
        if (events != null) {
            return SseEvent.render(events).getBytes(StandardCharsets.UTF_8);
        }
        if (body != null) {
            return Json.compact(body).getBytes(StandardCharsets.UTF_8);
        }
        if (bodyText != null) {
            return bodyText.getBytes(StandardCharsets.UTF_8);
        }
        if (bodyBase64 != null) {
            return Base64.getDecoder().decode(bodyBase64);
        }
        return new byte[0];
    }
}
