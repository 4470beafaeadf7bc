package ai.avaliar.trace;

import ai.avaliar.trace.internal.Json;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * What a traced stream has produced so far: its chunk count, the time to its first chunk, and its
 * text (kept up to the payload limit as it streams) or, for chunks that are not text, the chunks
 * themselves (at most {@value #MAX_LISTED_CHUNKS}). Not thread-safe: the {@link ActiveRun} that
 * owns it guards it with its lock.
 */
final class StreamCapture {

    private static final int MAX_LISTED_CHUNKS = 10_000;

    private final long startNanos = System.nanoTime();
    private long chunks;
    private StringBuilder text;
    private List<Object> items;
    private long streamedChars;

    void chunk(Object chunk, Span span, int maxChars) {
        if (chunks++ == 0) {
            span.setAttribute(AvaliarAttributes.TIME_TO_FIRST_CHUNK, (System.nanoTime() - startNanos) / 1e9);
        }
        if (chunk instanceof CharSequence && items == null) {
            CharSequence piece = (CharSequence) chunk;
            if (text == null) {
                text = new StringBuilder();
            }
            int room = maxChars - text.length();
            if (room >= piece.length()) {
                text.append(piece); // whole: a String is copied at once, not char by char as a range is
            } else if (room > 0) {
                text.append(piece, 0, Json.safeEnd(piece, room)); // never half of a surrogate pair
            }
            streamedChars += piece.length();
        } else {
            if (items == null) {
                items = new ArrayList<>();
                if (text != null) {
                    items.add(text.toString());
                    text = null;
                }
            }
            if (items.size() < MAX_LISTED_CHUNKS) {
                items.add(chunk);
            }
        }
    }

    long chunks() {
        return chunks;
    }

    /** The chunks, when some were not text; null for a stream of text. */
    List<Object> items() {
        return items;
    }

    /** The text kept, with a marker saying how much was cut when the stream outgrew the limit. */
    String text() {
        String kept = text == null ? "" : text.toString();
        return streamedChars > kept.length()
                ? kept + String.format(Json.TRUNCATION_MARKER, kept.length(), streamedChars)
                : kept;
    }
}
