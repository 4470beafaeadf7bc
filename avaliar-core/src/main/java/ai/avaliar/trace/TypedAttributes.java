package ai.avaliar.trace;

import io.opentelemetry.api.common.AttributeKey;

/** Turns user-supplied values into typed attributes. */
final class TypedAttributes {

    /** An attribute key and its value, typed alike. */
    record Typed(AttributeKey<Object> key, Object value) {}

    private static final java.util.concurrent.ConcurrentHashMap<String, AttributeKey<?>[]> KEYS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private TypedAttributes() {}

    /** The string, long, double and boolean keys of a name, made once: keys repeat on every span. */
    private static AttributeKey<?>[] keys(String name) {
        AttributeKey<?>[] keys = KEYS.get(name);
        if (keys == null) {
            keys = new AttributeKey<?>[] {
                AttributeKey.stringKey(name), AttributeKey.longKey(name), AttributeKey.doubleKey(name), AttributeKey.booleanKey(name)
            };
            if (KEYS.size() < 10_000) { // user-chosen names: bounded
                KEYS.put(name, keys);
            }
        }
        return keys;
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
        AttributeKey<?>[] keys = keys(key);
        AttributeKey<?> attributeKey;
        Object typed;
        if (value instanceof String) {
            String s = (String) value;
            attributeKey = keys[0];
            typed = s.length() > maxChars ? Json.write(s, maxChars) : s;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            attributeKey = keys[1];
            typed = ((Number) value).longValue();
        } else if (value instanceof Float) {
            // 0.7f is the decimal 0.7 to its writer, not 0.699999988079071.
            attributeKey = keys[2];
            typed = Double.parseDouble(value.toString());
        } else if (value instanceof Double) {
            attributeKey = keys[2];
            typed = value;
        } else if (value instanceof Boolean) {
            attributeKey = keys[3];
            typed = value;
        } else {
            attributeKey = keys[0];
            typed = Json.write(value, maxChars);
        }
        return new Typed((AttributeKey<Object>) attributeKey, typed);
    }
}
