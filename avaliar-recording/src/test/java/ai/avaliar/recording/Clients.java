package ai.avaliar.recording;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.time.Duration;

/** Real provider clients pointed at the recording server, with retries off. */
final class Clients {

    private Clients() {}

    static OpenAIClient openai(ProviderEndpoints endpoints) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(endpoints.openai())
                .apiKey("sk-test-not-a-real-key-0000000000")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    static AnthropicClient anthropic(ProviderEndpoints endpoints) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(endpoints.anthropic())
                .apiKey("sk-ant-test-not-a-real-key-000000000")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }
}
