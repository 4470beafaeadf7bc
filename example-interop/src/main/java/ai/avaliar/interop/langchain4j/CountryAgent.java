package ai.avaliar.interop.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;

/**
 * A LangChain4j {@code AiServices} agent with one tool, traced by LangChain4j's own observability:
 * its {@code AiServiceListener} events and {@code ChatModelListener}, turned into OpenTelemetry
 * spans by {@link GenAiTracing}. Nothing of Avaliar in it.
 *
 * <pre>{@code
 * GenAiTracing tracing = new GenAiTracing(GlobalOpenTelemetry.get());
 * CountryAgent agent = CountryAgent.create(OpenAiChatModel.builder()....listeners(List.of(tracing)).build(), tracing);
 * String answer = agent.chat("What is the largest city in the user country?");
 * }</pre>
 */
public interface CountryAgent {

    /**
     * Asks the agent.
     *
     * @param question the user's question
     * @return the agent's answer
     */
    String chat(String question);

    /**
     * Builds the agent on a chat model; give the model the same {@code tracing} as its listener.
     *
     * @param model the chat model
     * @param tracing the tracing of the agent's events
     * @return the agent
     */
    static CountryAgent create(ChatModel model, GenAiTracing tracing) {
        return AiServices.builder(CountryAgent.class)
                .chatModel(model)
                .tools(new CountryTools())
                .registerListeners(tracing.agentListeners())
                .build();
    }

    /** The tool the model may call. */
    final class CountryTools {
        @Tool(name = "get_user_country", value = "The country the user is in")
        public String getUserCountry() {
            return "Mexico";
        }
    }
}
