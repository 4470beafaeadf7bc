package ai.avaliar.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SDK's one JSON mapper: bounded, failure-proof serialisation of inputs and outputs. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.FAIL_ON_SELF_REFERENCES)
            .enable(SerializationFeature.WRITE_SELF_REFERENCES_AS_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamWriteConstraints(
                        StreamWriteConstraints.builder().maxNestingDepth(200).build());
    }

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    static final String TRUNCATION_MARKER = "…[avaliar: truncated, %d of %d chars kept]";

    private Json() {}

    /**
     * Serialises {@code value} as JSON, keeping at most {@code maxChars} characters; the rest is
     * replaced by a visible marker. Never throws: a value Jackson cannot write is recorded by its
     * type and {@code toString()}.
     */
    static String write(Object value, int maxChars) {
        if (value instanceof String && ((String) value).length() <= FastJson.MAX_CHARS) {
            // The commonest input and output: what the fast path below writes, in one allocation.
            String json = FastJson.quoted((String) value);
            if (json.length() <= maxChars) {
                return json;
            }
        }
        if (value instanceof Pairs) {
            String json = FastJson.singleTextPair((Pairs) value); // one input of text: the commonest
            if (json != null && json.length() <= maxChars) {
                return json;
            }
        }
        if (consumedByReading(value)) {
            return quote("<" + value.getClass().getName() + ": not read, reading it would consume it>");
        }
        try {
            StringBuilder fast = new StringBuilder(64);
            if (FastJson.append(value, fast, 0) && fast.length() <= maxChars) {
                return fast.toString();
            }
            // Not simple, or too long: Jackson, through a writer that keeps only what fits.
            BoundedWriter out = new BoundedWriter(maxChars);
            MAPPER.writeValue(out, value instanceof Pairs ? ((Pairs) value).toMap() : value);
            return out.result();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // A lazy collection, one modified while read, a throwing getter: never the caller's problem.
            return unserialisable(value, e, maxChars);
        }
    }

    /**
     * Values whose serialisation would use them up for the caller: iterators, streams, readers,
     * and futures and publishers (which Jackson would block on or subscribe to).
     */
    private static boolean consumedByReading(Object value) {
        return value instanceof java.util.Iterator
                || value instanceof java.util.stream.BaseStream
                || value instanceof java.util.Spliterator
                || value instanceof java.util.Enumeration
                || value instanceof java.io.InputStream
                || value instanceof java.io.Reader
                || value instanceof java.util.concurrent.Future
                || value instanceof java.util.concurrent.CompletionStage
                || value instanceof java.util.concurrent.Flow.Publisher;
    }

    private static String unserialisable(Object value, Throwable cause, int maxChars) {
        String shown;
        try {
            shown = String.valueOf(value);
        } catch (RuntimeException | StackOverflowError e) {
            shown = value.getClass().getName() + " (toString() threw " + e.getClass().getSimpleName() + ")";
        }
        Map<String, String> described = new LinkedHashMap<>();
        described.put("unserialisable", value.getClass().getName());
        described.put("reason", firstLine(cause));
        described.put("toString", shown);
        try {
            BoundedWriter out = new BoundedWriter(maxChars);
            MAPPER.writeValue(out, described);
            return out.result();
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A JSON string literal of {@code text}, unbounded: for text the caller has bounded already. */
    static String quote(String text) {
        if (FastJson.needsNoEscape(text)) {
            return '"' + text + '"'; // what Jackson writes for it, without Jackson's set-up
        }
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    /** Parses a JSON object; an empty map when {@code json} is null or not an object. */
    static Map<String, Object> readObject(String json) {
        if (json == null || json.isEmpty()) {
            return Collections.emptyMap();
        }
        try {
            return Collections.unmodifiableMap(MAPPER.readValue(json, MAP));
        } catch (IOException e) {
            return Collections.emptyMap();
        }
    }

    /** Parses any JSON value; the text itself when it is not JSON (a truncated value, say). */
    static Object readValue(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (IOException e) {
            return json;
        }
    }

    /** Parses a JSON array of objects; empty when absent or malformed. */
    static List<Map<String, Object>> readList(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A writer that keeps the first {@code limit} characters and counts the rest. */
    static final class BoundedWriter extends Writer {
        private final StringBuilder kept = new StringBuilder();
        private final int limit;
        private long total;

        BoundedWriter(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            int room = limit - kept.length();
            if (room > 0) {
                kept.append(buffer, offset, Math.min(room, length));
            }
            total += length;
        }

        @Override
        public void write(String text, int offset, int length) {
            int room = limit - kept.length();
            if (room > 0) {
                kept.append(text, offset, offset + Math.min(room, length));
            }
            total += length;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        /**
         * The JSON written, or, when it was longer than the limit, a JSON string holding its
         * first characters and the marker: the attribute stays valid JSON either way.
         */
        String result() {
            if (total <= limit) {
                return kept.toString();
            }
            return quote(kept + String.format(TRUNCATION_MARKER, kept.length(), total));
        }
    }
}
