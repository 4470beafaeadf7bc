package ai.avaliar.detection;

import java.util.Objects;

/**
 * Where in a span's input or output an issue was found, as character offsets
 * ({@code start} inclusive, {@code end} exclusive) into the strings of the {@link DetectionText}
 * the detector was given ({@link DetectionText#input()}, {@link DetectionText#output()}). That
 * text is made from the span's values, so it can differ from the recorded
 * {@code avaliar.input} / {@code avaliar.output} attributes: it is not JSON-escaped, several
 * inputs are joined one per line, and it can be longer than an attribute cut at
 * {@code maxPayloadChars}. An offset may therefore lie beyond the end of the recorded attribute.
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
        /** The span's input, as {@link DetectionText#input()}. */
        INPUT,
        /** The span's output, as {@link DetectionText#output()}. */
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
            throw new IllegalArgumentException(
                    "a text range needs 0 <= start <= end, got [" + start + ", " + end + ")");
        }
    }
}
