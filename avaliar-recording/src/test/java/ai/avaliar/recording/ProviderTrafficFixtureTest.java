package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.BetaMessageAccumulator;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every VCR.py cassette of {@code ../shared/fixtures/provider-traffic} through the real
 * openai-java and anthropic-java clients. Runs in the Maven profile {@code provider-fixtures},
 * which sets {@code avaliar.recording.cassette-dir} to that directory and is active only when
 * it exists.
 */
class ProviderTrafficFixtureTest {

    /** The provider directories; each fixture lies directly in one of them. */
    static final List<String> PROVIDERS = List.of("openai", "anthropic");

    static Path fixtures() {
        String dir = System.getProperty("avaliar.recording.cassette-dir");
        if (dir == null) {
            throw new IllegalStateException("Run this test through the Maven profile provider-fixtures, which sets"
                    + " avaliar.recording.cassette-dir to ../shared/fixtures/provider-traffic.");
        }
        return Path.of(dir);
    }

    static List<String> all() throws IOException {
        Path root = fixtures();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    static Stream<String> openai() throws IOException {
        return fileNamesIn("openai");
    }

    static Stream<String> anthropic() throws IOException {
        return fileNamesIn("anthropic");
    }

    private static Stream<String> fileNamesIn(String provider) throws IOException {
        return all().stream().filter(f -> f.startsWith(provider + "/")).map(f -> f.substring(provider.length() + 1));
    }

    @Test
    void replays_every_fixture() throws IOException {
        // a fixture anywhere else would be replayed by neither test below
        assertThat(all())
                .isNotEmpty()
                .allSatisfy(f -> assertThat(PROVIDERS).contains(f.substring(0, Math.max(0, f.indexOf('/')))))
                .allSatisfy(f -> assertThat(f.indexOf('/')).isEqualTo(f.lastIndexOf('/')));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openai")
    @AvaliarRecording(cassette = "openai/{displayName}", failOnUnusedInteractions = true)
    void replays_openai_traffic_through_the_real_client(String cassette, ProviderEndpoints endpoints) throws Exception {
        replay("openai/" + cassette, endpoints);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anthropic")
    @AvaliarRecording(cassette = "anthropic/{displayName}", failOnUnusedInteractions = true)
    void replays_anthropic_traffic_through_the_real_client(String cassette, ProviderEndpoints endpoints)
            throws Exception {
        replay("anthropic/" + cassette, endpoints);
    }

    private static void replay(String cassette, ProviderEndpoints endpoints) throws Exception {
        Cassette recorded = VcrCassettes.read(fixtures().resolve(cassette));
        assertThat(recorded.interactions()).isNotEmpty();
        // real provider traffic: its ids and texts are not taken for keys once imported
        Redactor redactor = Redactor.defaults();
        assertThat(redactor.secrets(redactor.redact(recorded)))
                .as("key-shaped strings")
                .isEmpty();
        for (Interaction interaction : recorded.interactions()) {
            RecordedRequest request = interaction.request();
            boolean streamed = request.body().path("stream").asBoolean(false);
            switch (request.upstream()) {
                case "openai" -> replayOpenai(endpoints, interaction, streamed);
                case "anthropic" -> replayAnthropic(endpoints, interaction, streamed);
                default -> throw new AssertionError("unexpected upstream " + request.upstream());
            }
        }
    }

    private static void replayOpenai(ProviderEndpoints endpoints, Interaction interaction, boolean streamed)
            throws Exception {
        var mapper = com.openai.core.ObjectMappers.jsonMapper();
        var body = mapper.treeToValue(interaction.request().body(), ChatCompletionCreateParams.Body.class);
        var params = ChatCompletionCreateParams.builder().body(body).build();
        var client = Clients.openai(endpoints);
        if (!streamed) {
            ChatCompletion completion = client.chat().completions().create(params);
            JsonNode expected = interaction.response().body();
            assertThat(completion.id()).isEqualTo(expected.get("id").asText());
            assertThat(completion.usage().orElseThrow().totalTokens())
                    .isEqualTo(expected.at("/usage/total_tokens").asLong());
            return;
        }
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks;
        try (var stream = client.chat().completions().createStreaming(params)) {
            chunks = stream.stream().collect(Collectors.toList());
        }
        assertThat(chunks).hasSize((int) interaction.response().events().stream()
                .filter(e -> e.json() != null)
                .count());
        // The accumulator refuses chunks after the usage chunk, such as gpt-5's moderation chunk.
        chunks.stream()
                .filter(c -> !c.choices().isEmpty() || c.usage().isPresent())
                .forEach(acc::accumulate);
        ChatCompletion completion = acc.chatCompletion();
        StringBuilder text = new StringBuilder();
        JsonNode usage = null;
        for (SseEvent event : interaction.response().events()) {
            JsonNode data = event.json();
            if (data == null) {
                continue;
            }
            for (JsonNode choice : data.path("choices")) {
                text.append(choice.at("/delta/content").asText(""));
            }
            if (data.hasNonNull("usage")) {
                usage = data.get("usage");
            }
        }
        assertThat(completion.choices().get(0).message().content().orElse("")).isEqualTo(text.toString());
        if (usage != null) {
            assertThat(completion.usage().orElseThrow().totalTokens())
                    .isEqualTo(usage.get("total_tokens").asLong());
        }
    }

    private static void replayAnthropic(ProviderEndpoints endpoints, Interaction interaction, boolean streamed)
            throws Exception {
        var mapper = com.anthropic.core.ObjectMappers.jsonMapper();
        var body = mapper.treeToValue(
                interaction.request().body(), com.anthropic.models.beta.messages.MessageCreateParams.Body.class);
        var params = com.anthropic.models.beta.messages.MessageCreateParams.builder()
                .body(body)
                // recorded by the Python SDK, which marks beta calls with ?beta=true
                .putAdditionalQueryParam("beta", "true")
                .build();
        var client = Clients.anthropic(endpoints);
        if (!streamed) {
            BetaMessage message = client.beta().messages().create(params);
            JsonNode expected = interaction.response().body();
            assertThat(message.id()).isEqualTo(expected.get("id").asText());
            assertThat(message.usage().outputTokens())
                    .isEqualTo(expected.at("/usage/output_tokens").asLong());
            return;
        }
        BetaMessageAccumulator acc = BetaMessageAccumulator.create();
        try (StreamResponse<BetaRawMessageStreamEvent> stream =
                client.beta().messages().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        BetaMessage message = acc.message();
        long outputTokens = -1;
        String id = null;
        for (SseEvent event : interaction.response().events()) {
            JsonNode data = event.json();
            if (data == null) {
                continue;
            }
            if ("message_start".equals(data.path("type").asText())) {
                id = data.at("/message/id").asText();
            }
            if ("message_delta".equals(data.path("type").asText())) {
                outputTokens = data.at("/usage/output_tokens").asLong();
            }
        }
        assertThat(message.id()).isEqualTo(id);
        assertThat(message.usage().outputTokens()).isEqualTo(outputTokens);
        assertThat(message.content()).isNotEmpty();
    }
}
