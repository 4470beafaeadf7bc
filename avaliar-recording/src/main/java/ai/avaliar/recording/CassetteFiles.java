package ai.avaliar.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Reads and writes cassettes: our JSON format, and VCR.py YAML files (read only). */
final class CassetteFiles {

    static final int FORMAT = 1;

    private CassetteFiles() {}

    static boolean isVcr(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    static Cassette read(Path file) {
        if (isVcr(file)) {
            return VcrCassettes.read(file);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read cassette " + file, e);
        }
        return fromTree(file, root);
    }

    static CassetteFormatException malformed(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String position = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String problem = e.getOriginalMessage().startsWith("Unexpected end-of-input")
                ? "the file ends before its JSON does, so it was probably cut short (an interrupted"
                        + " write, a partial checkout, a merge); "
                        + e.getOriginalMessage()
                : e.getOriginalMessage();
        return new CassetteFormatException("Malformed cassette " + file + position + ": " + problem + ". " + FIX, e);
    }

    private static final String FIX =
            "Fix the file, or delete it and record it again with -Davaliar.recording.mode=RECORD.";

    private static final String FIX_BODY =
            "Record it again with -Davaliar.recording.mode=RECORD, or mend that body by hand"
                    + " (bodyBase64 is standard base64 without line breaks; bodies are kept decoded, without"
                    + " content-encoding; an event stream ends with a blank line).";

    /**
     * The error for a response body that cannot be replayed as recorded: the cassette, the
     * interaction, the line, what is wrong and the fix.
     *
     * @param bodyPointer where the body lies in the interaction, as a JSON pointer
     */
    static CassetteFormatException unreadable(
            Path file,
            JsonFactory format,
            int index,
            RecordedRequest request,
            String bodyPointer,
            Bodies.Unreadable problem,
            String fix) {
        int line = lineOf(file, format, "/interactions/" + index + bodyPointer);
        return new CassetteFormatException(
                "Cassette "
                        + file
                        + ": the response body of interactions["
                        + index
                        + "]"
                        + (request == null ? "" : " (" + request.describe() + ")")
                        + (line > 0 ? " at line " + line : "")
                        + " "
                        + problem.getMessage()
                        + ". "
                        + fix,
                problem);
    }

    /** The line of the field at a JSON pointer ({@code /interactions/0/response/body}), or 0. */
    static int lineOf(Path file, JsonFactory format, String pointer) {
        return spot(file, format, pointer).line();
    }

    /** A field of a cassette file, as a JSON pointer, and the line it starts on. */
    record Spot(String pointer, int line) {}

    /**
     * The field at {@code pointer}; with a null pointer, the last field read before the file
     * stops parsing (the pointer is then where the trouble is). An empty spot when neither is
     * found.
     */
    static Spot spot(Path file, JsonFactory format, String pointer) {
        Spot last = new Spot("", 0);
        try (JsonParser parser = format.createParser(file.toFile())) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    last = new Spot(
                            parser.getParsingContext().pathAsPointer().toString(),
                            parser.currentTokenLocation().getLineNr());
                    if (last.pointer().equals(pointer)) {
                        return last;
                    }
                }
            }
        } catch (IOException e) {
            return pointer == null ? last : new Spot("", 0);
        }
        return new Spot("", 0);
    }

    private static Cassette fromTree(Path file, JsonNode root) {
        Reader r = new Reader(file);
        r.object("$", root);
        checkFormat(file, root.get("avaliarCassette"));
        ObjectNode metadata =
                root.has("metadata") ? r.object("$.metadata", root.get("metadata")) : Json.MAPPER.createObjectNode();
        JsonNode list = root.get("interactions");
        if (list == null || !list.isArray()) {
            throw r.fail("$.interactions", "expected an array of interactions");
        }
        List<Interaction> interactions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "$.interactions[" + i + "]";
            JsonNode item = r.object(at, list.get(i));
            JsonNode req = r.object(at + ".request", item.get("request"));
            JsonNode res = r.object(at + ".response", item.get("response"));
            RecordedRequest request = new RecordedRequest(
                    r.text(at + ".request.upstream", req.get("upstream")),
                    r.text(at + ".request.method", req.get("method")).toUpperCase(Locale.ROOT),
                    r.text(at + ".request.path", req.get("path")),
                    req.has("query") ? r.text(at + ".request.query", req.get("query")) : "",
                    r.headers(at + ".request.headers", req.get("headers")),
                    req.get("body"),
                    req.has("bodyText") ? r.text(at + ".request.bodyText", req.get("bodyText")) : null);
            JsonNode status = res.get("status");
            if (status == null || !status.canConvertToInt()) {
                throw r.fail(at + ".response.status", "expected an HTTP status code");
            }
            List<SseEvent> events = null;
            if (res.has("events")) {
                events = new ArrayList<>();
                JsonNode eventList = res.get("events");
                if (!eventList.isArray()) {
                    throw r.fail(at + ".response.events", "expected an array of events");
                }
                for (int e = 0; e < eventList.size(); e++) {
                    String eat = at + ".response.events[" + e + "]";
                    JsonNode ev = r.object(eat, eventList.get(e));
                    JsonNode data = ev.get("data");
                    events.add(new SseEvent(
                            ev.has("event") ? r.text(eat + ".event", ev.get("event")) : null,
                            ev.has("id") ? r.text(eat + ".id", ev.get("id")) : null,
                            ev.has("retry") ? ev.get("retry").asLong() : null,
                            data != null && data.isContainerNode() ? data : null,
                            data != null && data.isTextual() ? data.textValue() : (data == null ? "" : null),
                            ev.has("elapsedMs") ? r.millis(eat + ".elapsedMs", ev.get("elapsedMs")) : null));
                }
            }
            Map<String, List<String>> headers = r.headers(at + ".response.headers", res.get("headers"));
            String bodyBase64 =
                    res.has("bodyBase64") ? r.text(at + ".response.bodyBase64", res.get("bodyBase64")) : null;
            RecordedResponse response;
            try {
                response = Bodies.whole(
                        bodyBase64 != null
                                // decoded once here, so a damaged body fails now, and a compressed one is
                                // kept decoded as a recorded one is
                                ? Bodies.response(status.asInt(), headers, Bodies.base64(bodyBase64))
                                : new RecordedResponse(
                                        status.asInt(),
                                        headers,
                                        res.get("body"),
                                        events,
                                        res.has("bodyText")
                                                ? r.text(at + ".response.bodyText", res.get("bodyText"))
                                                : null,
                                        null));
            } catch (Bodies.Unreadable e) {
                String field = bodyBase64 != null
                        ? "bodyBase64"
                        : res.has("bodyText") ? "bodyText" : res.has("events") ? "events" : "body";
                throw unreadable(file, Json.MAPPER.getFactory(), i, request, "/response/" + field, e, FIX_BODY);
            }
            checkDigest(file, at, item.get("responseDigest"), res, request);
            interactions.add(new Interaction(
                    request,
                    response,
                    item.path("recordedAt").asText(null),
                    item.path("client").asText(null),
                    item.path("requestHash").asText(null)));
        }
        return new Cassette(metadata, interactions);
    }

    /**
     * Refuses a cassette of another format version. A cassette without the field is one written by
     * hand, read as the current format.
     */
    private static void checkFormat(Path file, JsonNode version) {
        if (version == null) {
            return;
        }
        if (!version.canConvertToInt() || version.asInt() < 1) {
            throw new CassetteFormatException(
                    "Malformed cassette " + file + " at $.avaliarCassette: expected the format version " + FORMAT
                            + ", found " + version + ". " + FIX,
                    null);
        }
        if (version.asInt() != FORMAT) {
            throw new CassetteFormatException(
                    "Cassette " + file + " is in format " + version.asInt() + ", and this version of"
                            + " avaliar-recording reads format " + FORMAT + " only. "
                            + (version.asInt() > FORMAT
                                    ? "It was written by a newer avaliar-recording: upgrade ai.avaliar:avaliar-recording,"
                                            + " or record it again with -Davaliar.recording.mode=RECORD."
                                    : "Record it again with -Davaliar.recording.mode=RECORD."),
                    null);
        }
    }

    /**
     * The digest sealing a recorded response: a SHA-256 of its canonical JSON (keys sorted,
     * numbers by value), so reformatting the file leaves it valid and editing a value does not.
     */
    static String responseDigest(JsonNode response) {
        return Matching.sha256(Json.compact(Json.sorted(response, Matching::canonicalNumber)));
    }

    /** Refuses a recorded response edited after it was written, unless its digest was removed too. */
    private static void checkDigest(Path file, String at, JsonNode digest, JsonNode response, RecordedRequest request) {
        if (digest == null) {
            return;
        }
        if (!digest.isTextual() || !digest.textValue().equals(responseDigest(response))) {
            throw new CassetteFormatException(
                    "Cassette " + file + ": the response of " + at.substring(2) + " (" + request.method() + " "
                            + request.path() + ") was changed after it was recorded; it no longer matches its"
                            + " responseDigest. Record it again with -Davaliar.recording.mode=RECORD, or, if you"
                            + " edited it on purpose, delete the \"responseDigest\" field of that interaction.",
                    null);
        }
    }

    /** Validates the shape of a parsed cassette, naming the file and the JSON path on failure. */
    private static final class Reader {
        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        ObjectNode object(String at, JsonNode node) {
            if (node == null || !node.isObject()) {
                throw fail(at, "expected an object");
            }
            return (ObjectNode) node;
        }

        String text(String at, JsonNode node) {
            if (node == null || !node.isTextual()) {
                throw fail(at, "expected a string");
            }
            return node.textValue();
        }

        long millis(String at, JsonNode node) {
            if (!node.canConvertToLong() || node.asLong() < 0) {
                throw fail(at, "expected milliseconds, a whole number of 0 or more");
            }
            return node.asLong();
        }

        Map<String, List<String>> headers(String at, JsonNode node) {
            TreeMap<String, List<String>> headers = Headers.of();
            if (node == null || node.isNull()) {
                return headers;
            }
            object(at, node);
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode values = field.getValue();
                if (values.isArray()) {
                    values.forEach(v -> Headers.add(headers, field.getKey(), v.asText()));
                } else {
                    Headers.add(headers, field.getKey(), values.asText());
                }
            }
            return headers;
        }

        CassetteFormatException fail(String at, String problem) {
            return new CassetteFormatException(
                    "Malformed cassette " + file + " at " + at + ": " + problem + ". " + FIX, null);
        }
    }

    /** The cassette as pretty-printed JSON with a fixed key order. */
    static String toJson(Cassette cassette) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("avaliarCassette", FORMAT);
        root.set("metadata", cassette.metadata());
        ArrayNode list = root.putArray("interactions");
        for (Interaction interaction : cassette.interactions()) {
            ObjectNode item = list.addObject();
            if (interaction.recordedAt() != null) {
                item.put("recordedAt", interaction.recordedAt());
            }
            if (interaction.client() != null) {
                item.put("client", interaction.client());
            }
            if (interaction.requestHash() != null) {
                item.put("requestHash", interaction.requestHash());
            }
            ObjectNode response = response(interaction.response());
            item.put("responseDigest", responseDigest(response));
            RecordedRequest req = interaction.request();
            ObjectNode request = item.putObject("request");
            request.put("upstream", req.upstream());
            request.put("method", req.method());
            request.put("path", req.path());
            request.put("query", req.query());
            request.set("headers", headers(req.headers()));
            if (req.body() != null) {
                request.set("body", Json.sorted(req.body()));
            } else if (req.bodyText() != null) {
                request.put("bodyText", req.bodyText());
            }
            item.set("response", response);
        }
        return Json.pretty(root);
    }

    private static ObjectNode response(RecordedResponse res) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("status", res.status());
        response.set("headers", headers(res.headers()));
        if (res.events() != null) {
            ArrayNode events = response.putArray("events");
            for (SseEvent e : res.events()) {
                ObjectNode event = events.addObject();
                if (e.event() != null) {
                    event.put("event", e.event());
                }
                if (e.id() != null) {
                    event.put("id", e.id());
                }
                if (e.retry() != null) {
                    event.put("retry", e.retry());
                }
                if (e.data() != null) {
                    event.set("data", e.data());
                } else {
                    event.put("data", e.text());
                }
                if (e.elapsedMs() != null) {
                    event.put("elapsedMs", e.elapsedMs());
                }
            }
        } else if (res.body() != null) {
            // in the order it was received: writing it compactly gives back the recorded bytes
            response.set("body", res.body());
        } else if (res.bodyText() != null) {
            response.put("bodyText", res.bodyText());
        } else if (res.bodyBase64() != null) {
            response.put("bodyBase64", res.bodyBase64());
        }
        return response;
    }

    private static ObjectNode headers(Map<String, List<String>> headers) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(headers).forEach((name, values) -> {
            ArrayNode list = node.putArray(name);
            values.forEach(list::add);
        });
        return node;
    }

    /**
     * Writes atomically, creating parent directories: to a temporary file in the same directory,
     * then moved over the cassette in one step, so a reader never sees half a cassette and a
     * failed write leaves the previous one (and no temporary file) behind.
     */
    static void write(Path file, String json) {
        Path temp = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            temp = parent.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write cassette " + file, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the write's own outcome is what matters; a stray temporary file is only untidy
        }
    }
}
