package ai.avaliar.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports VCR.py cassettes (YAML, as written by pytest-recording, including pydantic-ai's
 * {@code parsed_body} form) so recordings from a Python code base replay in Java tests.
 *
 * <p>A {@code .yaml} or {@code .yml} cassette can also be named directly in
 * {@link AvaliarRecording#cassette()}; it is then replayed as it is.
 *
 * <pre>{@code
 * VcrCassettes.convert(
 *     Path.of("../python/tests/cassettes/test_agent.yaml"),
 *     Path.of("src/test/resources/cassettes/AgentTest/answers.json"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class VcrCassettes {

    private static final YAMLMapper YAML = new YAMLMapper();

    private VcrCassettes() {}

    /**
     * Reads a VCR.py cassette and writes it as an avaliar-recording JSON cassette, with secrets
     * redacted and the usual key scan applied.
     *
     * @param vcrYaml the VCR.py cassette to read
     * @param jsonCassette where to write the JSON cassette
     * @throws IllegalStateException when the file is not a valid VCR.py cassette, or contains a
     *     string shaped like an API key
     */
    public static void convert(Path vcrYaml, Path jsonCassette) {
        Cassette imported = read(vcrYaml);
        Redactor redactor = Redactor.defaults();
        Cassette clean = redactor.redact(imported);
        String json = CassetteFiles.toJson(clean);
        redactor.refuseSecrets(jsonCassette, clean);
        CassetteFiles.write(jsonCassette, json);
    }

    static Cassette read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read VCR.py cassette " + file, e);
        }
        if (root == null || !root.path("interactions").isArray()) {
            throw new CassetteFormatException(
                    "Malformed VCR.py cassette " + file + ": expected a top-level 'interactions' list.", null);
        }
        List<Interaction> interactions = new ArrayList<>();
        JsonNode list = root.get("interactions");
        for (int i = 0; i < list.size(); i++) {
            String at = "interactions[" + i + "]";
            JsonNode req = list.get(i).path("request");
            JsonNode res = list.get(i).path("response");
            String uriText = req.path("uri").asText(null);
            if (uriText == null || !req.path("method").isTextual()) {
                throw new CassetteFormatException(
                        "Malformed VCR.py cassette " + file + " at " + at + ".request: needs 'method' and 'uri'.",
                        null);
            }
            URI uri = URI.create(uriText);
            TreeMap<String, List<String>> requestHeaders = headers(req.path("headers"));
            Body requestBody = body(req);
            String requestText = requestBody.bytes == null ? null : Bodies.utf8(requestBody.bytes);
            JsonNode requestJson = requestBody.json != null ? requestBody.json : Json.parseStructured(requestText);
            RecordedRequest request = new RecordedRequest(
                    upstreamFor(uri.getHost()),
                    req.get("method").asText().toUpperCase(Locale.ROOT),
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                    uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                    Headers.withoutFraming(requestHeaders),
                    requestJson,
                    requestJson == null ? emptyToNull(requestText) : null);
            int status = res.path("status").path("code").asInt(200);
            TreeMap<String, List<String>> responseHeaders = headers(res.path("headers"));
            Body responseBody = body(res);
            RecordedResponse response;
            try {
                response = Bodies.whole(
                        responseBody.json != null
                                // pydantic-ai's parsed_body: the JSON as YAML, replayed compactly in its order
                                ? new RecordedResponse(
                                        status,
                                        Headers.withoutFraming(responseHeaders),
                                        responseBody.json,
                                        null,
                                        null,
                                        null)
                                : Bodies.response(
                                        status,
                                        responseHeaders,
                                        responseBody.bytes == null ? new byte[0] : responseBody.bytes));
            } catch (Bodies.Unreadable e) {
                throw CassetteFiles.unreadable(
                        file, YAML.getFactory(), i, request, "/response/" + responseBody.field, e, FIX_BODY);
            }
            interactions.add(new Interaction(
                    request,
                    response,
                    null,
                    Headers.first(requestHeaders, "user-agent"),
                    Matching.hash(request, Matching.DEFAULT_IGNORED_FIELDS)));
        }
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.put("importedFrom", "VCR.py");
        metadata.put("source", file.getFileName().toString());
        return new Cassette(metadata, interactions);
    }

    private static final String FIX_BODY =
            "Record the cassette again (with VCR.py's decode_compressed_response=True for a compressed"
                    + " body), or mend that body by hand.";

    /**
     * The error for a file that is not YAML, or whose {@code !!binary} body is not base64 (the
     * YAML parser decodes it, so that shows as a parse error at the body).
     */
    private static CassetteFormatException malformed(Path file, JsonProcessingException e) {
        CassetteFiles.Spot spot = CassetteFiles.spot(file, YAML.getFactory(), null);
        Matcher body = BINARY_BODY.matcher(spot.pointer());
        if (e.getOriginalMessage().contains("base64") && body.matches()) {
            return new CassetteFormatException(
                    "Cassette "
                            + file
                            + ": the "
                            + body.group(2)
                            + " body of interactions["
                            + body.group(1)
                            + "] at line "
                            + spot.line()
                            + " is marked !!binary but is not valid base64 ("
                            + e.getOriginalMessage()
                            + "). "
                            + FIX_BODY,
                    e);
        }
        return CassetteFiles.malformed(file, e);
    }

    private static final Pattern BINARY_BODY =
            Pattern.compile("/interactions/(\\d+)/(request|response)/body(?:/string)?");

    /** {@code api.openai.com} is the upstream {@code openai}, and so on; others by host name. */
    static String upstreamFor(String host) {
        if (host == null) {
            return "default";
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("api.openai.com")) {
            return "openai";
        }
        if (h.equals("api.anthropic.com")) {
            return "anthropic";
        }
        return h.replace('.', '-');
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** A body as JSON ({@code parsed_body}) or as the bytes recorded, and the field holding it. */
    private record Body(JsonNode json, byte[] bytes, String field) {}

    /**
     * VCR.py's {@code body: {string: ...}} (text, or {@code !!binary} bytes), a plain {@code
     * body: ...}, or pydantic-ai's {@code parsed_body}.
     */
    private static Body body(JsonNode message) {
        JsonNode parsed = message.get("parsed_body");
        if (parsed != null && !parsed.isNull()) {
            return parsed.isContainerNode()
                    ? new Body(parsed, null, "parsed_body")
                    : new Body(null, parsed.asText().getBytes(StandardCharsets.UTF_8), "parsed_body");
        }
        JsonNode body = message.get("body");
        if (body != null && body.isObject()) {
            return new Body(null, bytes(body.get("string")), "body/string");
        }
        return new Body(null, bytes(body), "body");
    }

    /** The bytes of a body value: those of {@code !!binary}, or the UTF-8 of text. */
    private static byte[] bytes(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBinary()) {
            try {
                return value.binaryValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a BinaryNode holds its bytes; it does not fail
            }
        }
        return value.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static TreeMap<String, List<String>> headers(JsonNode node) {
        TreeMap<String, List<String>> headers = Headers.of();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isArray()) {
                field.getValue().forEach(v -> Headers.add(headers, field.getKey(), v.asText()));
            } else {
                Headers.add(headers, field.getKey(), field.getValue().asText());
            }
        }
        return headers;
    }
}
