package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.SAME_THREAD)
class RecordAndReplayTest {

    @TempDir
    Path cassettes;

    /** What the fixtures saw, by test method name. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @AvaliarRecording
    static class StreamingFixture {
        @org.junit.jupiter.api.Test
        void openai_stream(ProviderEndpoints endpoints) {
            var client = Clients.openai(endpoints);
            var params = ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("Say hello")
                    .streamOptions(ChatCompletionStreamOptions.builder()
                            .includeUsage(true)
                            .build())
                    .build();
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                    client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(acc::accumulate);
            }
            ChatCompletion completion = acc.chatCompletion();
            SEEN.put(
                    "openai_stream",
                    completion.choices().get(0).message().content().orElse("")
                            + " | "
                            + completion.usage().orElseThrow().totalTokens());
        }

        @org.junit.jupiter.api.Test
        void anthropic_stream(ProviderEndpoints endpoints) {
            var client = Clients.anthropic(endpoints);
            var params = MessageCreateParams.builder()
                    .model("claude-sonnet-4-5")
                    .maxTokens(256)
                    .addUserMessage("Say hello in French")
                    .build();
            MessageAccumulator acc = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> stream =
                    client.messages().createStreaming(params)) {
                stream.stream().forEach(acc::accumulate);
            }
            var message = acc.message();
            SEEN.put(
                    "anthropic_stream",
                    message.content().get(0).asText().text()
                            + " | "
                            + message.usage().inputTokens()
                            + "/"
                            + message.usage().outputTokens());
        }
    }

    @Test
    void records_streams_from_the_upstream_then_replays_them_without_it() throws Exception {
        // given: RECORD against a local stand-in for the providers
        try (FakeProvider upstream = new FakeProvider()) {
            var recorded = Kit.run(
                    StreamingFixture.class,
                    cassettes,
                    Map.of(
                            "avaliar.recording.mode", "RECORD",
                            "avaliar.recording.upstream.openai", upstream.url(),
                            "avaliar.recording.upstream.anthropic", upstream.url()));
            recorded.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        }
        assertThat(SEEN).containsEntry("openai_stream", "Hello, world | 12");
        assertThat(SEEN).containsEntry("anthropic_stream", "Bonjour le monde | 12/5");
        SEEN.clear();

        // when: replayed with the upstream gone
        var replayed = Kit.run(StreamingFixture.class, cassettes);

        // then
        replayed.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN).containsEntry("openai_stream", "Hello, world | 12");
        assertThat(SEEN).containsEntry("anthropic_stream", "Bonjour le monde | 12/5");
    }

    @Test
    void writes_readable_cassettes_without_secrets() throws Exception {
        try (FakeProvider upstream = new FakeProvider()) {
            Kit.run(
                            StreamingFixture.class,
                            cassettes,
                            Map.of(
                                    "avaliar.recording.mode", "RECORD",
                                    "avaliar.recording.upstream.openai", upstream.url(),
                                    "avaliar.recording.upstream.anthropic", upstream.url()))
                    .testEvents()
                    .assertStatistics(s -> s.succeeded(2));
        }
        String openai = Files.readString(cassettes.resolve("RecordAndReplayTest$StreamingFixture/openai_stream.json"));
        String anthropic =
                Files.readString(cassettes.resolve("RecordAndReplayTest$StreamingFixture/anthropic_stream.json"));

        assertThat(openai + anthropic)
                .doesNotContain("sk-test", "sk-ant-test", "authorization", "x-api-key")
                .doesNotContain("acme-secret-org", "proj_secret", "org-secret", "req_123", "req_abc")
                .doesNotContain("set-cookie", "__cf_bm", "cf-ray");
        assertThat(openai)
                .containsPattern("\"openai-processing-ms\" : \\[\\s*\"42\"\\s*]")
                .doesNotContain("x-stainless-os-version", "x-stainless-retry-count")
                .contains("\"upstream\" : \"openai\"")
                .contains("\"path\" : \"/v1/chat/completions\"")
                .contains("\"content\" : \"Say hello\"")
                .containsPattern("\"events\" : \\[\\s*\\{")
                .contains("\"data\" : \"[DONE]\"")
                .contains("\"client\" : \"OpenAIClientImpl/Java 4.101.0\"")
                .contains("\"requestHash\" : \"sha256:");
        assertThat(anthropic).contains("\"event\" : \"content_block_delta\"").contains("\"text\" : \"Bonjour\"");
    }
}
