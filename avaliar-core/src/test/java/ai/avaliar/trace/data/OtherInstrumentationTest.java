package ai.avaliar.trace.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionMode;
import ai.avaliar.trace.InMemoryTraceExporter;
import ai.avaliar.trace.SpanType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spans that other instrumentation wrote, with the GenAI attributes as the conventions name them,
 * the older names some frameworks still write, and malformed values: read as far as they are sound.
 */
class OtherInstrumentationTest {

    private final InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()
            .get("other-instrumentation");

    private CapturedSpan only(Span span) {
        span.end();
        return exporter.traces().get(0).root();
    }

    private Span span(String name) {
        return tracer.spanBuilder(name).setParent(Context.root()).startSpan();
    }

    @ParameterizedTest
    @CsvSource({
        "chat, LLM",
        "text_completion, LLM",
        "generate_content, LLM",
        "embeddings, LLM",
        "execute_tool, TOOL",
        "invoke_agent, AGENT",
        "create_agent, AGENT",
        "Chat, LLM",
        "' execute_tool ', TOOL",
        "framework, GENERIC",
        "summon_demons, GENERIC"
    })
    void the_operation_name_gives_the_type(String operation, SpanType type) {
        Span span = span("op");
        span.setAttribute("gen_ai.operation.name", operation);

        assertThat(only(span).type()).isEqualTo(type);
    }

    @Test
    void the_response_id_and_finish_reasons_are_read_as_the_conventions_write_them() {
        Span span = span("chat gpt-4o");
        span.setAttribute("gen_ai.operation.name", "chat");
        span.setAttribute("gen_ai.response.id", "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
        span.setAttribute(
                io.opentelemetry.api.common.AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"),
                java.util.List.of("tool_calls", "stop"));

        CapturedSpan chat = only(span);

        assertThat(chat.responseId()).contains("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
        assertThat(chat.finishReasons()).containsExactly("tool_calls", "stop");
    }

    @Test
    void a_finish_reason_written_as_one_string_is_one_reason_and_none_is_an_empty_list() {
        Span one = span("chat");
        one.setAttribute("gen_ai.response.finish_reasons", "end_turn");
        assertThat(only(one).finishReasons()).containsExactly("end_turn");

        exporter.reset();
        assertThat(only(span("chat")).finishReasons()).isEmpty();
        assertThat(exporter.traces().get(0).root().responseId()).isEmpty();
    }

    @Test
    void a_spring_ai_chat_span_reads_model_provider_and_tokens() {
        Span span = span("chat gpt-4o");
        span.setAttribute("gen_ai.operation.name", "chat");
        span.setAttribute("gen_ai.system", "openai");
        span.setAttribute("gen_ai.request.model", "gpt-4o");
        span.setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06");
        span.setAttribute("gen_ai.usage.input_tokens", 42L);
        span.setAttribute("gen_ai.usage.output_tokens", 11L);

        CapturedSpan chat = only(span);

        assertThat(chat.isAvaliarSpan()).isFalse();
        assertThat(chat.type()).isEqualTo(SpanType.LLM);
        assertThat(chat.operationName()).contains("chat");
        assertThat(chat.provider()).contains("openai");
        assertThat(chat.model()).contains("gpt-4o");
        assertThat(chat.responseModel()).contains("gpt-4o-2024-08-06");
        assertThat(chat.inputTokens()).hasValue(42);
        assertThat(chat.outputTokens()).hasValue(11);
        assertThat(chat.totalTokens()).hasValue(53);
    }

    @Test
    void the_older_prompt_and_completion_token_names_count_too() {
        Span span = span("chat");
        span.setAttribute("gen_ai.operation.name", "chat");
        span.setAttribute("gen_ai.usage.prompt_tokens", 68L);
        span.setAttribute("gen_ai.usage.completion_tokens", 12L);

        CapturedSpan chat = only(span);

        assertThat(chat.inputTokens()).hasValue(68);
        assertThat(chat.outputTokens()).hasValue(12);
    }

    @Test
    void a_tool_span_names_its_tool_arguments_and_result() {
        Span span = span("execute_tool get_user_country");
        span.setAttribute("gen_ai.operation.name", "execute_tool");
        span.setAttribute("gen_ai.tool.name", "get_user_country");
        span.setAttribute("gen_ai.tool.call.arguments", "{}");
        span.setAttribute("gen_ai.tool.call.result", "Mexico");

        CapturedSpan tool = only(span);

        assertThat(tool.type()).isEqualTo(SpanType.TOOL);
        assertThat(tool.toolName()).contains("get_user_country");
        assertThat(tool.toolCallArguments()).contains("{}");
        assertThat(tool.toolCallResult()).contains("Mexico");
    }

    @Test
    void spring_ais_tool_span_names_its_tool_in_its_own_attribute() {
        Span span = span("execute_tool get_user_country");
        span.setAttribute("gen_ai.operation.name", "execute_tool");
        span.setAttribute("spring.ai.tool.definition.name", "get_user_country");

        assertThat(only(span).toolName()).contains("get_user_country");
    }

    @Test
    void messages_are_read_from_their_json() {
        Span span = span("chat");
        span.setAttribute(
                "gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where am I?\"}]}]");
        span.setAttribute(
                "gen_ai.output.messages",
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Mexico\"}],"
                        + "\"finish_reason\":\"stop\"}]");

        CapturedSpan chat = only(span);

        assertThat(chat.inputMessages())
                .singleElement()
                .satisfies(message -> assertThat(message)
                        .containsEntry("role", "user")
                        .containsEntry("parts", List.of(Map.of("type", "text", "content", "Where am I?"))));
        assertThat(chat.outputMessages())
                .singleElement()
                .satisfies(message -> assertThat(message).containsEntry("finish_reason", "stop"));
    }

    @Test
    void an_error_reads_its_type_from_error_type_or_else_the_exception() {
        Span typed = span("chat");
        typed.setAttribute("error.type", "timeout");
        typed.setStatus(StatusCode.ERROR);
        assertThat(only(typed).errorType()).contains("timeout");
        assertThat(exporter.traces().get(0).root().isError()).isTrue();

        exporter.reset();
        Span thrown = span("chat");
        thrown.recordException(new IllegalStateException("boom"));
        thrown.setStatus(StatusCode.ERROR);
        CapturedSpan failed = only(thrown);
        assertThat(failed.errorType()).contains("java.lang.IllegalStateException");
        assertThat(failed.errorMessage()).contains("boom");
    }

    // ---- bad input ----

    @Test
    void a_token_count_written_as_a_string_of_digits_is_read_as_the_count() {
        Span span = span("chat");
        span.setAttribute("gen_ai.usage.input_tokens", "42");
        span.setAttribute("gen_ai.usage.output_tokens", " 11 ");

        CapturedSpan chat = only(span);

        assertThat(chat.inputTokens()).hasValue(42);
        assertThat(chat.outputTokens()).hasValue(11);
    }

    @Test
    void a_token_count_as_a_whole_double_is_read_and_a_fraction_is_not() {
        Span span = span("chat");
        span.setAttribute("gen_ai.usage.input_tokens", 42.0);
        span.setAttribute("gen_ai.usage.output_tokens", 11.5);

        CapturedSpan chat = only(span);

        assertThat(chat.inputTokens()).hasValue(42);
        assertThat(chat.outputTokens()).isEmpty();
        assertThat(chat.totalTokens()).hasValue(42);
    }

    @Test
    void a_token_count_that_is_no_count_is_left_out_and_the_rest_is_still_read() {
        Span span = span("chat gpt-4o");
        span.setAttribute("gen_ai.operation.name", "chat");
        span.setAttribute("gen_ai.request.model", "gpt-4o");
        span.setAttribute("gen_ai.usage.input_tokens", "forty-two");
        span.setAttribute("gen_ai.usage.output_tokens", -3L);
        span.setAttribute(AttributeKey.booleanKey("gen_ai.usage.cache_read.input_tokens"), true);

        CapturedSpan chat = only(span);

        assertThat(chat.inputTokens()).isEmpty();
        assertThat(chat.outputTokens()).isEmpty();
        assertThat(chat.cacheReadInputTokens()).isEmpty();
        assertThat(chat.totalTokens()).isEmpty();
        assertThat(chat.type()).isEqualTo(SpanType.LLM);
        assertThat(chat.model()).contains("gpt-4o");
        assertThat(exporter.traces().get(0).render()).contains("chat gpt-4o  (llm)  gpt-4o");
    }

    @Test
    void a_messages_attribute_that_is_not_json_reads_as_no_messages() {
        Span span = span("chat");
        span.setAttribute("gen_ai.input.messages", "[{\"role\":\"user\", \"parts\": [ ... cut");
        span.setAttribute("gen_ai.output.messages", "[1, 2, 3]");
        span.setAttribute(AttributeKey.stringArrayKey("gen_ai.system_instructions"), List.of("be brief"));

        CapturedSpan chat = only(span);

        assertThat(chat.inputMessages()).isEmpty();
        assertThat(chat.outputMessages()).isEmpty();
        assertThat(chat.attribute(AttributeKey.stringKey("gen_ai.input.messages")))
                .endsWith("cut");
    }

    @Test
    void a_model_or_provider_of_another_type_is_read_as_its_text_and_an_empty_one_as_none() {
        Span span = span("chat");
        span.setAttribute(AttributeKey.longKey("gen_ai.request.model"), 4L);
        span.setAttribute("gen_ai.provider.name", "  ");
        span.setAttribute("gen_ai.system", "openai");

        CapturedSpan chat = only(span);

        assertThat(chat.model()).contains("4");
        assertThat(chat.provider()).contains("openai");
    }

    @Test
    void an_unknown_detection_mode_reads_as_none() {
        Span span = span("chat");
        span.setAttribute("avaliar.detection.mode", "psychic");

        assertThat(only(span).detectionMode()).isEmpty();

        exporter.reset();
        Span local = span("chat");
        local.setAttribute("avaliar.detection.mode", "local");
        assertThat(only(local).detectionMode()).contains(DetectionMode.LOCAL);
    }
}
