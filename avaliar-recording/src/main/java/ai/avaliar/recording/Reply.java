package ai.avaliar.recording;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the server answers to one request; for an event stream replayed at its recorded pace,
 * when to send each event, in milliseconds from the start of the answer (null: all at once).
 */
record Reply(int status, Map<String, List<String>> headers, byte[] body, long[] eventTimes) {

    private static final System.Logger LOG = System.getLogger("ai.avaliar.recording");

    /** Status used for our own errors: a 4xx that the provider clients do not retry. */
    static final int ERROR_STATUS = 418;

    Reply(int status, Map<String, List<String>> headers, byte[] body) {
        this(status, headers, body, null);
    }

    static Reply of(RecordedResponse response) {
        return of(response, ReplayPace.AT_ONCE);
    }

    /** The reply to send for a recorded response, its events at the pace asked for. */
    static Reply of(RecordedResponse response, ReplayPace pace) {
        long[] times = null;
        List<SseEvent> events = response.events();
        if (pace == ReplayPace.RECORDED
                && events != null
                && !events.isEmpty()
                && events.stream().allMatch(e -> e.elapsedMs() != null)) {
            times = events.stream().mapToLong(SseEvent::elapsedMs).toArray();
        } else if (pace == ReplayPace.RECORDED
                && SseEvent.isEventStream(Headers.first(response.headers(), "content-type"))) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Avaliar recording: pace = RECORDED, but this recorded stream has no time for each event (a VCR.py"
                            + " cassette, one recorded before pacing, or a stream kept as text); it is sent at once."
                            + " Record it again with avaliar-recording to replay it at its pace.");
        }
        return new Reply(response.status(), Headers.withoutFraming(response.headers()), response.bytes(), times);
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
