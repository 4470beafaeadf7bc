package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A replayed event stream reaches the client event by event: each recorded event is written and
 * flushed on its own, so it arrives as its own HTTP chunk, as it did from the provider. Read here
 * with a raw socket that parses the chunked transfer encoding.
 */
@Execution(ExecutionMode.SAME_THREAD)
class SseBoundariesTest {

    @TempDir
    Path cassettes;

    static final AtomicReference<List<Chunk>> CHUNKS = new AtomicReference<>();

    /** Anthropic's stream as sent: padded data, a ping, event names. */
    static final String STREAM = "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":12}}}   \n\n"
            + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Bon\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"jour\"}}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    @AvaliarRecording(cassette = "stream.yaml")
    static class RawClient {
        @Test
        void reads_chunk_by_chunk(ProviderEndpoints endpoints) {
            CHUNKS.set(chunks(endpoints.anthropic() + "/v1/messages", "{\"stream\":true}"));
        }
    }

    @Test
    void sends_each_recorded_event_as_its_own_chunk() {
        Http.write(cassettes.resolve("stream.yaml"), """
        interactions:
        - request:
            body: '{"stream":true}'
            headers:
              content-type:
              - application/json
            method: POST
            uri: https://api.anthropic.com/v1/messages
          response:
            body:
              string: "%s"
            headers:
              content-type:
              - text/event-stream; charset=utf-8
            status:
              code: 200
        """.formatted(
                        STREAM.replace("\"", "\\\"").replace("\n", "\\n")));

        Kit.run(RawClient.class, cassettes)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(CHUNKS.get())
                .extracting(Chunk::text)
                .containsExactly(STREAM.split("(?<=\n\n)"))
                .hasSize(6);
    }

    /** One HTTP chunk of a body, and when it was read, in milliseconds from the request. */
    record Chunk(String text, long elapsedMs) {}

    /** POSTs over a raw socket and returns the body's HTTP chunks, as they were framed on the wire. */
    static List<Chunk> chunks(String url, String body) {
        URI uri = URI.create(url);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            long sent = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(line(in)).startsWith("HTTP/1.1 200");
            List<String> headers = new ArrayList<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                headers.add(header.toLowerCase(Locale.ROOT));
            }
            assertThat(headers).contains("transfer-encoding: chunked");
            List<Chunk> chunks = new ArrayList<>();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                String text = new String(in.readNBytes(size), StandardCharsets.UTF_8);
                chunks.add(new Chunk(text, (System.nanoTime() - sent) / 1_000_000));
                assertThat(line(in)).isEmpty();
            }
            return chunks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
