package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * Custom metadata with LangChain4j: the sampling parameters are set once on the chat model, and
 * the llm span records the ones the model will send (its default request parameters) as
 * generation info, with the token usage LangChain4j reports.
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder().apiKey(key).modelName("gpt-4o-mini")
 *     .temperature(0.2).topP(0.9).build();
 * String answer = new LangChain4jGenerator(model, "gpt-4o-mini").generate("Define entropy.");
 * // langchain4j_generate (llm)  gpt-4o-mini · openai · temperature=0.2 · top_p=0.9
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LangChain4jGenerator {

    private final ChatModel model;
    private final String modelName;

    /**
     * @param model a LangChain4j chat model on OpenAI
     * @param modelName the model it asks for, recorded on the span
     */
    public LangChain4jGenerator(ChatModel model, String modelName) {
        this.model = model;
        this.modelName = modelName;
    }

    /**
     * One completion through LangChain4j.
     *
     * @param prompt the user message
     * @return the answer
     */
    public String generate(String prompt) {
        ChatRequestParameters sent = model.defaultRequestParameters();
        var llm = Avaliar.llm("langchain4j_generate")
                .model(modelName)
                .provider("openai")
                .input("prompt", prompt);
        if (sent.temperature() != null) {
            llm.temperature(sent.temperature());
        }
        if (sent.topP() != null) {
            llm.topP(sent.topP());
        }
        return llm.call(run -> {
            ChatResponse response = model.chat(
                    ChatRequest.builder().messages(UserMessage.from(prompt)).build());
            run.usageFrom(response); // token usage and model name, as for the provider SDKs
            return response.aiMessage().text();
        });
    }
}
