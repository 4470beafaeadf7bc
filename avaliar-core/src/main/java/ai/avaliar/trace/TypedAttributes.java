package ai.avaliar.trace;

import io.opentelemetry.api.common.AttributeKey;

/** Turns user-supplied values into typed attributes. */
final class TypedAttributes {

    /** An attribute key and its value, typed alike. */
    record Typed(AttributeKey<Object> key, Object value) {}

    private TypedAttributes() {}

    /**
     * Strings, whole numbers, decimals and booleans keep their type; anything else becomes JSON.
     * Null when the value is null.
     */
    @SuppressWarnings("unchecked")
    static Typed of(String key, Object value, int maxChars) {
        if (value == null) {
            return null;
        }
        AttributeKey<?> attributeKey;
        Object typed;
        if (value instanceof String) {
            String s = (String) value;
            attributeKey = AttributeKey.stringKey(key);
            typed = s.length() > maxChars ? Json.write(s, maxChars) : s;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            attributeKey = AttributeKey.longKey(key);
            typed = ((Number) value).longValue();
        } else if (value instanceof Double || value instanceof Float) {
            attributeKey = AttributeKey.doubleKey(key);
            typed = ((Number) value).doubleValue();
        } else if (value instanceof Boolean) {
            attributeKey = AttributeKey.booleanKey(key);
            typed = value;
        } else {
            attributeKey = AttributeKey.stringKey(key);
            typed = Json.write(value, maxChars);
        }
        return new Typed((AttributeKey<Object>) attributeKey, typed);
    }
}
