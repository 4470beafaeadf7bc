package ai.avaliar.trace;

import static ai.avaliar.trace.ProviderUsageTest.anthropic;
import static ai.avaliar.trace.ProviderUsageTest.openai;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.internal.Json;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.responses.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** usageFrom(...) also reads the response id, the finish reasons and, opted in, the output messages. */
class ProviderResponseTest {

    @RegisterExtension
    final Capture capture = new Capture();

    /** "Checking." and a call of fetch_weather for Lisbon, as the conventions' output messages schema has it. */
    private static List<Map<String, Object>> checkingTheWeather(String callId, String finishReason) {
        return List.of(Map.of(
                "role",
                "assistant",
                "parts",
                List.of(
                        Map.of("type", "text", "content", "Checking."),
                        Map.of(
                                "type",
                                "tool_call",
                                "id",
                                callId,
                                "name",
                                "fetch_weather",
                                "arguments",
                                Map.of("city", "Lisbon"))),
                "finish_reason",
                finishReason));
    }

    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Checking.\",\"refusal\":null,\"tool_calls\":[{\"id\":"
            + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"fetch_weather\",\"arguments\":"
            + "\"{\\\"city\\\":\\\"Lisbon\\\"}\"}}]}}],\"usage\":{\"prompt_tokens\":53,\"completion_tokens\":12,"
            + "\"total_tokens\":65}}";

    private static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"fetch_weather\",\"input\":{\"city\":\"Lisbon\"}}],"
            + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":7}}";

    @Test
    void an_openai_chat_completion_gives_its_id_and_finish_reasons_but_no_messages_by_default() throws Exception {
        ChatCompletion completion = openai(COMPLETION, ChatCompletion.class);

        Avaliar.llm("chat").call(run -> run.usageFrom(completion));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-1");
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_FINISH_REASONS)).containsExactly("tool_calls");
        assertThat(span.attribute(AvaliarAttributes.OUTPUT_MESSAGES)).isNull();
        assertThat(span.inputTokens()).hasValue(53);
    }

    @Test
    void opted_in_an_openai_chat_completion_gives_its_output_message_in_the_conventions_schema() throws Exception {
        capture.captureMessageContent();
        ChatCompletion completion = openai(COMPLETION, ChatCompletion.class);

        Avaliar.llm("chat").call(run -> run.usageFrom(completion));

        assertThat(Json.readValue(capture.trace().root().attribute(AvaliarAttributes.OUTPUT_MESSAGES)))
                .isEqualTo(checkingTheWeather("call_1", "tool_calls"));
    }

    @Test
    void an_anthropic_message_gives_its_id_stop_reason_and_opted_in_its_content_blocks() throws Exception {
        capture.captureMessageContent();
        Message message = anthropic(MESSAGE, Message.class);

        Avaliar.llm("claude").call(run -> run.usageFrom(message));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_ID)).isEqualTo("msg_1");
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_FINISH_REASONS)).containsExactly("tool_use");
        assertThat(Json.readValue(span.attribute(AvaliarAttributes.OUTPUT_MESSAGES)))
                .isEqualTo(checkingTheWeather("toolu_1", "tool_use"));
    }

    @Test
    void anthropic_stream_events_give_the_id_at_the_start_and_the_stop_reason_at_the_end() throws Exception {
        RawMessageStreamEvent start = anthropic(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}",
                RawMessageStreamEvent.class);
        RawMessageStreamEvent delta = anthropic(
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":15}}",
                RawMessageStreamEvent.class);

        Avaliar.llm("claude").call(run -> run.usageFrom(start).usageFrom(delta));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_ID)).isEqualTo("msg_2");
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_FINISH_REASONS)).containsExactly("max_tokens");
    }

    @Test
    void openai_chat_chunks_give_the_finish_reason_of_the_last_content_chunk() throws Exception {
        ChatCompletionChunk text = openai(
                "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}",
                ChatCompletionChunk.class);
        ChatCompletionChunk last = openai(
                "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                ChatCompletionChunk.class);

        Avaliar.llm("chat").call(run -> run.usageFrom(text).usageFrom(last).usage(3, 1));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-9");
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
    }

    @Test
    void a_responses_api_response_gives_its_id_and_opted_in_its_output_text() throws Exception {
        capture.captureMessageContent();
        Response response = openai(
                "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"model\":\"gpt-5-2025-08-07\","
                        + "\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\","
                        + "\"content\":[{\"type\":\"output_text\",\"text\":\"Paris\",\"annotations\":[]}]}],"
                        + "\"status\":\"completed\",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],"
                        + "\"usage\":{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":0},"
                        + "\"output_tokens\":8,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":44}}",
                Response.class);

        Avaliar.llm("respond").call(run -> run.usageFrom(response));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_ID)).isEqualTo("resp_1");
        assertThat(Json.readValue(span.attribute(AvaliarAttributes.OUTPUT_MESSAGES)))
                .isEqualTo(List.of(Map.of(
                        "role",
                        "assistant",
                        "parts",
                        List.of(Map.of("type", "text", "content", "Paris")),
                        "finish_reason",
                        "completed")));
    }

    /** Shaped as LangChain4j's ChatResponse: id(), finishReason() (an enum), aiMessage(), tokenUsage(). */
    public static final class ChatResponse {
        public enum FinishReason {
            STOP
        }

        public record AiMessage(String text) {}

        public record TokenUsage(Integer inputTokenCount, Integer outputTokenCount) {}

        public String id() {
            return "lc-1";
        }

        public FinishReason finishReason() {
            return FinishReason.STOP;
        }

        public AiMessage aiMessage() {
            return new AiMessage("Paris");
        }

        public TokenUsage tokenUsage() {
            return new TokenUsage(5, 1);
        }
    }

    @Test
    void a_langchain4j_chat_response_gives_its_id_finish_reason_in_lower_case_and_message() {
        capture.captureMessageContent();

        Avaliar.llm("lc4j").call(run -> run.usageFrom(new ChatResponse()));

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_ID)).isEqualTo("lc-1");
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
        assertThat(span.attribute(AvaliarAttributes.OUTPUT_MESSAGES))
                .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris\"}],"
                        + "\"finish_reason\":\"stop\"}]");
    }

    /** A response whose accessors fail or return what no SDK returns. */
    public static final class Broken {
        public String id() {
            throw new IllegalStateException("no id yet");
        }

        public Object choices() {
            return "not a list";
        }

        public List<Object> content() {
            return java.util.Arrays.asList(null, 42, new Object());
        }

        public Object stopReason() {
            return new Object() {
                @Override
                public String toString() {
                    throw new IllegalStateException("unprintable");
                }
            };
        }

        public Map<String, Integer> usage() {
            return Map.of();
        }
    }

    @Test
    void a_response_of_an_unexpected_shape_never_breaks_the_call_and_records_what_is_sound() {
        capture.captureMessageContent();

        String answer = Avaliar.llm("odd").call(run -> {
            run.usageFrom(new Broken());
            return "answer";
        });

        assertThat(answer).isEqualTo("answer");

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.RESPONSE_ID)).isNull();
        assertThat(span.attribute(AvaliarAttributes.OUTPUT_MESSAGES)).isNull();
        assertThat(span.output()).isEqualTo("answer");
    }
}
