package ai.avaliar.interop.springai;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatSpan;
import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.interop.ReplayedOpenAi;
import ai.avaliar.junit5.AvaliarExtension;
import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The Spring AI app as it is, its spans made by Spring AI through Micrometer and Spring Boot's
 * OpenTelemetry bridge, captured per test and asserted with Avaliar. What the test adds to an
 * existing {@code @SpringBootTest}: {@code @CaptureTraces} and the {@code OpenTelemetry} bean.
 *
 * <p>Replays gpt-4o's real answers recorded by pydantic-ai ({@code test_openai_text_output_function.yaml}):
 * a call of {@code get_user_country}, then "The largest city in Mexico is Mexico City.". Spring AI
 * asks in its own words where the Python client used others, so these request fields are not
 * compared: {@code tools} (Spring AI's JSON schema of the tool), {@code tool_choice} and
 * {@code stream} (Spring AI leaves them out), and the messages' {@code content} (Spring AI sends an
 * empty text with the assistant's tool call, the recording none); roles, the tool call, its id and
 * the model still have to match.
 */
@SpringBootTest(properties = "spring.ai.openai.api-key=replayed-no-key")
@CaptureTraces
@EnabledIfSystemProperty(
        named = "avaliar.interop.provider-traffic",
        matches = ".+",
        disabledReason = "needs ../shared/fixtures/provider-traffic: runs in the Maven profile provider-fixtures")
class CountryAssistantTest {

    @TestConfiguration
    static class TraceIntoTheTest {
        /** Spring Boot's tracing (and so Spring AI's spans) goes to the test's capture. */
        @Bean
        OpenTelemetry openTelemetry() {
            return AvaliarExtension.openTelemetry();
        }

        /** The app's OpenAI client goes to this test's replay server. */
        @Bean
        OpenAiHttpClientBuilderCustomizer replayServer() {
            return builder -> builder.interceptor(new ReplayedOpenAi());
        }
    }

    @Autowired
    CountryAssistant assistant;

    @BeforeEach
    void replay(ProviderEndpoints endpoints) {
        ReplayedOpenAi.use(endpoints);
    }

    @Test
    @AvaliarRecording(
            cassette = "provider-traffic/openai/test_openai_text_output_function.yaml",
            ignoreBodyFields = {"stream", "tool_choice", "tools", "messages.content"},
            failOnUnusedInteractions = true)
    void the_chat_client_runs_the_tool_between_two_llm_calls(CapturedTraces traces) {
        String answer = assistant.ask("What is the largest city in the user country?");

        assertThat(answer).isEqualTo("The largest city in Mexico is Mexico City.");
        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasLlmCallCount(2)
                .hasToolCallsInOrder("get_user_country")
                .hasTotalInputTokens(42 + 63)
                .hasTotalOutputTokens(11 + 10)
                .hasRoot("spring_ai chat_client")
                .isGeneric(); // Spring AI's ChatClient: gen_ai.operation.name "framework"

        // Spring AI's tool-calling advisor holds both model calls (each under an advisor "call",
        // with the HTTP POST below it) and the tool call between them.
        List<CapturedSpan> chats = trace.spans(SpanType.LLM);
        CapturedSpan tool = trace.spans(SpanType.TOOL).get(0);
        CapturedSpan toolCalling = tool.parent().orElseThrow();
        assertThat(toolCalling.parent()).contains(trace.root());
        assertThat(chats)
                .allSatisfy(chat ->
                        assertThat(chat.parent().flatMap(CapturedSpan::parent)).contains(toolCalling));
        assertThat(toolCalling.children())
                .extracting(CapturedSpan::name)
                .containsExactly("call", "execute_tool get_user_country", "call");

        assertThatSpan(chats.get(0))
                .hasName("chat gpt-4o")
                .hasModel("gpt-4o")
                .hasResponseModel("gpt-4o-2024-08-06")
                .hasProvider("openai")
                .hasInputTokens(42)
                .hasOutputTokens(11);
        assertThatSpan(tool).isTool().hasToolName("get_user_country");
        assertThatSpan(chats.get(1)).isLlm().hasInputTokens(63).hasOutputTokens(10);
    }
}
