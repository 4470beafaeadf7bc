package ai.avaliar.interop.springai;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;

/**
 * Answers a question with the app's {@link ChatClient}, which calls the model, runs the tool the
 * model asks for and calls the model again with its result.
 *
 * <pre>{@code
 * String answer = assistant.ask("What is the largest city in the user country?");
 * }</pre>
 */
@Service
public class CountryAssistant {

    private final ChatClient chatClient;

    CountryAssistant(ChatClient chatClient) {
        this.chatClient = chatClient;
    }

    /**
     * Asks the model.
     *
     * @param question the user's question
     * @return the model's answer
     */
    public String ask(String question) {
        return chatClient.prompt().user(question).call().content();
    }
}
