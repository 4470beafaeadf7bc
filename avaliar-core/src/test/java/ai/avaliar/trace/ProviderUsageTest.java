package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One line attaches token counts from real openai-java and anthropic-java objects. */
class ProviderUsageTest {

    @RegisterExtension
    final Capture capture = new Capture();

    private static <T> T openai(String json, Class<T> type) throws Exception {
        return com.openai.core.ObjectMappers.jsonMapper().readValue(json, type);
    }

    private static <T> T anthropic(String json, Class<T> type) throws Exception {
        return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, type);
    }

    @Test
    void an_openai_chat_completion_gives_tokens_cached_and_reasoning_tokens_and_the_response_model() throws Exception {
        ChatCompletion completion = openai("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\",\"refusal\":null}}],"
                + "\"usage\":{\"prompt_tokens\":53,\"completion_tokens\":12,\"total_tokens\":65,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":32},\"completion_tokens_details\":{\"reasoning_tokens\":4}}}",
                ChatCompletion.class);

        Avaliar.llm("synthesize").model("gpt-4o").provider("openai").call(run -> run.usageFrom(completion));

        Span span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(53);
        assertThat(span.outputTokens()).hasValue(12);
        assertThat(span.cacheReadInputTokens()).hasValue(32);
        assertThat(span.reasoningOutputTokens()).hasValue(4);
        assertThat(span.responseModel()).hasValue("gpt-4o-2024-08-06");
        assertThat(span.costUsd().getAsDouble()).isCloseTo(21 * 2.50e-6 + 32 * 1.25e-6 + 12 * 10e-6,
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void openai_stream_chunks_without_usage_are_ignored_and_the_final_chunk_counts() throws Exception {
        ChatCompletionChunk content = openai("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}",
                ChatCompletionChunk.class);
        ChatCompletionChunk last = openai("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}",
                ChatCompletionChunk.class);

        Avaliar.llm("stream").model("gpt-4o").call(() -> {
            Avaliar.updateCurrentLlmRun(content);
            Avaliar.updateCurrentLlmRun(last);
            return "Hi";
        });

        assertThat(capture.trace().root().inputTokens()).hasValue(9);
        assertThat(capture.trace().root().outputTokens()).hasValue(2);
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void an_anthropic_message_gives_tokens_with_cache_reads_counted_as_input() throws Exception {
        Message message = anthropic("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Paris\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,"
                + "\"output_tokens\":7,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":0}}",
                Message.class);

        Avaliar.llm("claude").model("claude-sonnet-4-5").provider("anthropic").call(run -> run.usageFrom(message));

        Span span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(120);
        assertThat(span.cacheReadInputTokens()).hasValue(100);
        assertThat(span.outputTokens()).hasValue(7);
        assertThat(span.responseModel()).hasValue("claude-sonnet-4-5-20250929");
    }

    @Test
    void anthropic_stream_events_give_input_tokens_at_the_start_and_output_tokens_at_the_end() throws Exception {
        RawMessageStreamEvent start = anthropic("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}",
                RawMessageStreamEvent.class);
        RawMessageStreamEvent delta = anthropic("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}", RawMessageStreamEvent.class);

        Avaliar.llm("claude").model("claude-3-5-haiku").call(run -> {
            run.usageFrom(start.messageStart().orElseThrow().message());
            run.usageFrom(delta.messageDelta().orElseThrow().usage());
            return "ok";
        });

        Span span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(25);
        assertThat(span.outputTokens()).hasValue(15);
    }

    /** The accessors of LangChain4j's ChatResponse and TokenUsage (core does not depend on LangChain4j). */
    public static final class TokenUsage {
        public Integer inputTokenCount() {
            return 31;
        }

        public Integer outputTokenCount() {
            return 9;
        }
    }

    /** Shaped as LangChain4j's ChatResponse. */
    public static final class ChatResponse {
        public TokenUsage tokenUsage() {
            return new TokenUsage();
        }

        public String modelName() {
            return "gpt-4o-mini-2024-07-18";
        }
    }

    @Test
    void a_langchain4j_chat_response_gives_tokens_and_the_model() {
        Avaliar.llm("lc4j").model("gpt-4o-mini").call(run -> run.usageFrom(new ChatResponse()));

        Span span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(31);
        assertThat(span.outputTokens()).hasValue(9);
        assertThat(span.responseModel()).hasValue("gpt-4o-mini-2024-07-18");
    }

    @Test
    void an_object_without_token_counts_is_reported() {
        Avaliar.llm("x").call(run -> run.usageFrom("not a response"));

        assertThat(capture.misuses).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Misuse.Kind.UNREADABLE_USAGE);
            assertThat(m.message()).startsWith("usageFrom(...) found no token counts on a java.lang.String;");
        });
    }
}
