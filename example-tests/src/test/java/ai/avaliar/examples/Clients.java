package ai.avaliar.examples;

import ai.avaliar.recording.ProviderEndpoints;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * Real provider clients pointed at the recording server. The keys come from the environment
 * when recording; replay needs none (the server never forwards a replayed request).
 */
final class Clients {

    private Clients() {}

    static OpenAIClient openai(ProviderEndpoints endpoints) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(endpoints.openai())
                .apiKey(key("OPENAI_API_KEY"))
                .build();
    }

    static AnthropicClient anthropic(ProviderEndpoints endpoints) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(endpoints.anthropic())
                .apiKey(key("ANTHROPIC_API_KEY"))
                .build();
    }

    static OpenAiChatModel.OpenAiChatModelBuilder langchain4j(ProviderEndpoints endpoints) {
        return OpenAiChatModel.builder().baseUrl(endpoints.openai()).apiKey(key("OPENAI_API_KEY"));
    }

    static OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder langchain4jStreaming(ProviderEndpoints endpoints) {
        return OpenAiStreamingChatModel.builder().baseUrl(endpoints.openai()).apiKey(key("OPENAI_API_KEY"));
    }

    private static String key(String variable) {
        String key = System.getenv(variable);
        return key == null || key.isBlank() ? "replayed-no-key" : key;
    }
}
