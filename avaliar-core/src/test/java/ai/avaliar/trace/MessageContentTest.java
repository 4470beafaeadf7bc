package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.avaliar.trace.data.CapturedSpan;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message content is the GenAI conventions' opt-in: off unless asked for, by our switch or OpenTelemetry's. */
class MessageContentTest {

    @RegisterExtension
    final Capture capture = new Capture();

    private static boolean ambient(Map<String, String> properties, Map<String, String> environment) {
        return MessageContent.ambient(properties::get, environment::get);
    }

    @Test
    void tool_arguments_and_result_are_not_recorded_by_default() {
        Avaliar.tool("fetch_weather").input("city", "Lisbon").call(() -> "sunny");

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.TOOL_CALL_ARGUMENTS)).isNull();
        assertThat(span.attribute(AvaliarAttributes.TOOL_CALL_RESULT)).isNull();
        assertThat(span.inputJson()).isEqualTo("{\"city\":\"Lisbon\"}"); // Avaliar's own, as before
    }

    @Test
    void with_message_content_on_a_tool_span_records_its_arguments_and_result_as_json() {
        capture.captureMessageContent();

        Avaliar.tool("fetch_weather").input("city", "Lisbon").call(() -> Map.of("sky", "sunny"));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.TOOL_CALL_ARGUMENTS)).isEqualTo("{\"city\":\"Lisbon\"}");
        assertThat(span.attribute(AvaliarAttributes.TOOL_CALL_RESULT)).isEqualTo("{\"sky\":\"sunny\"}");
    }

    @Test
    void a_failed_tool_has_arguments_but_no_result() {
        capture.captureMessageContent();

        catchThrowable(
                () -> Avaliar.tool("fetch_weather").input("city", "Lisbon").call(() -> {
                    throw new IllegalStateException("down");
                }));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.TOOL_CALL_ARGUMENTS)).isEqualTo("{\"city\":\"Lisbon\"}");
        assertThat(span.attribute(AvaliarAttributes.TOOL_CALL_RESULT)).isNull();
    }

    @Test
    void message_content_never_goes_on_spans_other_than_tools_by_their_inputs() {
        capture.captureMessageContent();

        Avaliar.agent("plan").input("goal", "x").call(() -> "y");

        assertThat(capture.trace().root().attribute(AvaliarAttributes.TOOL_CALL_ARGUMENTS))
                .isNull();
    }

    @Test
    void with_message_content_an_llm_spans_inputs_are_its_system_instructions_and_user_message() {
        capture.captureMessageContent();

        Avaliar.llm("answer")
                .input("system", "Answer briefly.")
                .input("question", "Capital of France?")
                .input("context", Map.of("country", "FR"))
                .call(() -> "Paris");

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.SYSTEM_INSTRUCTIONS))
                .isEqualTo("[{\"type\":\"text\",\"content\":\"Answer briefly.\"}]");
        assertThat(span.attribute(AvaliarAttributes.INPUT_MESSAGES))
                .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Capital of France?\"},"
                        + "{\"type\":\"text\",\"content\":\"{\\\"country\\\":\\\"FR\\\"}\"}]}]");
    }

    @Test
    void without_message_content_an_llm_span_has_no_messages() {
        Avaliar.llm("answer").input("question", "Capital of France?").call(() -> "Paris");

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.INPUT_MESSAGES)).isNull();
        assertThat(span.attribute(AvaliarAttributes.SYSTEM_INSTRUCTIONS)).isNull();
    }

    @Test
    void a_tool_call_id_and_an_agents_provider_are_recorded_when_given() {
        Avaliar.agent("briefing")
                .provider("openai")
                .call(() -> Avaliar.tool("fetch_weather").toolCallId("call_abc").call(() -> "sunny"));

        CapturedSpan agent = capture.trace().root();
        assertThat(agent.provider()).hasValue("openai");
        assertThat(agent.child("fetch_weather").orElseThrow().attribute(AvaliarAttributes.TOOL_CALL_ID))
                .isEqualTo("call_abc");
    }

    interface Briefing {
        @Traceable(type = SpanType.AGENT, provider = "anthropic")
        String brief(String city);
    }

    @Test
    void a_traceable_agent_takes_its_provider_from_the_annotation_without_a_misuse() {
        Briefing briefing = Avaliar.traced(Briefing.class, city -> "sunny in " + city);

        briefing.brief("Lisbon");

        assertThat(capture.trace().root().provider()).hasValue("anthropic");
        assertThat(capture.misuseMessages()).isEmpty();
    }

    @Test
    void our_switch_turns_it_on_or_off_the_system_property_before_the_environment() {
        assertThat(ambient(Map.of(), Map.of())).isFalse();
        assertThat(ambient(Map.of(), Map.of("AVALIAR_CAPTURE_MESSAGES", "true")))
                .isTrue();
        assertThat(ambient(Map.of("avaliar.capture.messages", "false"), Map.of("AVALIAR_CAPTURE_MESSAGES", "true")))
                .isFalse();
        assertThat(ambient(
                        Map.of(),
                        Map.of(
                                "AVALIAR_CAPTURE_MESSAGES", "false",
                                "OTEL_SEMCONV_STABILITY_OPT_IN", "gen_ai_latest_experimental",
                                "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "span_only")))
                .isFalse();
    }

    @Test
    void opentelemetrys_switch_needs_both_the_latest_conventions_and_content_capture() {
        assertThat(ambient(
                        Map.of(),
                        Map.of(
                                "OTEL_SEMCONV_STABILITY_OPT_IN", "http,gen_ai_latest_experimental",
                                "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "SPAN_ONLY")))
                .isTrue();
        assertThat(ambient(Map.of(), Map.of("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")))
                .isFalse();
        assertThat(ambient(
                        Map.of(),
                        Map.of(
                                "OTEL_SEMCONV_STABILITY_OPT_IN", "gen_ai_latest_experimental",
                                "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "event_only")))
                .isFalse();
        assertThat(ambient(
                        Map.of(
                                "otel.semconv-stability.opt-in", "gen_ai_latest_experimental",
                                "otel.instrumentation.genai.capture-message-content", "true"),
                        Map.of()))
                .isTrue();
    }

    @Test
    void the_configuration_from_the_environment_reads_avaliar_capture_messages() {
        assertThat(AvaliarConfig.fromEnvironment(Map.of("AVALIAR_CAPTURE_MESSAGES", "true"))
                        .captureMessageContent())
                .isTrue();
        assertThat(AvaliarConfig.fromEnvironment(Map.of()).captureMessageContent())
                .isFalse();
    }
}
