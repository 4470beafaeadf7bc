package ai.avaliar.detection.internal;

import ai.avaliar.detection.DetectionText;
import ai.avaliar.trace.internal.Json;
import ai.avaliar.trace.internal.Pairs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text detectors see of a span: its input and output as their own strings (not the recorded
 * JSON, which is cut and escaped), one per line, bounded in characters, depth and nodes, and a note
 * for the results when what they saw was cut.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class DetectionTexts {

    /** Longest text a detector is given; the rest of a longer text is not screened, and the result says so. */
    public static final int MAX_TEXT_CHARS = 1 << 20;

    /** Deepest nesting of maps, lists and arrays walked for the strings of a span's inputs. */
    public static final int MAX_DEPTH = 32;

    /** The text a detector sees for a single string input or output: itself, up to {@link #MAX_TEXT_CHARS}. */
    public static String text(CharSequence value) {
        return value.length() <= MAX_TEXT_CHARS
                ? value.toString()
                : value.subSequence(0, MAX_TEXT_CHARS).toString();
    }

    /**
     * The input text of a span, from the values themselves (not the recorded JSON, which is cut at
     * {@code maxPayloadChars} and escaped): a single string input as itself; otherwise the strings
     * (and numbers) found in the inputs, walking maps, lists, arrays and objects, one per line, up
     * to {@link #MAX_TEXT_CHARS}. Runs on the caller's thread when the span starts; bounded.
     */
    public static String inputText(Pairs inputs, String recordedJson) {
        if (inputs == null || inputs.size() == 0) {
            return "";
        }
        if (inputs.size() == 1 && inputs.value(0) instanceof CharSequence) {
            return text((CharSequence) inputs.value(0));
        }
        try {
            Leaves leaves = new Leaves();
            for (int i = 0; i < inputs.size() && !leaves.full(); i++) {
                leaves.walk(inputs.value(i), 0);
            }
            return leaves.toString();
        } catch (RuntimeException | StackOverflowError e) {
            return recordedJson == null ? "" : recordedJson;
        }
    }

    /**
     * The output text of a span, as {@link #inputText} makes the input's: a string as itself,
     * anything else as the strings found in it, one per line, up to {@link #MAX_TEXT_CHARS}.
     */
    public static String outputText(Object output, String recordedJson) {
        if (output == null) {
            return "";
        }
        if (output instanceof CharSequence) {
            return text((CharSequence) output);
        }
        try {
            Leaves leaves = new Leaves();
            leaves.walk(output, 0);
            return leaves.toString();
        } catch (RuntimeException | StackOverflowError e) {
            return recordedJson == null ? "" : recordedJson;
        }
    }

    /** The string and number leaves of a value, one per line; bounded in characters, depth and nodes. */
    private static final class Leaves {
        private static final int MAX_NODES = 100_000;
        private final StringBuilder text = new StringBuilder();
        private int nodes;

        boolean full() {
            return text.length() >= MAX_TEXT_CHARS || nodes >= MAX_NODES;
        }

        void walk(Object value, int depth) {
            if (value == null || full() || depth > MAX_DEPTH) {
                return;
            }
            nodes++;
            if (value instanceof CharSequence || value instanceof Number || value instanceof Character) {
                add(value instanceof CharSequence ? (CharSequence) value : value.toString());
            } else if (value instanceof Boolean || value instanceof Enum<?>) {
                return; // no text a detector looks for
            } else if (value instanceof Map<?, ?>) {
                for (Object item : ((Map<?, ?>) value).values()) {
                    if (full()) {
                        return;
                    }
                    walk(item, depth + 1);
                }
            } else if (value instanceof Iterable<?>) {
                for (Object item : (Iterable<?>) value) {
                    if (full()) {
                        return;
                    }
                    walk(item, depth + 1);
                }
            } else if (value instanceof Object[]) {
                for (Object item : (Object[]) value) {
                    if (full()) {
                        return;
                    }
                    walk(item, depth + 1);
                }
            } else if (value instanceof com.fasterxml.jackson.databind.JsonNode) {
                walkJson((com.fasterxml.jackson.databind.JsonNode) value, depth);
            } else if (value instanceof Optional<?>) {
                walk(((Optional<?>) value).orElse(null), depth + 1);
            } else if (value.getClass().isArray()) {
                return; // primitive arrays: numbers or bytes, not text
            } else {
                // An object: the strings Jackson would record for it.
                walkJson(Json.MAPPER.valueToTree(value), depth);
            }
        }

        private void walkJson(com.fasterxml.jackson.databind.JsonNode node, int depth) {
            if (node == null || full() || depth > MAX_DEPTH) {
                return;
            }
            nodes++;
            if (node.isTextual() || node.isNumber()) {
                add(node.asText());
            } else if (node.isContainerNode()) {
                for (com.fasterxml.jackson.databind.JsonNode item : node) {
                    if (full()) {
                        return;
                    }
                    walkJson(item, depth + 1);
                }
            }
        }

        private void add(CharSequence value) {
            if (text.length() > 0) {
                text.append('\n');
            }
            int room = MAX_TEXT_CHARS - text.length();
            text.append(value, 0, Math.min(room, value.length()));
        }

        @Override
        public String toString() {
            return text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text.toString();
        }
    }

    /** A note for the results when the text detectors saw was cut; null when it was whole. */
    public static String cutNote(DetectionText text) {
        List<String> cut = new ArrayList<>();
        if (isCut(text.input())) {
            cut.add("input");
        }
        if (isCut(text.output())) {
            cut.add("output");
        }
        return cut.isEmpty()
                ? null
                : "note: the " + String.join(" and the ", cut) + " checked " + (cut.size() == 1 ? "was" : "were")
                        + " cut (at most " + MAX_TEXT_CHARS
                        + " characters each, or the recorded JSON's maxPayloadChars);"
                        + " the rest was not checked";
    }

    private static boolean isCut(String text) {
        return text.length() >= MAX_TEXT_CHARS || text.contains(TRUNCATED);
    }

    /** The start of {@link Json#TRUNCATION_MARKER}, which ends a recorded JSON that was cut. */
    private static final String TRUNCATED = Json.TRUNCATION_MARKER.substring(0, Json.TRUNCATION_MARKER.indexOf('%'));

    private DetectionTexts() {}
}
