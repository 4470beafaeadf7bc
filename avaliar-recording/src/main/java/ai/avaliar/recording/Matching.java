package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides whether a request is the one recorded: method, upstream, path, query (as a sorted
 * list of parameters) and body, the JSON body compared strictly and canonically (key order
 * ignored; array order, length and extra fields count) without the fields that vary between
 * runs.
 */
final class Matching {

    /**
     * Body fields ignored by default: they identify a user or a cache entry rather than the
     * request, and commonly change between runs.
     */
    static final List<String> DEFAULT_IGNORED_FIELDS =
            List.of("metadata.user_id", "prompt_cache_key", "safety_identifier", "user");

    private Matching() {}

    /** A request reduced to what matching looks at. */
    record Key(String method, String upstream, String path, List<String> query, JsonNode json, String text) {

        String describe() {
            return method + " " + upstream + " " + path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        }
    }

    static Key key(RecordedRequest request, List<String> ignoredFields) {
        JsonNode json = request.body();
        if (json != null) {
            json = json.deepCopy();
            for (String field : ignoredFields) {
                Json.forEachAtPath(json, field, ObjectNode::remove);
            }
        }
        return new Key(
                request.method(),
                request.upstream(),
                request.path(),
                query(request.query()),
                json,
                request.bodyText() == null ? "" : request.bodyText());
    }

    static List<String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        List<String> params = new ArrayList<>();
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            // a credential is redacted in the cassette and differs between keys: never compared
            if (!part.isEmpty() && !Redactor.secretQueryParameter(name)) {
                params.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
        }
        params.sort(null);
        return List.copyOf(params);
    }

    /** The differences between a recorded request and an actual one; empty when they match. */
    static List<String> differences(Key recorded, Key actual) {
        List<String> out = new ArrayList<>();
        if (!recorded.method().equals(actual.method())) {
            out.add("method: recorded " + recorded.method() + ", request has " + actual.method());
        }
        if (!recorded.upstream().equals(actual.upstream())) {
            out.add("upstream: recorded " + recorded.upstream() + ", request has " + actual.upstream());
        }
        if (!recorded.path().equals(actual.path())) {
            out.add("path: recorded " + recorded.path() + ", request has " + actual.path());
        }
        if (!recorded.query().equals(actual.query())) {
            out.add("query: recorded " + recorded.query() + ", request has " + actual.query());
        }
        if (recorded.json() != null && actual.json() != null) {
            out.addAll(Json.diff(recorded.json(), actual.json()));
        } else if (recorded.json() != null || actual.json() != null) {
            out.add("body: recorded "
                    + (recorded.json() != null ? Json.show(recorded.json()) : quote(recorded.text()))
                    + ", request has "
                    + (actual.json() != null ? Json.show(actual.json()) : quote(actual.text())));
        } else if (!recorded.text().equals(actual.text())) {
            out.add("body: recorded " + quote(recorded.text()) + ", request has " + quote(actual.text()));
        }
        return out;
    }

    /** How far apart two requests are: the route weighs more than any body difference. */
    static int distance(Key recorded, Key actual) {
        int d = 0;
        if (!recorded.method().equals(actual.method())) {
            d += 100_000;
        }
        if (!recorded.upstream().equals(actual.upstream()) || !recorded.path().equals(actual.path())) {
            d += 10_000;
        }
        List<String> diffs = differences(recorded, actual);
        return d + diffs.size();
    }

    private static String quote(String text) {
        if (text == null || text.isEmpty()) {
            return "no body";
        }
        String t = text.length() > 120 ? text.substring(0, 117) + "..." : text;
        return "\"" + t + "\"";
    }

    /** A SHA-256 of the normalised request: stable across key order and number formatting. */
    static String hash(RecordedRequest request, List<String> ignoredFields) {
        Key key = key(request, ignoredFields);
        String canonical = key.describe()
                + "\n"
                + (key.json() != null ? Json.compact(Json.sorted(key.json(), Matching::canonicalNumber)) : key.text());
        return sha256(canonical);
    }

    /** {@code sha256:} and the hex SHA-256 of the text's UTF-8 bytes. */
    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A number as its plain value: 1, 1.0 and 1e0 compare equal, as JSON means them. */
    static JsonNode canonicalNumber(JsonNode node) {
        if (!node.isNumber()) {
            return node;
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        return JsonNodeFactory.instance.numberNode(value.scale() <= 0 ? new BigDecimal(value.toBigInteger()) : value);
    }

    /**
     * The body fields left out of matching: the defaults plus each list given, such as {@code
     * ignoreBodyFields} and {@code redactBodyFields} (a redacted request field is written as
     * {@code <redacted>} while the live request holds the real value, so it cannot be compared).
     */
    static List<String> ignored(String[]... extra) {
        List<String> all = new ArrayList<>(DEFAULT_IGNORED_FIELDS);
        for (String[] fields : extra) {
            for (String field : fields) {
                if (!all.contains(field)) {
                    all.add(field);
                }
            }
        }
        return List.copyOf(all);
    }
}
