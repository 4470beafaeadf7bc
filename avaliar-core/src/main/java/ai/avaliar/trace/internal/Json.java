package ai.avaliar.trace.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.Writer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK's one JSON mapper: bounded, failure-proof serialisation of inputs and outputs.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.FAIL_ON_SELF_REFERENCES)
            .enable(SerializationFeature.WRITE_SELF_REFERENCES_AS_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .addModule(notRead())
            .build();

    static {
        MAPPER.getFactory()
                .setStreamWriteConstraints(
                        StreamWriteConstraints.builder().maxNestingDepth(200).build());
    }

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    public static final String TRUNCATION_MARKER = "…[avaliar: truncated, %d of %d chars kept]";

    private Json() {}

    /**
     * Serialises {@code value} as JSON, keeping at most {@code maxChars} characters; the rest is
     * replaced by a visible marker. Never throws: a value Jackson cannot write is recorded by its
     * type and {@code toString()}.
     */
    public static String write(Object value, int maxChars) {
        try {
            String fast = FastJson.write(value, maxChars); // simple values, without Jackson's set-up
            if (fast != null) {
                return fast;
            }
            if (consumedByReading(value)) {
                return quote(notReadText(value));
            }
            // Not simple, or too long: Jackson, through a writer that keeps only what fits.
            BoundedWriter out = new BoundedWriter(maxChars);
            MAPPER.writeValue(out, value instanceof Pairs ? ((Pairs) value).toMap() : value);
            return out.result();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            if (value instanceof Pairs) {
                // One input that will not serialise is described under its own name; the others are kept.
                return writeEach((Pairs) value, maxChars);
            }
            // A lazy collection, one modified while read, a throwing getter: never the caller's problem.
            return unserialisable(value, e, maxChars);
        }
    }

    /** The named values as a JSON object, each written on its own, so one that fails loses no other. */
    private static String writeEach(Pairs pairs, int maxChars) {
        Map<String, Object> each = new LinkedHashMap<>();
        pairs.forEach((key, value) -> each.put(key, new RawValue(write(value, maxChars))));
        try {
            BoundedWriter out = new BoundedWriter(maxChars);
            MAPPER.writeValue(out, each);
            return out.result();
        } catch (IOException e) {
            throw new IllegalStateException("a map of JSON values always serialises", e);
        }
    }

    /**
     * Values that reading would use up (see {@link #consumedByReading}), wherever they are nested
     * (an input, a map, a bean property): written as the same "not read" text, never iterated.
     */
    private static SimpleModule notRead() {
        JsonSerializer<Object> described = new JsonSerializer<>() {
            @Override
            public void serialize(Object value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(notReadText(value));
            }
        };
        SimpleModule module = new SimpleModule("avaliar-not-read");
        for (Class<?> type : List.of(
                java.util.Iterator.class,
                java.util.stream.BaseStream.class,
                java.util.Spliterator.class,
                java.util.Enumeration.class,
                java.io.InputStream.class,
                java.io.Reader.class,
                java.util.concurrent.Future.class,
                java.util.concurrent.CompletionStage.class,
                java.util.concurrent.Flow.Publisher.class)) {
            @SuppressWarnings("unchecked")
            Class<Object> raw = (Class<Object>) type;
            module.addSerializer(raw, described);
        }
        return module;
    }

    private static String notReadText(Object value) {
        return "<" + value.getClass().getName() + ": not read, reading it would consume it>";
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
            shown = value.getClass().getName() + " (toString() threw "
                    + e.getClass().getSimpleName() + ")";
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
        String line = newline < 0 ? message : message.substring(0, newline);
        int chain = line.indexOf(" (through reference chain");
        return chain < 0 ? line : line.substring(0, chain); // the chain of a deep value is kilobytes of noise
    }

    /** A JSON string literal of {@code text}, unbounded: for text the caller has bounded already. */
    public static String quote(String text) {
        return FastJson.quoted(text);
    }

    /** Parses a JSON object; an empty map when {@code json} is null or not an object. */
    public static Map<String, Object> readObject(String json) {
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
    public static Object readValue(String json) {
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
    public static List<Map<String, Object>> readList(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Where to cut {@code text} at or before {@code end} without splitting a surrogate pair: a
     * lone half would make the attribute text that no UTF-8 encoder can write.
     */
    public static int safeEnd(CharSequence text, int end) {
        return end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
    }

    /** A writer that keeps the first {@code limit} characters and counts the rest. */
    public static final class BoundedWriter extends Writer {
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
            int end = safeEnd(kept, kept.length());
            return quote(kept.substring(0, end) + String.format(TRUNCATION_MARKER, end, total));
        }
    }
}
