package ai.avaliar.detection;

import java.util.Objects;

/**
 * Where in a span's input or output an issue was found, as character offsets
 * ({@code start} inclusive, {@code end} exclusive) into the recorded text.
 *
 * <pre>{@code
 * new TextRange(TextRange.Field.OUTPUT, 12, 29)
 * }</pre>
 *
 * @param field which text the offsets point into
 * @param start first character, inclusive
 * @param end last character, exclusive
 * @since 0.1.0
 */
public record TextRange(Field field, int start, int end) {

    /** The text an offset points into. */
    public enum Field {
        /** The span's recorded input. */
        INPUT,
        /** The span's recorded output. */
        OUTPUT
    }

    /**
     * Checks the offsets.
     *
     * @param field as in the record
     * @param start as in the record
     * @param end as in the record
     */
    public TextRange {
        Objects.requireNonNull(field, "field");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("a text range needs 0 <= start <= end, got [" + start + ", " + end + ")");
        }
    }
}
