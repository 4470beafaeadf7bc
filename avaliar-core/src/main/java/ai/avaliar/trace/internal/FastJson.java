package ai.avaliar.trace.internal;

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
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private FastJson() {}

    /** Beyond this many characters the fast path gives up, so a huge value is never built whole. */
    public static final int MAX_CHARS = 64 * 1024;

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
    public static String singleTextPair(Pairs pairs) {
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

    /** Whether {@code s} is written between quotes as it is, by this class and by Jackson alike. */
    public static boolean needsNoEscape(String s) {
        return firstEscape(s) < 0;
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
        int first = firstEscape(s);
        if (first < 0) {
            // append(String) copies the array at once; append(s, start, end) goes char by char.
            out.append(s).append('"');
            return;
        }
        out.append(s, 0, first);
        int start = first;
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, start, s.length()).append('"');
    }
}
