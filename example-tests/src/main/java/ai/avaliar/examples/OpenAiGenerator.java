package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** Calls OpenAI and reports the usage of the response to the current llm span. */
final class OpenAiGenerator implements Generator {

    private final OpenAIClient openai;

    OpenAiGenerator(OpenAIClient openai) {
        this.openai = openai;
    }

    @Override
    public String generate(String prompt) {
        ChatCompletion completion = openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o")
                        .addUserMessage(prompt)
                        .build());
        // must run inside the llm span: here, inside the traced method
        Avaliar.updateCurrentLlmRun(completion);
        return completion.choices().get(0).message().content().orElse("");
    }
}
