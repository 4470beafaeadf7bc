package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps secrets and account identifiers out of cassettes. */
final class Redactor {

  static final String REDACTED = "<redacted>";

  /** Request headers that carry credentials or identify the account. */
  static final Set<String> REQUEST_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-api-key",
          "api-key",
          "x-goog-api-key",
          "cookie",
          "openai-organization",
          "openai-project",
          "anthropic-organization-id");

  /** Response headers that identify the account, the session or the request. */
  static final Set<String> RESPONSE_HEADERS =
      Set.of(
          "openai-organization",
          "openai-project",
          "anthropic-organization-id",
          "set-cookie",
          "x-request-id",
          "request-id",
          "x-amzn-requestid",
          "x-amz-request-id",
          "apim-request-id",
          "x-ms-request-id");

  /** Strings shaped like provider API keys or bearer tokens. */
  static final Pattern KEY_SHAPED =
      Pattern.compile(
          "sk-[A-Za-z0-9][A-Za-z0-9_\\-]{15,}"
              + "|AIza[0-9A-Za-z_\\-]{30,}"
              + "|avl_[A-Za-z0-9_\\-]{16,}"
              + "|(?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{16,}");

  private final Set<String> extraHeaders;
  private final List<String> bodyFields;

  Redactor(String[] extraHeaders, String[] bodyFields) {
    this.extraHeaders =
        Set.copyOf(Arrays.stream(extraHeaders).map(h -> h.toLowerCase(Locale.ROOT)).toList());
    this.bodyFields = List.of(bodyFields);
  }

  static Redactor defaults() {
    return new Redactor(new String[0], new String[0]);
  }

  Cassette redact(Cassette cassette) {
    List<Interaction> clean = new ArrayList<>();
    for (Interaction i : cassette.interactions()) {
      clean.add(redact(i));
    }
    return new Cassette(cassette.metadata(), clean);
  }

  Interaction redact(Interaction i) {
    RecordedRequest q = i.request();
    RecordedRequest request =
        new RecordedRequest(
            q.upstream(),
            q.method(),
            q.path(),
            q.query(),
            headers(q.headers(), true),
            body(q.body()),
            q.bodyText());
    RecordedResponse s = i.response();
    List<SseEvent> events = null;
    if (s.events() != null) {
      events = new ArrayList<>();
      for (SseEvent e : s.events()) {
        events.add(new SseEvent(e.event(), e.id(), e.retry(), body(e.data()), e.text()));
      }
    }
    RecordedResponse response =
        new RecordedResponse(
            s.status(), headers(s.headers(), false), body(s.body()), events, s.bodyText(), s.bodyBase64());
    return new Interaction(request, response, i.recordedAt(), i.client(), i.requestHash());
  }

  private Map<String, List<String>> headers(Map<String, List<String>> headers, boolean request) {
    TreeMap<String, List<String>> kept = Headers.of();
    headers.forEach(
        (name, values) -> {
          String n = name.toLowerCase(Locale.ROOT);
          boolean secret =
              extraHeaders.contains(n)
                  || (request ? REQUEST_HEADERS.contains(n) : RESPONSE_HEADERS.contains(n))
                  || (!request && n.startsWith("cf-"));
          if (!secret && !Headers.FRAMING.contains(n) && !machineSpecific(n)) {
            kept.put(n, new ArrayList<>(values));
          }
        });
    return kept;
  }

  /**
   * SDK headers describing the machine or the attempt (OS, JVM, retry count): they would make
   * cassettes differ between machines without telling anything about the exchange.
   */
  private static boolean machineSpecific(String name) {
    return name.startsWith("x-stainless-")
        && !name.equals("x-stainless-lang")
        && !name.equals("x-stainless-package-version");
  }

  private JsonNode body(JsonNode body) {
    if (body == null || bodyFields.isEmpty()) {
      return body;
    }
    JsonNode copy = body.deepCopy();
    for (String field : bodyFields) {
      Json.forEachAtPath(copy, field, (ObjectNode parent, String name) -> parent.put(name, REDACTED));
    }
    return copy;
  }

  /**
   * Scans a cassette about to be written for strings shaped like API keys, and refuses to
   * write it when one is found.
   */
  void refuseSecrets(Path file, Cassette cassette) {
    JsonNode tree = Json.parseStructured(CassetteFiles.toJson(cassette));
    List<String> hits = new ArrayList<>();
    Json.walkStrings(
        "$",
        tree,
        (path, value) -> {
          Matcher m = KEY_SHAPED.matcher(value);
          if (m.find()) {
            hits.add(path + " (" + mask(m.group()) + ")");
          }
        });
    if (!hits.isEmpty()) {
      throw new SecretInCassetteException(
          "Refusing to write cassette "
              + file
              + ": it contains "
              + (hits.size() == 1 ? "a string" : hits.size() + " strings")
              + " shaped like an API key at "
              + String.join(", ", hits)
              + ". Nothing was written. Redact the header with"
              + " @AvaliarRecording(redactHeaders = ...) or the body field with"
              + " @AvaliarRecording(redactBodyFields = ...), then record again.");
    }
  }

  private static String mask(String key) {
    return key.substring(0, Math.min(6, key.length())) + "..." + (key.length() > 12 ? key.substring(key.length() - 2) : "");
  }
}
