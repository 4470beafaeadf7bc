package ai.avaliar.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A request as kept in a cassette: which upstream, method, path below the upstream's base URL,
 * raw query (may be empty), headers worth keeping, and the body as JSON or as text.
 */
record RecordedRequest(
        String upstream,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        JsonNode body,
        String bodyText) {

    /** Method, upstream, path and query, with credentials in the query redacted. */
    String describe() {
        return method + " " + upstream + " " + path + (query.isEmpty() ? "" : "?" + Redactor.query(query));
    }
}
