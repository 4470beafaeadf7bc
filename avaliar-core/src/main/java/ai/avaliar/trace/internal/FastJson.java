package ai.avaliar.trace.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Collection;
import java.util.Map;

/**
 * JSON for the values traced calls mostly record (strings, numbers, booleans, and maps and
 * lists of them) without Jackson's per-call set-up; anything else is left to Jackson.
 * Writes what Jackson writes for the same values.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class FastJson {

    private static final int MAX_DEPTH = 4;

    private FastJson() {}

    /** Beyond this many characters the fast path gives up, so a huge value is never built whole. */
    public static final int MAX_CHARS = 64 * 1024;

    /**
     * {@code value} as JSON when this class can write it in at most {@code maxChars} characters;
     * null when it needs Jackson or is longer. A string, and a single input of text, are made in
     * one allocation: they are the commonest inputs and outputs.
     */
    public static String write(Object value, int maxChars) {
        if (value instanceof String && ((String) value).length() <= MAX_CHARS) {
            String json = quoted((String) value);
            return json.length() <= maxChars ? json : null;
        }
        if (value instanceof Pairs) {
            String json = singleTextPair((Pairs) value);
            if (json != null) {
                return json.length() <= maxChars ? json : null;
            }
        }
        StringBuilder out = new StringBuilder(64);
        return append(value, out, 0) && out.length() <= maxChars ? out.toString() : null;
    }

    /**
     * Appends {@code value} as JSON; false (with {@code out} in any state) when it needs Jackson
     * or is longer than {@link #MAX_CHARS}.
     */
    public static boolean append(Object value, StringBuilder out, int depth) {
        if (out.length() > MAX_CHARS) {
            return false;
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            if (((String) value).length() > MAX_CHARS) {
                return false;
            }
            string((String) value, out);
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return false;
            }
            if (value instanceof Float) {
                out.append((float) d);
            } else {
                out.append(d);
            }
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (depth >= MAX_DEPTH) {
            return false;
        } else if (value instanceof Pairs) {
            return pairs((Pairs) value, out, depth);
        } else if (value instanceof Map<?, ?>) {
            return map((Map<?, ?>) value, out, depth);
        } else if (value instanceof Collection<?>) {
            return collection((Collection<?>) value, out, depth);
        } else {
            return false;
        }
        return true;
    }

    private static boolean map(Map<?, ?> map, StringBuilder out, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                return false;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string((String) entry.getKey(), out);
            out.append(':');
            if (entry.getValue() == map || !append(entry.getValue(), out, depth + 1)) {
                return false;
            }
        }
        out.append('}');
        return true;
    }

    private static boolean pairs(Pairs pairs, StringBuilder out, int depth) {
        out.append('{');
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(pairs.key(i), out);
            out.append(':');
            if (!append(pairs.value(i), out, depth + 1)) {
                return false;
            }
        }
        out.append('}');
        return true;
    }

    private static boolean collection(Collection<?> items, StringBuilder out, int depth) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (item == items || !append(item, out, depth + 1)) {
                return false;
            }
        }
        out.append(']');
        return true;
    }

    /** The index of the first character {@code s} must escape, or -1: most strings need none. */
    private static int firstEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The JSON object of a single pair whose value is text, when neither needs escaping, made in
     * one allocation; null otherwise. What {@link #append} writes for it.
     */
    static String singleTextPair(Pairs pairs) {
        if (pairs.size() != 1 || !(pairs.value(0) instanceof String)) {
            return null;
        }
        String key = pairs.key(0);
        String value = (String) pairs.value(0);
        if (value.length() > MAX_CHARS - key.length() || firstEscape(key) >= 0 || firstEscape(value) >= 0) {
            return null;
        }
        return "{\"" + key + "\":\"" + value + "\"}";
    }

    /** {@code s} as a JSON string literal, made in one allocation when nothing needs escaping. */
    public static String quoted(String s) {
        if (firstEscape(s) < 0) {
            return '"' + s + '"'; // one exact allocation
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        string(s, out);
        return out.toString();
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        if (firstEscape(s) < 0) {
            out.append(s); // append(String) copies the array at once; append(s, start, end) goes char by char
        } else {
            JsonStringEncoder.getInstance().quoteAsString(s, out); // Jackson's own escaping, as its generator's
        }
        out.append('"');
    }
}
