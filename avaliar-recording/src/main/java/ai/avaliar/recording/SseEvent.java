package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One Server-Sent Event: {@code data} holds the JSON payload when it is a JSON object or array
 * written compactly, {@code text} the payload as it was otherwise (OpenAI's {@code [DONE]}, or
 * Anthropic's JSON padded with spaces), so that {@link #render} gives back the recorded bytes.
 * {@code elapsedMs}, when recorded, is when the event had arrived, in milliseconds from the
 * request.
 */
record SseEvent(String event, String id, Long retry, JsonNode data, String text, Long elapsedMs) {

    SseEvent(String event, String id, Long retry, JsonNode data, String text) {
        this(event, id, retry, data, text, null);
    }

    SseEvent withElapsedMs(Long elapsedMs) {
        return new SseEvent(event, id, retry, data, text, elapsedMs);
    }

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

    /** JSON only when writing it compactly gives back the payload exactly; the text otherwise. */
    private static SseEvent of(String event, String id, Long retry, String data) {
        JsonNode json = Json.parseStructured(data);
        boolean exact = json != null && Json.compact(json).equals(data);
        return new SseEvent(event, id, retry, exact ? json : null, exact ? null : data);
    }

    /** The payload as JSON, whichever form it is kept in; null when it is not JSON. */
    JsonNode json() {
        return data != null ? data : Json.parseStructured(text);
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

    /**
     * Splits a {@code text/event-stream} body after each blank line (whatever its line ends), so
     * each event, comment block or keep-alive is sent as the chunk it was; what follows the last
     * blank line (an event cut short) is the last chunk.
     */
    static List<byte[]> chunks(byte[] body) {
        Ends ends = new Ends();
        ends.feed(body, 0, body.length);
        List<byte[]> chunks = new ArrayList<>();
        int start = 0;
        for (long end : ends.finish()) {
            chunks.add(Arrays.copyOfRange(body, start, (int) end));
            start = (int) end;
        }
        if (start < body.length) {
            chunks.add(Arrays.copyOfRange(body, start, body.length));
        }
        return chunks;
    }

    /**
     * Finds where the events of a stream end, the stream read piece by piece as it arrives: just
     * past each blank line, whatever its line ends ({@code \n}, {@code \r\n} or {@code \r}).
     */
    static final class Ends {
        private final List<Long> ends = new ArrayList<>();
        private long read;
        private boolean lineEmpty = true;
        private boolean afterCr;
        private boolean endAtCr; // a blank line ended at the CR just read; a LF may follow

        /** Reads more of the stream. */
        void feed(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                byte b = bytes[i];
                if (afterCr && b == '\n') { // the LF of a CRLF, whose line ended at the CR
                    afterCr = false;
                    read++;
                    if (endAtCr) {
                        endAtCr = false;
                        ends.add(read);
                    }
                    continue;
                }
                if (endAtCr) {
                    endAtCr = false;
                    ends.add(read);
                }
                afterCr = b == '\r';
                read++;
                if (b == '\n' || b == '\r') {
                    if (lineEmpty && b == '\r') {
                        endAtCr = true;
                    } else if (lineEmpty) {
                        ends.add(read);
                    }
                    lineEmpty = true;
                } else {
                    lineEmpty = false;
                }
            }
        }

        /** How many events have ended so far. */
        int count() {
            return ends.size() + (endAtCr ? 1 : 0);
        }

        /** The offsets just past each event's end, once the whole stream is read. */
        List<Long> finish() {
            if (endAtCr) {
                endAtCr = false;
                ends.add(read);
            }
            return ends;
        }
    }

    /**
     * Why a recorded stream is not whole, or null: it must end with a blank line, and its last
     * event's data must be complete JSON when it starts as a JSON object.
     */
    static String cutShort(String stream) {
        // Where events end is found the one way replay finds it: just past each blank line, whatever its line ends.
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        Ends ends = new Ends();
        ends.feed(bytes, 0, bytes.length);
        List<Long> all = ends.finish();
        int whole = all.isEmpty() ? 0 : all.get(all.size() - 1).intValue();
        if (whole == bytes.length) {
            List<SseEvent> events = parse(stream);
            SseEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
            if (last != null && last.data == null && startsLikeJson(last.text) && last.json() == null) {
                return "the data of its last event is JSON cut off before its end (" + excerpt(last.text) + ")";
            }
            return null;
        }
        String tail = new String(bytes, whole, bytes.length - whole, StandardCharsets.UTF_8);
        return "it ends in the middle of an event: " + excerpt(tail.strip()) + " is not followed by a blank line";
    }

    /** A JSON object: what providers send as event data (an array could be OpenAI's {@code [DONE]}). */
    private static boolean startsLikeJson(String text) {
        return text != null && text.stripLeading().startsWith("{");
    }

    private static String excerpt(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return "'" + (oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine) + "'";
    }

    static boolean isEventStream(String contentType) {
        return contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CONTENT_TYPE);
    }
}
