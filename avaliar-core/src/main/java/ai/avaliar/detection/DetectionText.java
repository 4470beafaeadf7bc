package ai.avaliar.detection;

/**
 * The text of one span, as a {@link Detector} sees it: the input and the output. A span
 * whose single input or output is a {@code String} is seen as that string; several inputs, or a
 * map, list or object, are seen as the strings (and numbers) in them, one per line, unescaped.
 * Each is at most 1,048,576 characters; when cut, the results' reasons say so.
 * {@link TextRange} offsets index into these strings, not into the recorded attributes.
 *
 * <pre>{@code
 * DetectionText text = new DetectionText("What is Ana's email?", "ana@example.com");
 * text.of(TextRange.Field.OUTPUT); // "ana@example.com"
 * }</pre>
 *
 * @param input the span's input; empty when it had none
 * @param output the span's output; empty when it had none (and always for a prompt checked
 *     before the model is called)
 * @since 0.1.0
 */
public record DetectionText(String input, String output) {

    /**
     * Replaces a missing input or output by the empty string.
     *
     * @param input as in the record
     * @param output as in the record
     */
    public DetectionText {
        input = input == null ? "" : input;
        output = output == null ? "" : output;
    }

    /**
     * The text of one field.
     *
     * @param field input or output
     * @return that field's text
     */
    public String of(TextRange.Field field) {
        return field == TextRange.Field.INPUT ? input : output;
    }
}
