package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Streaming with LangChain4j: the llm span is open from the request to the handler's
 * {@code onCompleteResponse}, whose final {@code ChatResponse} gives the tokens. The handler runs
 * on LangChain4j's thread, where no span is current, so it records them on the {@code run} it
 * captured rather than through {@code Avaliar.updateCurrentLlmRun}.
 *
 * <pre>{@code
 * StreamingChatModel model = OpenAiStreamingChatModel.builder().apiKey(key).modelName("gpt-4o-mini").build();
 * String story = new LangChain4jStory(model, "gpt-4o-mini").stream("Tell me a short story.", System.out::print).join();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LangChain4jStory {

    private final StreamingChatModel model;
    private final String modelName;

    /**
     * @param model a LangChain4j streaming chat model on OpenAI
     * @param modelName the model it asks for, recorded on the span
     */
    public LangChain4jStory(StreamingChatModel model, String modelName) {
        this.model = model;
        this.modelName = modelName;
    }

    /**
     * Streams the answer to {@code onText} as it comes.
     *
     * @param prompt the user message
     * @param onText called with each piece of text, on LangChain4j's thread
     * @return the whole answer, once the stream has ended
     */
    public CompletableFuture<String> stream(String prompt, Consumer<String> onText) {
        return Avaliar.llm("langchain4j_stream")
                .model(modelName)
                .provider("openai")
                .input("prompt", prompt)
                .callAsync(run -> {
                    CompletableFuture<String> answer = new CompletableFuture<>();
                    model.chat(prompt, new StreamingChatResponseHandler() {
                        @Override
                        public void onPartialResponse(String text) {
                            onText.accept(text);
                        }

                        @Override
                        public void onCompleteResponse(ChatResponse response) {
                            run.usageFrom(response); // the final response: tokens and the model that answered
                            answer.complete(response.aiMessage().text());
                        }

                        @Override
                        public void onError(Throwable error) {
                            answer.completeExceptionally(error);
                        }
                    });
                    return answer;
                });
    }
}
