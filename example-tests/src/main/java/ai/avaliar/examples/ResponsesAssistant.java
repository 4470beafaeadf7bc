package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An assistant on OpenAI's Responses API ({@code client.responses()}), answered whole or streamed,
 * traced as an llm span with the guide's token tracking: {@code run.usageFrom(response)} on a whole
 * response, and every event of a stream handed to {@code Avaliar.updateCurrentLlmRun}, which takes
 * the tokens from the {@code response.completed} event.
 *
 * <pre>{@code
 * ResponsesAssistant assistant = new ResponsesAssistant(openai, "gpt-4o", "You are a helpful assistant.");
 * String answer = assistant.answer("What is the capital of France?");
 * try (Stream<String> chunks = assistant.stream("What is the capital of France?")) {
 *     chunks.forEach(System.out::print);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ResponsesAssistant {

    private final OpenAIClient openai;
    private final String model;
    private final String instructions;

    /**
     * @param openai the OpenAI client
     * @param model the model, such as {@code gpt-4o}
     * @param instructions the system instructions, or null for none
     */
    public ResponsesAssistant(OpenAIClient openai, String model, String instructions) {
        this.openai = openai;
        this.model = model;
        this.instructions = instructions;
    }

    /**
     * Asks once and returns the whole answer.
     *
     * @param prompt the user message
     * @return the answer's text
     */
    public String answer(String prompt) {
        return Avaliar.llm("respond")
                .model(model)
                .provider("openai")
                .input("prompt", prompt)
                .call(run -> {
                    Response response = openai.responses().create(params(prompt));
                    run.usageFrom(response); // tokens, cached and reasoning tokens, the model that answered
                    return response.output().stream()
                            .flatMap(item -> item.message().stream())
                            .flatMap(message -> message.content().stream())
                            .flatMap(content -> content.outputText().stream())
                            .map(text -> text.text())
                            .collect(Collectors.joining());
                });
    }

    /**
     * Streams the answer on the calling thread. Close the stream if you stop early.
     *
     * @param prompt the user message
     * @return the text chunks
     */
    public Stream<String> stream(String prompt) {
        return Avaliar.llm("respond_stream").model(model).provider("openai").input("prompt", prompt).stream(() -> {
            StreamResponse<ResponseStreamEvent> response = openai.responses().createStreaming(params(prompt));
            return response.stream()
                    .onClose(response::close)
                    .peek(Avaliar::updateCurrentLlmRun) // every event: response.completed carries the usage
                    .flatMap(event -> event.outputTextDelta().map(delta -> delta.delta()).stream());
        });
    }

    private ResponseCreateParams params(String prompt) {
        ResponseCreateParams.Builder params = ResponseCreateParams.builder()
                .model(model)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                        .role(EasyInputMessage.Role.USER)
                        .content(prompt)
                        .build())));
        if (instructions != null) {
            params.instructions(instructions);
        }
        return params.build();
    }
}
