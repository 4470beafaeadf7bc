package ai.avaliar.recording;

import java.util.regex.Pattern;

/**
 * The base URLs a test gives its provider clients so that their requests are recorded or
 * replayed; injected as a test method parameter by {@link AvaliarRecording}.
 *
 * <pre>{@code
 * @AvaliarRecording
 * class AgentTest {
 *   @Test
 *   void answers(ProviderEndpoints endpoints) {
 *     OpenAIClient openai = OpenAIOkHttpClient.builder()
 *         .baseUrl(endpoints.openai()).apiKey("test-key").build();
 *     AnthropicClient anthropic = AnthropicOkHttpClient.builder()
 *         .baseUrl(endpoints.anthropic()).apiKey("test-key").build();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProviderEndpoints {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final String base;

    ProviderEndpoints(String base) {
        this.base = base;
    }

    /**
     * The base URL for openai-java and other OpenAI clients (LangChain4j's included): it ends in
     * {@code /v1}, as {@code https://api.openai.com/v1} does.
     *
     * @return the OpenAI base URL of this test
     */
    public String openai() {
        return upstream("openai") + "/v1";
    }

    /**
     * The base URL for anthropic-java: without {@code /v1}, as {@code https://api.anthropic.com}.
     * (LangChain4j's Anthropic model wants {@code anthropic() + "/v1/"}.)
     *
     * @return the Anthropic base URL of this test
     */
    public String anthropic() {
        return upstream("anthropic");
    }

    /**
     * The base URL standing for any named upstream. Recording needs its real URL, set with the
     * configuration parameter or system property {@code avaliar.recording.upstream.<name>}.
     *
     * @param name lower-case letters, digits and dashes, such as {@code weather-api}
     * @return the base URL of that upstream for this test, without a trailing slash
     * @throws IllegalArgumentException when the name has other characters
     */
    public String upstream(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Upstream name '"
                    + name
                    + "' is not valid: use lower-case letters, digits and dashes, such as 'weather-api'.");
        }
        return base + "/" + name;
    }

    @Override
    public String toString() {
        return "ProviderEndpoints[" + base + "]";
    }
}
