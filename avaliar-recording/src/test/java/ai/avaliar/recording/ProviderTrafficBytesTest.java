package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.yaml.snakeyaml.Yaml;

/**
 * Every interaction of every VCR.py cassette in {@code ../shared/fixtures/provider-traffic} and
 * {@code provider-traffic-2} replays byte for byte: the body a raw HTTP client receives is the
 * bytes the YAML holds, read here with SnakeYAML, not with the importer under test. A {@code
 * body: {string: ...}} is its UTF-8 (or, {@code !!binary}, its bytes); a {@code parsed_body}
 * (JSON written as YAML by pydantic-ai) replays as that JSON, written compactly in its order.
 * Skipped when {@code ../shared} is not next to the repository.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ProviderTrafficBytesTest {

    static final Path FIXTURES = Path.of("../../shared/fixtures");
    static final List<String> BATCHES = List.of("provider-traffic", "provider-traffic-2");

    /** The cassette the fixture replays, and how many interactions it compared. */
    static volatile Path cassette;

    static volatile int compared;

    static Stream<Path> cassettes() throws IOException {
        if (!Files.isDirectory(FIXTURES.resolve(BATCHES.get(0)))) {
            return Stream.of(FIXTURES.resolve("absent"));
        }
        Stream<Path> all = Stream.empty();
        for (String batch : BATCHES) {
            try (Stream<Path> files = Files.walk(FIXTURES.resolve(batch))) {
                all = Stream.concat(all, files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream());
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cassettes")
    void replays_every_body_byte_for_byte(Path yaml) throws IOException {
        assumeTrue(Files.exists(yaml), "../shared/fixtures is not next to the repository");
        cassette = yaml;
        compared = 0;

        var results = Kit.run(RawReplay.class, yaml.getParent());

        List<String> failures = results.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable))
                .map(t -> t.map(Throwable::getMessage).orElse("failed"))
                .toList();
        assertThat(failures).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(compared).isEqualTo(interactions(yaml).size()).isPositive();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> interactions(Path yaml) throws IOException {
        try (Reader reader = Files.newBufferedReader(yaml)) {
            Map<String, Object> root = new Yaml().load(reader);
            return (List<Map<String, Object>>) root.get("interactions");
        }
    }

    /** Sends each recorded request over plain HTTP and compares the body received with the YAML's. */
    static class RawReplay {
        static Stream<String> file() {
            return Stream.of(cassette.getFileName().toString());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("file")
        @AvaliarRecording(cassette = "{displayName}", failOnUnusedInteractions = true)
        @SuppressWarnings("unchecked")
        void replays(String file, ProviderEndpoints endpoints) throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            int i = 0;
            for (Map<String, Object> interaction : interactions(cassette)) {
                Map<String, Object> request = (Map<String, Object>) interaction.get("request");
                Map<String, Object> response = (Map<String, Object>) interaction.get("response");
                URI uri = URI.create((String) request.get("uri"));
                String url = endpoints.upstream(upstream(uri.getHost()))
                        + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                byte[] sent = body(request);
                HttpResponse<byte[]> received = client.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("content-type", "application/json")
                                .method(
                                        ((String) request.get("method")).toUpperCase(Locale.ROOT),
                                        sent.length == 0
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofByteArray(sent))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                String at = cassette + " interactions[" + i++ + "]";
                int status = (Integer) ((Map<String, Object>) response.get("status")).get("code");
                assertThat(received.statusCode()).as(at + " status").isEqualTo(status);
                assertThat(received.body()).as(at + " body").isEqualTo(body(response));
                compared++;
            }
        }

        /** The host names of the providers are their upstreams; any other host is one by its name. */
        static String upstream(String host) {
            return switch (host) {
                case "api.openai.com" -> "openai";
                case "api.anthropic.com" -> "anthropic";
                default -> host.replace('.', '-');
            };
        }

        /** The bytes a VCR.py message holds: its {@code parsed_body} as compact JSON, or its body. */
        @SuppressWarnings("unchecked")
        static byte[] body(Map<String, Object> message) throws IOException {
            if (message.get("parsed_body") != null) {
                // as text, then UTF-8: Jackson's byte writer would escape characters beyond the BMP
                return new ObjectMapper()
                        .writeValueAsString(message.get("parsed_body"))
                        .getBytes(StandardCharsets.UTF_8);
            }
            Object body = message.get("body");
            if (body instanceof Map<?, ?> map) {
                body = ((Map<String, Object>) map).get("string");
            }
            if (body instanceof byte[] bytes) {
                return bytes;
            }
            return body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
