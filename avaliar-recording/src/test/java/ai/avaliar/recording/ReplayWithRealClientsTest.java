package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.openai.core.JsonValue;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real openai-java and anthropic-java clients replaying this project's cassettes from
 * {@code src/test/resources/cassettes/ReplayWithRealClientsTest/}, as a user's test would.
 * They were recorded with {@code -Davaliar.recording.mode=RECORD} against a local stand-in for
 * the providers (no key is involved).
 */
@AvaliarRecording(failOnUnusedInteractions = true)
class ReplayWithRealClientsTest {

    @Test
    void openai_answers_a_question(ProviderEndpoints endpoints) {
        ChatCompletion completion = Clients.openai(endpoints)
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("What is the capital of France?")
                        .build());

        assertThat(completion.choices().get(0).message().content()).hasValue("Paris.");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(16);
    }

    @Test
    void openai_streams_text_with_usage_on_the_final_chunk(ProviderEndpoints endpoints) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = Clients.openai(endpoints)
                .chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunk -> chunks.add(accumulator.accumulate(chunk)));
        }

        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello, world");
        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(4).usage().orElseThrow().totalTokens()).isEqualTo(12);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
    }

    @Test
    void openai_calls_a_tool(ProviderEndpoints endpoints) {
        ChatCompletion completion = Clients.openai(endpoints)
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("What is the weather in Paris?")
                        .addFunctionTool(FunctionDefinition.builder()
                                .name("get_weather")
                                .parameters(FunctionParameters.builder()
                                        .putAllAdditionalProperties(Map.of(
                                                "type", JsonValue.from("object"),
                                                "properties", JsonValue.from(Map.of("city", Map.of("type", "string")))))
                                        .build())
                                .build())
                        .build());

        var call = completion
                .choices()
                .get(0)
                .message()
                .toolCalls()
                .orElseThrow()
                .get(0)
                .asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    }

    /** The request of the recorded Anthropic stream (also replayed at its pace by ReplayPaceTest). */
    static final MessageCreateParams HELLO_IN_FRENCH = MessageCreateParams.builder()
            .model("claude-sonnet-4-5")
            .maxTokens(256)
            .addUserMessage("Say hello in French")
            .build();

    @Test
    void anthropic_streams_text_with_usage(ProviderEndpoints endpoints) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream =
                Clients.anthropic(endpoints).messages().createStreaming(HELLO_IN_FRENCH)) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        assertThat(message.content().get(0).asText().text()).isEqualTo("Bonjour le monde");
        assertThat(message.usage().inputTokens()).isEqualTo(12);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
    }

    @Test
    void anthropic_calls_a_tool(ProviderEndpoints endpoints) {
        Message message = Clients.anthropic(endpoints)
                .messages()
                .create(MessageCreateParams.builder()
                        .model("claude-sonnet-4-5")
                        .maxTokens(256)
                        .addUserMessage("What is the weather in Paris?")
                        .addTool(Tool.builder()
                                .name("get_weather")
                                .inputSchema(Tool.InputSchema.builder()
                                        .properties(Tool.InputSchema.Properties.builder()
                                                .putAdditionalProperty(
                                                        "city",
                                                        com.anthropic.core.JsonValue.from(Map.of("type", "string")))
                                                .build())
                                        .build())
                                .build())
                        .build());

        var toolUse = message.content().get(0).asToolUse();
        assertThat(toolUse.name()).isEqualTo("get_weather");
        var input = toolUse._input().convert(com.fasterxml.jackson.databind.JsonNode.class);
        assertThat(input.toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("tool_use");
    }
}
