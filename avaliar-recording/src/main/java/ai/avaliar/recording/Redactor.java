package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    static final Set<String> REQUEST_HEADERS = Set.of(
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
    static final Set<String> RESPONSE_HEADERS = Set.of(
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

    /**
     * Any other header whose name speaks of credentials or sessions, in requests and responses:
     * providers and gateways add their own ({@code x-goog-api-key}, {@code x-amz-security-token},
     * {@code x-session-id}...).
     */
    static final Pattern SECRET_HEADER_NAME = Pattern.compile("(?i).*(auth|api[-_]?key|token|secret|session|cookie).*");

    /**
     * Header names {@link #SECRET_HEADER_NAME} catches that only count tokens: the providers' rate
     * limits ({@code x-ratelimit-remaining-tokens}, {@code anthropic-ratelimit-input-tokens-limit},
     * {@code anthropic-priority-output-tokens-reset}).
     */
    private static final List<String> HARMLESS_HEADER_PREFIXES =
            List.of("x-ratelimit-", "anthropic-ratelimit-", "anthropic-priority-");

    /** Query parameters that carry credentials (Gemini's {@code ?key=}, Azure's {@code api-key}). */
    static final Set<String> SECRET_QUERY_PARAMETERS = Set.of("key", "api-key", "api_key", "access_token", "token");

    /**
     * Strings shaped like provider API keys or bearer tokens: group {@code key} or {@code token}
     * holds the secret itself. A key must not follow a letter or digit, so that ordinary ids and
     * words ({@code task-...}, base64 text) are not taken for keys.
     */
    static final Pattern KEY_SHAPED = Pattern.compile("(?<![A-Za-z0-9])(?<key>"
            + "sk-[A-Za-z0-9][A-Za-z0-9_\\-]{15,}" // OpenAI sk-, sk-proj-; Anthropic sk-ant-
            + "|AIza[0-9A-Za-z_\\-]{30,}" // Google
            + "|xai-[A-Za-z0-9]{20,}" // xAI
            + "|gsk_[A-Za-z0-9]{20,}" // Groq
            + "|hf_[A-Za-z0-9]{20,}" // Hugging Face
            + "|(?:sk|pk|rk)_live_[A-Za-z0-9]{16,}" // Stripe
            + "|gh[pousr]_[A-Za-z0-9]{30,}" // GitHub tokens
            + "|github_pat_[A-Za-z0-9_]{30,}"
            + "|(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])" // AWS access key ids
            + "|avl_[A-Za-z0-9_\\-]{16,}" // Avaliar
            + ")"
            + "|(?<![A-Za-z0-9])(?i:bearer)\\s+(?<token>[A-Za-z0-9._~+/\\-]{16,})");

    private final Set<String> extraHeaders;
    private final List<String> bodyFields;
    private final List<Pattern> allowedSecrets;

    Redactor(String[] extraHeaders, String[] bodyFields) {
        this(extraHeaders, bodyFields, new String[0]);
    }

    /**
     * @param allowedSecrets regular expressions for key-shaped values known to be fake (such as
     *     {@code sk-test-.*}): the scan lets a value through when one matches it entirely
     */
    Redactor(String[] extraHeaders, String[] bodyFields, String[] allowedSecrets) {
        this.extraHeaders = Set.copyOf(
                Arrays.stream(extraHeaders).map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.bodyFields = List.of(bodyFields);
        this.allowedSecrets =
                Arrays.stream(allowedSecrets).map(Pattern::compile).toList();
    }

    static Redactor defaults() {
        return new Redactor(new String[0], new String[0]);
    }

    /** Whether a query parameter carries a credential; its value is never written nor matched. */
    static boolean secretQueryParameter(String name) {
        return SECRET_QUERY_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The raw query with the values of credential parameters replaced by {@code <redacted>}. */
    static String query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return raw;
        }
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("&", -1)) {
            int eq = part.indexOf('=');
            String rawName = eq < 0 ? part : part.substring(0, eq);
            String name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
            parts.add(secretQueryParameter(name) ? rawName + "=" + REDACTED : part);
        }
        return String.join("&", parts);
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
        RecordedRequest request = new RecordedRequest(
                q.upstream(),
                q.method(),
                q.path(),
                query(q.query()),
                headers(q.headers(), true),
                body(q.body()),
                q.bodyText());
        return new Interaction(request, redact(i.response()), i.recordedAt(), i.client(), i.requestHash());
    }

    /**
     * A response without its secret headers and body fields. A body or event data kept as text
     * to stay byte-exact is redacted as JSON too, and then kept as the redacted JSON.
     */
    private RecordedResponse redact(RecordedResponse s) {
        Map<String, List<String>> headers = headers(s.headers(), false);
        List<SseEvent> events = s.events();
        if (events == null
                && s.bodyText() != null
                && !bodyFields.isEmpty()
                && SseEvent.isEventStream(Headers.first(s.headers(), "content-type"))) {
            events = SseEvent.parse(s.bodyText());
        }
        if (events != null) {
            List<SseEvent> clean = new ArrayList<>();
            boolean changed = false;
            for (SseEvent e : events) {
                JsonNode json = e.data() != null ? e.data() : bodyFields.isEmpty() ? null : e.json();
                JsonNode redacted = body(json);
                boolean edited = redacted != null && !redacted.equals(json);
                changed |= edited;
                clean.add(
                        edited || e.data() != null
                                ? new SseEvent(e.event(), e.id(), e.retry(), redacted, null, e.elapsedMs())
                                : e);
            }
            if (changed || s.events() != null) {
                return new RecordedResponse(s.status(), headers, null, clean, null, null);
            }
        }
        JsonNode json = s.body() != null ? s.body() : bodyFields.isEmpty() ? null : Json.parseStructured(s.bodyText());
        JsonNode redacted = body(json);
        if (redacted != null && (s.body() != null || !redacted.equals(json))) {
            return new RecordedResponse(s.status(), headers, redacted, null, null, null);
        }
        return new RecordedResponse(s.status(), headers, null, null, s.bodyText(), s.bodyBase64());
    }

    private Map<String, List<String>> headers(Map<String, List<String>> headers, boolean request) {
        TreeMap<String, List<String>> kept = Headers.of();
        headers.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            boolean secret = extraHeaders.contains(n)
                    || (request ? REQUEST_HEADERS.contains(n) : RESPONSE_HEADERS.contains(n))
                    || (!request && n.startsWith("cf-"))
                    || (SECRET_HEADER_NAME.matcher(n).matches() && !harmless(n));
            if (!secret && !Headers.FRAMING.contains(n) && !machineSpecific(n)) {
                kept.put(n, new ArrayList<>(values));
            }
        });
        return kept;
    }

    private static boolean harmless(String name) {
        return HARMLESS_HEADER_PREFIXES.stream().anyMatch(name::startsWith);
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
        List<String> hits = secrets(cassette);
        if (!hits.isEmpty()) {
            throw new SecretInCassetteException("Refusing to write cassette "
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

    /** Where the cassette holds key-shaped strings that are not allowed: JSON path and masked key. */
    List<String> secrets(Cassette cassette) {
        JsonNode tree = Json.parseStructured(CassetteFiles.toJson(cassette));
        List<String> hits = new ArrayList<>();
        Json.walkStrings("$", tree, (path, value) -> {
            Matcher m = KEY_SHAPED.matcher(value);
            while (m.find()) {
                if (!allowed(m)) {
                    hits.add(path + " (" + mask(m.group()) + ")");
                    return;
                }
            }
        });
        for (int i = 0; i < cassette.interactions().size(); i++) {
            hits.addAll(splitAcrossEvents(
                    "$.interactions[" + i + "].response",
                    cassette.interactions().get(i).response()));
        }
        return hits;
    }

    private boolean allowed(Matcher m) {
        String secret = m.group("key") != null ? m.group("key") : m.group("token");
        return allowedSecrets.stream()
                .anyMatch(allowed -> allowed.matcher(secret).matches());
    }

    /**
     * Keys that a stream sends in pieces, as a model does token by token, so that no one event
     * holds the whole key: the strings found at the same place in the events' data (the text
     * deltas, say) are joined in order and scanned. Only keys that span events are reported; the
     * others were found in their event.
     */
    private List<String> splitAcrossEvents(String at, RecordedResponse response) {
        List<SseEvent> events = response.events();
        if (events == null
                && response.bodyText() != null
                && SseEvent.isEventStream(Headers.first(response.headers(), "content-type"))) {
            events = SseEvent.parse(response.bodyText());
        }
        if (events == null) {
            return List.of();
        }
        Map<String, Pieces> joined = new LinkedHashMap<>();
        for (int e = 0; e < events.size(); e++) {
            int event = e;
            JsonNode json = events.get(e).json();
            if (json == null) {
                joined.computeIfAbsent("data", p -> new Pieces())
                        .add(events.get(e).text(), event);
                continue;
            }
            Json.walkStrings("data", json, (path, value) -> {
                if (!path.endsWith(" (field name)")) {
                    joined.computeIfAbsent(path, p -> new Pieces()).add(value, event);
                }
            });
        }
        List<String> hits = new ArrayList<>();
        joined.forEach((path, pieces) -> {
            Matcher m = KEY_SHAPED.matcher(pieces.text);
            while (m.find()) {
                int first = pieces.eventAt(m.start());
                int last = pieces.eventAt(m.end() - 1);
                if (first != last && !allowed(m)) {
                    hits.add(at + ".events[" + first + ".." + last + "]." + path + " (" + mask(m.group()) + ")");
                }
            }
        });
        return hits;
    }

    /** The strings found at one place of successive events, joined, and which event each came from. */
    private static final class Pieces {
        final StringBuilder text = new StringBuilder();
        final List<int[]> starts = new ArrayList<>(); // {offset in text, event index}

        void add(String piece, int event) {
            starts.add(new int[] {text.length(), event});
            text.append(piece == null ? "" : piece);
        }

        int eventAt(int offset) {
            int event = -1;
            for (int[] start : starts) {
                if (start[0] > offset) {
                    break;
                }
                event = start[1];
            }
            return event;
        }
    }

    private static String mask(String key) {
        return key.substring(0, Math.min(6, key.length())) + "..."
                + (key.length() > 12 ? key.substring(key.length() - 2) : "");
    }
}
