package ai.avaliar.interop.langchain4j;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The LangChain4j agent as it is, tracing through {@code GlobalOpenTelemetry}, its spans captured per
 * test and asserted with Avaliar. What the test adds: {@code @CaptureTraces(registerGlobal = true)}.
 *
 * <p>Replays gpt-4o's real answers recorded by pydantic-ai ({@code test_openai_text_output_function.yaml});
 * LangChain4j's JSON schema of the tool ({@code tools}) and its leaving out {@code tool_choice} ("auto", the
 * default) are not compared.
 */
@EnabledIfSystemProperty(
        named = "avaliar.interop.provider-traffic",
        matches = ".+",
        disabledReason = "needs ../shared/fixtures/provider-traffic: runs in the Maven profile provider-fixtures")
@CaptureTraces(registerGlobal = true)
class CountryAgentTest {

    @Test
    @AvaliarRecording(
            cassette = "provider-traffic/openai/test_openai_text_output_function.yaml",
            ignoreBodyFields = {"tools", "tool_choice"},
            failOnUnusedInteractions = true)
    void the_agent_runs_the_tool_between_two_llm_calls(ProviderEndpoints endpoints, CapturedTraces traces) {
        GenAiTracing tracing = new GenAiTracing(GlobalOpenTelemetry.get());
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl(endpoints.openai())
                .apiKey("replayed-no-key")
                .modelName("gpt-4o")
                .listeners(List.of(tracing))
                .build();

        String answer = CountryAgent.create(model, tracing).chat("What is the largest city in the user country?");

        assertThat(answer).isEqualTo("The largest city in Mexico is Mexico City.");
        assertThatTrace(traces.single())
                .hasShape("""
                        invoke_agent ai.avaliar.interop.langchain4j.CountryAgent  (agent)
                          ├── chat gpt-4o                      (llm)
                          ├── execute_tool get_user_country    (tool)
                          └── chat gpt-4o                      (llm)
                        """)
                .hasToolCallsInOrder("get_user_country")
                .hasTotalInputTokens(42 + 63)
                .hasTotalOutputTokens(11 + 10)
                .span("invoke_agent ai.avaliar.interop.langchain4j.CountryAgent/chat gpt-4o[0]")
                .isLlm()
                .hasModel("gpt-4o")
                .hasResponseModel("gpt-4o-2024-08-06")
                .hasProvider("openai")
                .hasInputTokens(42)
                .hasOutputTokens(11)
                .backToTrace()
                .span("invoke_agent ai.avaliar.interop.langchain4j.CountryAgent/execute_tool get_user_country")
                .isTool()
                .hasToolName("get_user_country")
                .backToTrace()
                .span("invoke_agent ai.avaliar.interop.langchain4j.CountryAgent/chat gpt-4o[1]")
                .isLlm()
                .hasInputTokens(63)
                .hasOutputTokens(10);
        CapturedSpan tool = traces.single().spans(SpanType.TOOL).get(0);
        assertThat(tool.toolCallArguments()).contains("{}");
        assertThat(tool.toolCallResult()).contains("Mexico");
    }
}
