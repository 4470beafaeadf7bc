package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Replay sends exactly the bytes a cassette recorded: binary bodies, compressed ones (kept
 * decoded, their Content-Encoding dropped), text in other charsets, and JSON with its own
 * spacing. A host other than the providers (a download made by the code under test) replays
 * like any other upstream.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ExactReplayTest {

    @TempDir
    Path cassettes;

    /** What the fixture asks for, and what it received. */
    static volatile String upstream;

    static volatile String method;
    static volatile String path;
    static volatile String requestBody;
    static final AtomicReference<HttpResponse<byte[]>> RECEIVED = new AtomicReference<>();

    @AvaliarRecording(cassette = "exchange.yaml")
    static class VcrFixture {
        @Test
        void sends(ProviderEndpoints endpoints) {
            RECEIVED.set(Http.send(method, endpoints.upstream(upstream) + path, requestBody));
        }
    }

    @AvaliarRecording(cassette = "exchange.json")
    static class JsonFixture {
        @Test
        void sends(ProviderEndpoints endpoints) {
            RECEIVED.set(Http.send(method, endpoints.upstream(upstream) + path, requestBody));
        }
    }

    /** Bytes that are not UTF-8, as a PDF's are. */
    static final byte[] PDF = pdf();

    private static byte[] pdf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("%PDF-1.4\n%".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 256; i++) {
            out.write(255 - i);
        }
        out.writeBytes("\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A VCR.py cassette of one GET answered with a body as VCR.py writes it. */
    static String vcrDownload(String uri, String contentType, String extraHeader, String body) {
        return """
        interactions:
        - request:
            body: ''
            headers:
              accept:
              - '*/*'
            method: GET
            uri: %s
          response:
            body:
              string: %s
            headers:
              content-type:
              - %s
        %s      transfer-encoding:
              - chunked
            status:
              code: 200
              message: OK
        version: 1
        """.formatted(uri, body, contentType, extraHeader);
    }

    /** VCR.py's {@code !!binary} block: MIME base64, 76 characters a line. */
    static String binary(byte[] bytes) {
        String base64 = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(bytes);
        return "!!binary |\n"
                + String.join(
                        "\n", base64.lines().map(line -> "          " + line).toList());
    }

    private HttpResponse<byte[]> replay(String file, String cassette, String upstream, String method, String path) {
        Http.write(cassettes.resolve(file), cassette);
        ExactReplayTest.upstream = upstream;
        ExactReplayTest.method = method;
        ExactReplayTest.path = path;
        ExactReplayTest.requestBody = null;
        RECEIVED.set(null);
        Kit.run(file.endsWith(".yaml") ? VcrFixture.class : JsonFixture.class, cassettes)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
        return RECEIVED.get();
    }

    @Test
    void replays_a_vcr_binary_body_as_the_recorded_bytes_not_their_base64() {
        String yaml = vcrDownload("https://www.example.org/files/dummy.pdf", "application/pdf", "", binary(PDF));

        HttpResponse<byte[]> received = replay("exchange.yaml", yaml, "www-example-org", "GET", "/files/dummy.pdf");

        assertThat(received.statusCode()).isEqualTo(200);
        assertThat(received.body()).hasSize(PDF.length).isEqualTo(PDF);
        assertThat(received.headers().firstValue("content-type")).hasValue("application/pdf");
    }

    @Test
    void replays_a_base64_body_of_our_own_format_as_its_bytes() {
        String json = """
        {"interactions": [{"request": {"upstream": "files", "method": "GET", "path": "/dummy.pdf"},
         "response": {"status": 200, "headers": {"content-type": ["application/pdf"]}, "bodyBase64": "%s"}}]}
        """.formatted(Base64.getEncoder().encodeToString(PDF));

        HttpResponse<byte[]> received = replay("exchange.json", json, "files", "GET", "/dummy.pdf");

        assertThat(received.body()).isEqualTo(PDF);
    }

    @Test
    void replays_a_gzip_body_decoded_and_without_its_content_encoding() throws Exception {
        byte[] json = "{\"answer\": \"gzipped\"}\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(json);
        }
        String yaml = vcrDownload(
                "https://api.example.com/answer",
                "application/json",
                "      content-encoding:\n      - gzip\n",
                binary(gzipped.toByteArray()));

        HttpResponse<byte[]> received = replay("exchange.yaml", yaml, "api-example-com", "GET", "/answer");

        assertThat(received.body()).isEqualTo(json);
        assertThat(received.headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void replays_text_in_another_charset_byte_for_byte() {
        byte[] latin1 =
                "Caf\u00e9 cr\u00e8me, 3\u00a0\u20ac".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        String yaml = vcrDownload(
                "https://menu.example.com/today.txt", "text/plain; charset=windows-1252", "", binary(latin1));

        HttpResponse<byte[]> received = replay("exchange.yaml", yaml, "menu-example-com", "GET", "/today.txt");

        assertThat(received.body()).isEqualTo(latin1);
        assertThat(received.headers().firstValue("content-type")).hasValue("text/plain; charset=windows-1252");
    }

    @Test
    void replays_json_and_event_data_with_the_spacing_they_were_recorded_with() {
        String json = "{\n  \"id\": \"resp_1\",\n  \"n\": 1.50\n}\n";
        String yaml = vcrDownload(
                "https://api.openai.com/v1/pretty",
                "application/json",
                "",
                "\"" + json.replace("\"", "\\\"").replace("\n", "\\n") + "\"");
        assertThat(replay("exchange.yaml", yaml, "openai", "GET", "/v1/pretty").body())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(json);

        String stream = "event: message_start\ndata: {\"type\":\"message_start\"}     \n\n"
                + "event: ping\ndata: {\"type\": \"ping\"}\n\n";
        String sse = vcrDownload(
                "https://api.anthropic.com/v1/stream",
                "text/event-stream; charset=utf-8",
                "",
                // |+ keeps the final blank line; the template ends the block with its own line break
                "|+\n"
                        + String.join(
                                "\n",
                                stream.lines().map(line -> "          " + line).toList()));
        assertThat(replay("exchange.yaml", sse, "anthropic", "GET", "/v1/stream")
                        .body())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(stream);
    }
}
