package ai.avaliar.recording;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Forwards a request to the real provider (RECORD, RECORD_MISSING, PASSTHROUGH). */
final class Upstream {

    /** Where the well-known upstreams live unless {@code avaliar.recording.upstream.NAME} says. */
    static final Map<String, String> DEFAULT_URLS =
            Map.of("openai", "https://api.openai.com", "anthropic", "https://api.anthropic.com");

    /** Headers the JDK client sets itself (or refuses), and encodings we choose ourselves. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "host",
            "connection",
            "content-length",
            "expect",
            "upgrade",
            "transfer-encoding",
            "keep-alive",
            "accept-encoding",
            "te",
            "trailer",
            "proxy-connection");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The response as recorded, and the reply for the client: the same bytes, decompressed. */
    record Proxied(RecordedResponse recorded, Reply reply) {}

    /** Sends the request to {@code baseUrl + path?query}. */
    Proxied send(String baseUrl, RecordedRequest request, byte[] body) throws IOException, InterruptedException {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri = URI.create(base + request.path() + (request.query().isEmpty() ? "" : "?" + request.query()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .method(
                        request.method(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name)) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        builder.header("accept-encoding", "gzip, deflate");
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        TreeMap<String, List<String>> headers = Headers.of();
        response.headers().map().forEach((name, values) -> values.forEach(v -> Headers.add(headers, name, v)));
        headers.keySet().removeIf(name -> name.startsWith(":"));
        RecordedResponse recorded = Bodies.read(response.statusCode(), headers, response.body(), sent);
        return new Proxied(recorded, Reply.of(recorded));
    }
}
