package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.openai.client.OpenAIClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.Stream;

/**
 * The guide's streaming responses, sync and async: the llm span stays open while the text
 * streams, its output is the whole text, and its token counts come from the final chunk
 * ({@code stream_options.include_usage}).
 *
 * <pre>{@code
 * StreamingStory story = new StreamingStory(openai, "gpt-4o");
 * try (Stream<String> chunks = story.streamSync("Tell me a short story.")) {
 *     chunks.forEach(System.out::print);                 // span ends when the stream is read
 * }
 * story.streamAsync("Tell me a short story.").subscribe(printer);   // a Flow.Publisher<String>
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StreamingStory {

    private final OpenAIClient openai;
    private final String model;

    /**
     * @param openai the OpenAI client; its {@code async()} view serves {@link #streamAsync}
     * @param model the chat model, such as {@code gpt-4o}
     */
    public StreamingStory(OpenAIClient openai, String model) {
        this.openai = openai;
        this.model = model;
    }

    /**
     * Streams the model's answer on the calling thread. Close the stream if you stop early.
     *
     * @param prompt the user message
     * @return the text chunks
     */
    public Stream<String> streamSync(String prompt) {
        return Avaliar.llm("stream_generate_sync").model(model).provider("openai").input("prompt", prompt).stream(
                run -> {
                    var response = openai.chat().completions().createStreaming(params(prompt));
                    return response.stream()
                            .onClose(response::close)
                            .peek(run::usageFrom) // only the final chunk carries usage
                            .flatMap(StreamingStory::text);
                });
    }

    /**
     * Streams the model's answer from openai-java's async client. Each subscription makes one
     * request. The client pushes chunks as the provider sends them; a {@link SubmissionPublisher}
     * hands them on at the pace the subscriber asks for ({@code request(n)}), buffering the rest,
     * and cancelling the subscription closes the response.
     *
     * @param prompt the user message
     * @return a publisher of the text chunks
     */
    public Flow.Publisher<String> streamAsync(String prompt) {
        return Avaliar.llm("stream_generate")
                .model(model)
                .provider("openai")
                .input("prompt", prompt)
                .publish(run -> subscriber -> {
                    SubmissionPublisher<String> chunks = new SubmissionPublisher<>();
                    chunks.subscribe(subscriber);
                    AsyncStreamResponse<ChatCompletionChunk> response =
                            openai.async().chat().completions().createStreaming(params(prompt));
                    response.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
                        @Override
                        public void onNext(ChatCompletionChunk chunk) {
                            run.usageFrom(chunk);
                            if (!chunks.hasSubscribers()) {
                                response.close(); // the subscriber cancelled
                                return;
                            }
                            text(chunk).forEach(chunks::submit);
                        }

                        @Override
                        public void onComplete(Optional<Throwable> error) {
                            error.ifPresentOrElse(chunks::closeExceptionally, chunks::close);
                        }
                    });
                });
    }

    private ChatCompletionCreateParams params(String prompt) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage(prompt)
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
    }

    private static Stream<String> text(ChatCompletionChunk chunk) {
        return chunk.choices().stream()
                .flatMap(choice -> choice.delta().content().stream())
                .filter(s -> !s.isEmpty());
    }
}
