package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Turns raw response bodies into their cassette form, so that replay sends exactly the bytes
 * that were received. A compressed body is kept decoded, its {@code Content-Encoding} dropped
 * with the other framing headers: the cassette stays readable and the client gets the same
 * content without having to ask for compression.
 */
final class Bodies {

    private Bodies() {}

    /** A body that cannot be replayed as it was recorded; the message says what is wrong with it. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String problem) {
            super(problem);
        }
    }

    /**
     * The response as a cassette keeps it, in the first form that gives back exactly the decoded
     * bytes: an event stream as its events, JSON as JSON (when writing it compactly is the body),
     * UTF-8 text as text, anything else as base64.
     *
     * @param headers the headers as received, {@code Content-Encoding} included
     * @throws Unreadable when the body's {@code Content-Encoding} cannot be undone
     */
    static RecordedResponse response(int status, Map<String, List<String>> headers, byte[] raw) {
        return exact(status, Headers.withoutFraming(headers), decode(raw, Headers.first(headers, "content-encoding")));
    }

    /**
     * {@link #response}, reading the body as it arrives: each event of an event stream keeps when
     * it had arrived, in milliseconds from {@code sentNanos} (a {@link System#nanoTime()}), so
     * that it can be replayed at the pace it was recorded at.
     */
    static RecordedResponse read(int status, Map<String, List<String>> headers, InputStream raw, long sentNanos)
            throws IOException {
        SseEvent.Ends ends = new SseEvent.Ends();
        List<Long> arrived = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (InputStream in = decoding(raw, Headers.first(headers, "content-encoding"))) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                long elapsedMs = (System.nanoTime() - sentNanos) / 1_000_000;
                body.write(buffer, 0, n);
                ends.feed(buffer, 0, n);
                while (arrived.size() < ends.count()) {
                    arrived.add(elapsedMs);
                }
            }
        }
        RecordedResponse response = exact(status, Headers.withoutFraming(headers), body.toByteArray());
        List<SseEvent> events = response.events();
        if (events == null || events.size() != arrived.size()) {
            return response;
        }
        List<SseEvent> timed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            timed.add(events.get(i).withElapsedMs(arrived.get(i)));
        }
        return new RecordedResponse(status, response.headers(), null, timed, null, null);
    }

    /** The response as a cassette keeps it, from a body already decoded. */
    private static RecordedResponse exact(int status, Map<String, List<String>> kept, byte[] body) {
        if (body.length == 0) {
            return new RecordedResponse(status, kept, null, null, null, null);
        }
        String text = utf8(body);
        if (text == null) {
            return new RecordedResponse(
                    status, kept, null, null, null, Base64.getEncoder().encodeToString(body));
        }
        if (SseEvent.isEventStream(Headers.first(kept, "content-type"))) {
            List<SseEvent> events = SseEvent.parse(text);
            return SseEvent.render(events).equals(text)
                    ? new RecordedResponse(status, kept, null, events, null, null)
                    : new RecordedResponse(status, kept, null, null, text, null);
        }
        JsonNode json = Json.parseStructured(body);
        return json != null && Json.compact(json).equals(text)
                ? new RecordedResponse(status, kept, json, null, null, null)
                : new RecordedResponse(status, kept, null, null, text, null);
    }

    /**
     * A response read back from a cassette, refused when it is an event stream cut short: a
     * client would read fewer events than were sent, with no error.
     */
    static RecordedResponse whole(RecordedResponse response) {
        if (SseEvent.isEventStream(Headers.first(response.headers(), "content-type"))) {
            String text = utf8(response.bytes());
            String cut = text == null ? null : SseEvent.cutShort(text);
            if (cut != null) {
                throw new Unreadable("is an event stream cut short: " + cut);
            }
        }
        return response;
    }

    /** Strict base64 (RFC 4648, no line breaks), as cassettes are written. */
    static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("is not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** The body as UTF-8 text, or null when it is not valid UTF-8. */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Undoes {@code Content-Encoding: gzip} or {@code deflate} (zlib-wrapped or raw). */
    static byte[] decode(byte[] body, String contentEncoding) {
        if (contentEncoding == null || body.length == 0) {
            return body;
        }
        try (InputStream in = decoding(new ByteArrayInputStream(body), contentEncoding)) {
            return readAll(in);
        } catch (IOException e) {
            throw new Unreadable("has Content-Encoding '" + contentEncoding + "' but is not "
                    + contentEncoding.trim().toLowerCase(Locale.ROOT) + " data (" + e.getMessage() + ")");
        }
    }

    /** The body read through the decoder its {@code Content-Encoding} names. */
    private static InputStream decoding(InputStream body, String contentEncoding) throws IOException {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "gzip", "x-gzip" -> {
                return new GZIPInputStream(body);
            }
            case "deflate" -> {
                // servers send deflate zlib-wrapped, as the specification says, or raw, as some do
                PushbackInputStream in = new PushbackInputStream(body, 2);
                byte[] head = in.readNBytes(2);
                in.unread(head);
                boolean zlib = head.length == 2
                        && (head[0] & 0x0F) == 8
                        && ((head[0] & 0xFF) << 8 | (head[1] & 0xFF)) % 31 == 0;
                Inflater inflater = new Inflater(!zlib);
                // InflaterInputStream ends only an Inflater it made itself: end ours, or its native memory waits for
                // GC.
                return new InflaterInputStream(in, inflater) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            inflater.end();
                        }
                    }
                };
            }
            case "identity", "" -> {
                return body;
            }
            default ->
                throw new Unreadable("has Content-Encoding '"
                        + contentEncoding
                        + "', which avaliar-recording cannot decode (it decodes gzip and deflate)");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
