package ai.avaliar.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small HTTP and file helpers for the fixtures. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Http() {}

    /** POSTs JSON, with extra headers (name, value, ...), and returns {@code "<status> <body>"}. */
    static String post(String url, String json, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("content-type", "application/json")
                    .header("authorization", "Bearer sk-test-not-a-real-key-0000000000")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request with a body (or none) and returns the response with its exact bytes. */
    static HttpResponse<byte[]> send(String method, String url, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("content-type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cassette with one JSON interaction per (request body, response body) pair. */
    static String cassette(String... requestResponsePairs) {
        StringBuilder out = new StringBuilder("{\"interactions\": [");
        for (int i = 0; i < requestResponsePairs.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"request\": {\"upstream\": \"openai\", \"method\": \"POST\",")
                    .append(" \"path\": \"/v1/chat/completions\", \"body\": ")
                    .append(requestResponsePairs[i])
                    .append("}, \"response\": {\"status\": 200,")
                    .append(" \"headers\": {\"content-type\": [\"application/json\"]}, \"body\": ")
                    .append(requestResponsePairs[i + 1])
                    .append("}}");
        }
        return out.append("]}").toString();
    }
}
