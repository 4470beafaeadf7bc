package ai.avaliar.interop.openai;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatSpan;
import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.junit5.AvaliarExtension;
import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The openai-java app as it is, its chat spans made by OpenTelemetry's openai-java instrumentation
 * ({@code opentelemetry-openai-java-1.1}), captured per test and asserted with Avaliar. What the test
 * adds: {@code @CaptureTraces}, and {@code AvaliarExtension.openTelemetry()} where the app's client is
 * wrapped and where the app gets its {@code OpenTelemetry}.
 *
 * <p>Replays gpt-4o's real answers recorded by pydantic-ai ({@code test_openai_text_output_function.yaml}):
 * a call of {@code get_user_country}, then "The largest city in Mexico is Mexico City.". openai-java
 * leaves {@code stream} out of a call that does not stream, so that field is not compared; everything
 * else of both requests is.
 */
@EnabledIfSystemProperty(
        named = "avaliar.interop.provider-traffic",
        matches = ".+",
        disabledReason = "needs ../shared/fixtures/provider-traffic: runs in the Maven profile provider-fixtures")
@CaptureTraces
class CountryAnswererTest {

    @Test
    @AvaliarRecording(
            cassette = "provider-traffic/openai/test_openai_text_output_function.yaml",
            ignoreBodyFields = {"stream"},
            failOnUnusedInteractions = true)
    void the_instrumented_client_traces_both_llm_calls_around_the_tool(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        OpenAIClient client = OpenAITelemetry.builder(AvaliarExtension.openTelemetry())
                .setCaptureMessageContent(true)
                .build()
                .wrap(OpenAIOkHttpClient.builder()
                        .baseUrl(endpoints.openai())
                        .apiKey("replayed-no-key")
                        .build());

        String answer = new CountryAnswerer(client, AvaliarExtension.openTelemetry())
                .answer("What is the largest city in the user country?");

        assertThat(answer).isEqualTo("The largest city in Mexico is Mexico City.");
        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape("""
                        answer               (generic)
                          ├── chat gpt-4o    (llm)
                          └── chat gpt-4o    (llm)
                        """)
                .hasLlmCallCount(2)
                .hasTotalInputTokens(42 + 63)
                .hasTotalOutputTokens(11 + 10)
                .span("answer/chat gpt-4o[0]")
                .isLlm()
                .hasModel("gpt-4o")
                .hasResponseModel("gpt-4o-2024-08-06")
                .hasProvider("openai")
                .hasInputTokens(42)
                .hasOutputTokens(11)
                .hasTotalTokens(53)
                .backToTrace()
                .span("answer/chat gpt-4o[1]")
                .isLlm()
                .hasModel("gpt-4o")
                .hasResponseModel("gpt-4o-2024-08-06")
                .hasProvider("openai")
                .hasInputTokens(63)
                .hasOutputTokens(10)
                .hasTotalTokens(73);

        List<CapturedSpan> chats = trace.spans(SpanType.LLM);
        assertThat(chats)
                .extracting(CapturedSpan::finishReasons)
                .containsExactly(List.of("tool_calls"), List.of("stop"));
        assertThat(chats)
                .extracting(chat -> chat.responseId().orElseThrow())
                .containsExactly("chatcmpl-BgeDFS85bfHosRFEEAvq8reaCPCZ8", "chatcmpl-BgeDGX9eDyVrEI56aP2vtIHahBzFH");

        // With setCaptureMessageContent(true) the instrumentation writes the messages as log events
        // (gen_ai.user.message, gen_ai.choice, ...), not as gen_ai.input/output.messages on the span.
        assertThat(chats).allSatisfy(chat -> {
            assertThat(chat.inputMessages()).isEmpty();
            assertThat(chat.outputMessages()).isEmpty();
        });
        // Nor does it write a tool span: the tool ran in the app, untraced. Asking a span for what it
        // lacks says what it does have.
        assertThatThrownBy(() -> assertThatSpan(chats.get(0)).hasToolName("get_user_country"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gen_ai.operation.name=chat")
                .hasMessageContaining("gen_ai.usage.input_tokens=42");
    }
}
