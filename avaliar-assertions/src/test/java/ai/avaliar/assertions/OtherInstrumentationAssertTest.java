package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatSpan;
import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static ai.avaliar.assertions.TraceFixture.foreign;
import static ai.avaliar.assertions.TraceFixture.trace;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;

/**
 * Assertions on spans that Spring AI, LangChain4j or OpenTelemetry's instrumentation wrote: they
 * answer as Avaliar's own do, and a failure on what such a span lacks lists what it has.
 */
class OtherInstrumentationAssertTest {

    private static AttributeKey<String> text(String key) {
        return AttributeKey.stringKey(key);
    }

    private static AttributeKey<Long> count(String key) {
        return AttributeKey.longKey(key);
    }

    /** As Spring AI writes them: the provider in gen_ai.system, the tool in its own attribute. */
    static final Trace SPRING_AI = trace(foreign("spring_ai chat_client")
            .at(0, 50)
            .attr(text("gen_ai.operation.name"), "framework")
            .attr(text("gen_ai.system"), "spring_ai")
            .children(
                    foreign("chat gpt-4o")
                            .at(1, 20)
                            .attr(text("gen_ai.operation.name"), "chat")
                            .attr(text("gen_ai.system"), "openai")
                            .attr(text("gen_ai.request.model"), "gpt-4o")
                            .attr(count("gen_ai.usage.input_tokens"), 42L)
                            .attr(count("gen_ai.usage.output_tokens"), 11L),
                    foreign("execute_tool get_user_country")
                            .at(21, 22)
                            .attr(text("gen_ai.operation.name"), "execute_tool")
                            .attr(text("spring.ai.tool.definition.name"), "get_user_country"),
                    foreign("chat gpt-4o").at(23, 40).attr(text("gen_ai.operation.name"), "chat")));

    private static CapturedSpan span(String path) {
        return SPRING_AI.span(path).orElseThrow();
    }

    @Test
    void a_chat_span_of_spring_ai_answers_as_an_llm_span_of_ours() {
        assertThatSpan(span("spring_ai chat_client/chat gpt-4o[0]"))
                .isLlm()
                .hasModel("gpt-4o")
                .hasProvider("openai")
                .hasInputTokens(42)
                .hasOutputTokens(11)
                .hasTotalTokens(53);
        assertThatSpan(span("spring_ai chat_client")).isGeneric();
    }

    @Test
    void a_tool_span_answers_with_its_tool_name_and_the_trajectory_names_tools() {
        assertThatSpan(span("spring_ai chat_client/execute_tool get_user_country"))
                .isTool()
                .hasToolName("get_user_country");
        assertThatTrace(SPRING_AI).hasToolCallsInOrder("get_user_country").hasLlmCallCount(2);
    }

    @Test
    void a_value_the_span_lacks_fails_listing_the_attributes_it_has() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatSpan(span("spring_ai chat_client/chat gpt-4o[1]"))
                        .hasInputTokens(63))
                .withMessageStartingWith("Expected span <chat gpt-4o> to have input tokens <63> but it had none.\n"
                        + "The span was not written by Avaliar (it has no avaliar.span.type); its attributes:"
                        + " {gen_ai.operation.name=chat}.\n"
                        + "Actual trace:\n");
    }

    @Test
    void a_wrong_type_fails_saying_where_the_type_came_from() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatSpan(span("spring_ai chat_client")).isAgent())
                .withMessageStartingWith("Expected span <spring_ai chat_client> to be an agent span but it was a"
                        + " generic span. Another instrumentation's span is typed by gen_ai.operation.name: chat,"
                        + " text_completion, generate_content and embeddings are llm, execute_tool is tool,"
                        + " invoke_agent and create_agent are agent, anything else generic.\n"
                        + "The span was not written by Avaliar (it has no avaliar.span.type); its attributes:"
                        + " {gen_ai.operation.name=framework, gen_ai.system=spring_ai}.\n");
    }

    // ---- bad input: read as far as it is sound, and never anything but an assertion failure ----

    static final CapturedSpan MALFORMED = trace(foreign("chat gpt-4o")
                    .attr(text("gen_ai.operation.name"), "chat")
                    .attr(text("gen_ai.request.model"), "gpt-4o")
                    .attr(text("gen_ai.usage.input_tokens"), "forty-two")
                    .attr(text("gen_ai.usage.output_tokens"), "11")
                    .attr(text("gen_ai.input.messages"), "[{\"role\": cut")
                    .attr(text("avaliar.detection.mode"), "psychic"))
            .root();

    @Test
    void a_malformed_span_is_read_as_far_as_it_is_sound() {
        assertThatSpan(MALFORMED).isLlm().hasModel("gpt-4o").hasOutputTokens(11).hasNoDetections();
    }

    @Test
    void a_token_count_that_is_no_number_fails_as_an_assertion_showing_what_was_written() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatSpan(MALFORMED).hasInputTokens(42))
                .withMessageStartingWith("Expected span <chat gpt-4o> to have input tokens <42> but it had none.\n"
                        + "The span was not written by Avaliar (it has no avaliar.span.type); its attributes:"
                        + " {avaliar.detection.mode=psychic, gen_ai.input.messages=[{\"role\": cut,"
                        + " gen_ai.operation.name=chat, gen_ai.request.model=gpt-4o,"
                        + " gen_ai.usage.input_tokens=forty-two, gen_ai.usage.output_tokens=11}.");
    }

    @Test
    void an_unknown_operation_is_a_generic_span() {
        Trace unknown = trace(foreign("summon").attr(text("gen_ai.operation.name"), "summon_demons"));

        assertThatTrace(unknown).hasRoot("summon").isGeneric();
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatTrace(unknown).hasRoot("summon").isLlm())
                .withMessageContaining("its attributes: {gen_ai.operation.name=summon_demons}.");
    }
}
