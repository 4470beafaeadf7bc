package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.stream.Stream;

/**
 * The guide's streaming pattern on Anthropic's Messages API: the llm span stays open while the
 * text streams, its output is the whole text, and every event of the stream is handed to
 * {@code Avaliar.updateCurrentLlmRun}, which takes the input and cache tokens from
 * {@code message_start} and the output tokens from {@code message_delta} (cumulative, so the last
 * one counts).
 *
 * <pre>{@code
 * ClaudeStory story = new ClaudeStory(anthropic, "claude-sonnet-4-5");
 * try (Stream<String> chunks = story.stream("Tell me a short story.")) {
 *     chunks.forEach(System.out::print);                 // span ends when the stream is read
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ClaudeStory {

    private final AnthropicClient anthropic;
    private final String model;

    /**
     * @param anthropic the Anthropic client
     * @param model the model, such as {@code claude-sonnet-4-5}
     */
    public ClaudeStory(AnthropicClient anthropic, String model) {
        this.anthropic = anthropic;
        this.model = model;
    }

    /**
     * Streams the model's answer on the calling thread. Close the stream if you stop early.
     *
     * @param prompt the user message
     * @return the text chunks
     */
    public Stream<String> stream(String prompt) {
        return Avaliar.llm("claude_stream").model(model).provider("anthropic").input("prompt", prompt).stream(() -> {
            StreamResponse<RawMessageStreamEvent> response = anthropic
                    .messages()
                    .createStreaming(MessageCreateParams.builder()
                            .model(model)
                            .maxTokens(1024)
                            .addUserMessage(prompt)
                            .build());
            return response.stream()
                    .onClose(response::close)
                    .peek(Avaliar::updateCurrentLlmRun) // every event: message_start and message_delta carry the tokens
                    .flatMap(ClaudeStory::text);
        });
    }

    private static Stream<String> text(RawMessageStreamEvent event) {
        return event.contentBlockDelta().flatMap(delta -> delta.delta().text()).map(text -> text.text()).stream()
                .filter(text -> !text.isEmpty());
    }
}
