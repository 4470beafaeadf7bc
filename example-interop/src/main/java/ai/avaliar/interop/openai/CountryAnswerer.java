package ai.avaliar.interop.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;

/**
 * Answers a question with gpt-4o through openai-java's chat completions, running the model's
 * {@code get_user_country} tool calls between them. Plain openai-java and the OpenTelemetry API: the
 * app gets an {@link OpenAIClient} (wrapped by OpenTelemetry's instrumentation where it is built) and
 * the {@link OpenTelemetry} it traces with, and opens one span around each question, as a service
 * method traced with {@code @WithSpan} or a server span would hold its model calls.
 *
 * <pre>{@code
 * CountryAnswerer answerer = new CountryAnswerer(openAiClient, openTelemetry);
 * String answer = answerer.answer("What country am I in?");
 * }</pre>
 */
public final class CountryAnswerer {

    private static final FunctionDefinition GET_USER_COUNTRY = FunctionDefinition.builder()
            .name("get_user_country")
            .description("")
            .parameters(FunctionParameters.builder()
                    .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of()))
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .build())
            .build();

    private final OpenAIClient client;
    private final Tracer tracer;

    /**
     * An answerer over that client.
     *
     * @param client the app's OpenAI client
     * @param openTelemetry the app's OpenTelemetry, for the span around each question
     */
    public CountryAnswerer(OpenAIClient client, OpenTelemetry openTelemetry) {
        this.client = client;
        this.tracer = openTelemetry.getTracer(CountryAnswerer.class.getName());
    }

    /**
     * Asks gpt-4o, calling the tools it asks for until it answers.
     *
     * @param question the user's question
     * @return the model's answer
     */
    public String answer(String question) {
        Span span = tracer.spanBuilder("answer").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                    .model(ChatModel.GPT_4O)
                    .addUserMessage(question)
                    .addFunctionTool(GET_USER_COUNTRY)
                    .toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO);
            for (int round = 0; round < 5; round++) {
                ChatCompletionMessage message = client.chat()
                        .completions()
                        .create(params.build())
                        .choices()
                        .get(0)
                        .message();
                List<ChatCompletionMessageToolCall> calls = message.toolCalls().orElse(List.of());
                if (calls.isEmpty()) {
                    return message.content().orElse("");
                }
                // the assistant's turn as the recording has it: its tool calls, no null content or refusal
                params.addMessage(ChatCompletionAssistantMessageParam.builder()
                        .toolCalls(calls)
                        .build());
                for (ChatCompletionMessageToolCall call : calls) {
                    ChatCompletionMessageFunctionToolCall function = call.asFunction();
                    params.addMessage(ChatCompletionToolMessageParam.builder()
                            .toolCallId(function.id())
                            .content(run(function.function().name()))
                            .build());
                }
            }
            throw new IllegalStateException("No answer after 5 rounds of tool calls");
        } finally {
            span.end();
        }
    }

    private static String run(String tool) {
        if (!"get_user_country".equals(tool)) {
            throw new IllegalArgumentException("Unknown tool: " + tool);
        }
        return "Mexico";
    }
}
