package ai.avaliar.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** JSON helpers: canonical form, strict comparison with a readable diff, field paths. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private Json() {}

    /** Parses a body as JSON when it is a JSON object or array; otherwise returns null. */
    static JsonNode parseStructured(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i == body.length || (body[i] != '{' && body[i] != '[')) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isContainerNode() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static JsonNode parseStructured(String text) {
        return text == null ? null : parseStructured(text.getBytes(StandardCharsets.UTF_8));
    }

    static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy with the keys of every object sorted, so cassettes have a stable key order. */
    static JsonNode sorted(JsonNode node) {
        return sorted(node, UnaryOperator.identity());
    }

    /** {@link #sorted(JsonNode)}, with every value that is neither object nor array passed through {@code leaf}. */
    static JsonNode sorted(JsonNode node, UnaryOperator<JsonNode> leaf) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                copy.set(name, sorted(node.get(name), leaf));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sorted(element, leaf)));
            return copy;
        }
        return leaf.apply(node);
    }

    /**
     * Applies {@code action} to every value at a dotted field path ({@code metadata.user_id});
     * arrays on the way are traversed element by element.
     */
    static void forEachAtPath(JsonNode node, String path, FieldAction action) {
        String[] segments = path.split("\\.");
        visit(node, segments, 0, action);
    }

    private static void visit(JsonNode node, String[] segments, int index, FieldAction action) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> visit(element, segments, index, action));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        String name = segments[index];
        if (!object.has(name)) {
            return;
        }
        if (index == segments.length - 1) {
            action.apply(object, name);
        } else {
            visit(object.get(name), segments, index + 1, action);
        }
    }

    /** What to do with a field found at a path. */
    interface FieldAction {
        void apply(ObjectNode parent, String field);
    }

    /**
     * Strict, canonical comparison: key order is irrelevant, array order and length are not,
     * numbers compare by value. Returns one line per difference, empty when equal.
     */
    static List<String> diff(JsonNode recorded, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("$", recorded, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode recorded, JsonNode actual, List<String> out) {
        if (recorded == null || actual == null) {
            if (recorded != actual) {
                out.add(path + ": recorded " + show(recorded) + ", request has " + show(actual));
            }
            return;
        }
        if (recorded.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            recorded.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = path + "." + name;
                if (!actual.has(name)) {
                    out.add(child + ": recorded " + show(recorded.get(name)) + ", missing from request");
                } else if (!recorded.has(name)) {
                    out.add(child + ": not in recording, request has " + show(actual.get(name)));
                } else {
                    diff(child, recorded.get(name), actual.get(name), out);
                }
            }
            return;
        }
        if (recorded.isArray() && actual.isArray()) {
            int common = Math.min(recorded.size(), actual.size());
            for (int i = 0; i < common; i++) {
                diff(path + "[" + i + "]", recorded.get(i), actual.get(i), out);
            }
            for (int i = common; i < recorded.size(); i++) {
                out.add(path + "[" + i + "]: recorded " + show(recorded.get(i)) + ", missing from request");
            }
            for (int i = common; i < actual.size(); i++) {
                out.add(path + "[" + i + "]: not in recording, request has " + show(actual.get(i)));
            }
            return;
        }
        if (recorded.isNumber() && actual.isNumber()) {
            if (recorded.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(path + ": recorded " + show(recorded) + ", request has " + show(actual));
            }
            return;
        }
        if (!recorded.equals(actual)) {
            out.add(path + ": recorded " + show(recorded) + ", request has " + show(actual));
        }
    }

    static String show(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String text = compact(node);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /** Receives every string value and field name of a tree, with its path. */
    interface StringVisitor {
        void visit(String path, String value);
    }

    static void walkStrings(String path, JsonNode node, StringVisitor visitor) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            visitor.visit(path, node.textValue());
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                visitor.visit(path + "." + field.getKey() + " (field name)", field.getKey());
                walkStrings(path + "." + field.getKey(), field.getValue(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkStrings(path + "[" + i + "]", node.get(i), visitor);
            }
        }
    }
}
