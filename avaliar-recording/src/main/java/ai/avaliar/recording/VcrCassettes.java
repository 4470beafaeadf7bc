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
      throw CassetteFiles.malformed(file, e);
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
      JsonNode requestJson = requestBody.json != null ? requestBody.json : Json.parseStructured(requestBody.text);
      RecordedRequest request =
          new RecordedRequest(
              upstreamFor(uri.getHost()),
              req.get("method").asText().toUpperCase(Locale.ROOT),
              uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
              uri.getRawQuery() == null ? "" : uri.getRawQuery(),
              Headers.withoutFraming(requestHeaders),
              requestJson,
              requestJson == null ? emptyToNull(requestBody.text) : null);
      TreeMap<String, List<String>> responseHeaders = Headers.withoutFraming(headers(res.path("headers")));
      Body responseBody = body(res);
      RecordedResponse response;
      if (responseBody.json != null) {
        response =
            new RecordedResponse(
                res.path("status").path("code").asInt(200),
                responseHeaders,
                Json.sorted(responseBody.json),
                null,
                null,
                null);
      } else {
        byte[] bytes =
            responseBody.text == null ? new byte[0] : responseBody.text.getBytes(StandardCharsets.UTF_8);
        response = Bodies.response(res.path("status").path("code").asInt(200), responseHeaders, bytes);
      }
      interactions.add(
          new Interaction(
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

  private record Body(JsonNode json, String text) {}

  /** VCR.py's {@code body: {string: ...}}, a plain {@code body: ...}, or {@code parsed_body}. */
  private static Body body(JsonNode message) {
    JsonNode parsed = message.get("parsed_body");
    if (parsed != null && !parsed.isNull()) {
      return parsed.isContainerNode() ? new Body(parsed, null) : new Body(null, parsed.asText());
    }
    JsonNode body = message.get("body");
    if (body == null || body.isNull()) {
      return new Body(null, null);
    }
    if (body.isObject()) {
      JsonNode string = body.get("string");
      return new Body(null, string == null || string.isNull() ? null : string.asText());
    }
    return new Body(null, body.asText());
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
