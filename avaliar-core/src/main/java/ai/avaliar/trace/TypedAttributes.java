package ai.avaliar.trace;

import ai.avaliar.trace.internal.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import java.util.concurrent.ConcurrentHashMap;

/** Turns user-supplied values into typed attributes. */
final class TypedAttributes {

    /** An attribute key and its value, typed alike. */
    record Typed(AttributeKey<Object> key, Object value) {}

    private static final int MAX_CACHED_NAMES = 10_000; // user-chosen names: bounded

    private static final ConcurrentHashMap<String, AttributeKey<?>[]> KEYS = new ConcurrentHashMap<>();
    /** By the part after the prefix, so that a span's keys cost no string concatenation. */
    private static final ConcurrentHashMap<String, AttributeKey<?>[]> METADATA_KEYS = new ConcurrentHashMap<>();

    private static final ConcurrentHashMap<String, AttributeKey<?>[]> GENERATION_INFO_KEYS = new ConcurrentHashMap<>();

    private static final int STRING = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int BOOLEAN = 3;

    private TypedAttributes() {}

    /** The string, long, double and boolean keys of a name, made once: keys repeat on every span. */
    private static AttributeKey<?>[] keys(String name) {
        AttributeKey<?>[] keys = KEYS.get(name);
        if (keys == null) {
            keys = newKeys(name);
            if (KEYS.size() < MAX_CACHED_NAMES) {
                KEYS.put(name, keys);
            }
        }
        return keys;
    }

    /** The keys of {@code prefix + suffix}, looked up by {@code suffix} in the prefix's own cache. */
    private static AttributeKey<?>[] keys(
            ConcurrentHashMap<String, AttributeKey<?>[]> cache, String prefix, String suffix) {
        AttributeKey<?>[] keys = cache.get(suffix);
        if (keys == null) {
            keys = newKeys(prefix + suffix);
            if (cache.size() < MAX_CACHED_NAMES) {
                cache.put(suffix, keys);
            }
        }
        return keys;
    }

    private static AttributeKey<?>[] newKeys(String name) {
        return new AttributeKey<?>[] {
            AttributeKey.stringKey(name),
            AttributeKey.longKey(name),
            AttributeKey.doubleKey(name),
            AttributeKey.booleanKey(name)
        };
    }

    /**
     * Strings, whole numbers, decimals and booleans keep their type; anything else becomes JSON.
     * Null when the value is null.
     */
    @SuppressWarnings("unchecked")
    static Typed of(String key, Object value, int maxChars) {
        if (value == null) {
            return null;
        }
        return new Typed((AttributeKey<Object>) keys(key)[kind(value)], typedValue(value, maxChars));
    }

    /** {@code avaliar.metadata.<key>} as {@link #of} types it; null when the value is null. */
    @SuppressWarnings("unchecked")
    static Typed metadata(String key, Object value, int maxChars) {
        if (value == null) {
            return null;
        }
        AttributeKey<?>[] keys = keys(METADATA_KEYS, AvaliarAttributes.METADATA_PREFIX, key);
        return new Typed((AttributeKey<Object>) keys[kind(value)], typedValue(value, maxChars));
    }

    /** Sets {@code avaliar.metadata.<key>} on the builder, as {@link #of} types it; nothing for null. */
    static void setMetadata(SpanBuilder builder, String key, Object value, int maxChars) {
        if (value != null) {
            set(builder, keys(METADATA_KEYS, AvaliarAttributes.METADATA_PREFIX, key), value, maxChars);
        }
    }

    /** Sets {@code avaliar.generation_info.<key>} on the builder, as {@link #of} types it; nothing for null. */
    static void setGenerationInfo(SpanBuilder builder, String key, Object value, int maxChars) {
        if (value != null) {
            set(builder, keys(GENERATION_INFO_KEYS, AvaliarAttributes.GENERATION_INFO_PREFIX, key), value, maxChars);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(SpanBuilder builder, AttributeKey<?>[] keys, Object value, int maxChars) {
        builder.setAttribute((AttributeKey<Object>) keys[kind(value)], typedValue(value, maxChars));
    }

    /** Which of a name's keys a non-null value goes under. */
    private static int kind(Object value) {
        if (value instanceof String) {
            return STRING;
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            return LONG;
        } else if (value instanceof Double || value instanceof Float) {
            return DOUBLE;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        }
        return STRING; // as JSON
    }

    /** A non-null value as its attribute holds it. */
    private static Object typedValue(Object value, int maxChars) {
        if (value instanceof String) {
            String s = (String) value;
            return s.length() > maxChars ? Json.write(s, maxChars) : s;
        } else if (value instanceof Long) {
            return value;
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        } else if (value instanceof Float) {
            // 0.7f is the decimal 0.7 to its writer, not 0.699999988079071.
            return Double.parseDouble(value.toString());
        } else if (value instanceof Double || value instanceof Boolean) {
            return value;
        }
        return Json.write(value, maxChars);
    }
}
