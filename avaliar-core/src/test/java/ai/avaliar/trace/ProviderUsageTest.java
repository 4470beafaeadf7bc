package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.data.CapturedSpan;
import com.anthropic.helpers.BetaMessageAccumulator;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One line attaches token counts from real openai-java and anthropic-java objects. */
class ProviderUsageTest {

    @RegisterExtension
    final Capture capture = new Capture();

    static <T> T openai(String json, Class<T> type) throws Exception {
        return com.openai.core.ObjectMappers.jsonMapper().readValue(json, type);
    }

    static <T> T anthropic(String json, Class<T> type) throws Exception {
        return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, type);
    }

    @Test
    void an_openai_chat_completion_gives_tokens_cached_and_reasoning_tokens_and_the_response_model() throws Exception {
        ChatCompletion completion = openai(
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                        + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\",\"refusal\":null}}],"
                        + "\"usage\":{\"prompt_tokens\":53,\"completion_tokens\":12,\"total_tokens\":65,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":32},\"completion_tokens_details\":{\"reasoning_tokens\":4}}}",
                ChatCompletion.class);

        Avaliar.llm("synthesize").model("gpt-4o").provider("openai").call(run -> run.usageFrom(completion));

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(53);
        assertThat(span.outputTokens()).hasValue(12);
        assertThat(span.cacheReadInputTokens()).hasValue(32);
        assertThat(span.reasoningOutputTokens()).hasValue(4);
        assertThat(span.responseModel()).hasValue("gpt-4o-2024-08-06");
        assertThat(span.costUsd().getAsDouble())
                .isCloseTo(21 * 2.50e-6 + 32 * 1.25e-6 + 12 * 10e-6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void openai_stream_chunks_without_usage_are_ignored_and_the_final_chunk_counts() throws Exception {
        ChatCompletionChunk content = openai(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}",
                ChatCompletionChunk.class);
        ChatCompletionChunk last = openai(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
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
        Message message = anthropic(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Paris\"}],"
                        + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,"
                        + "\"output_tokens\":7,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":0}}",
                Message.class);

        Avaliar.llm("claude").model("claude-sonnet-4-5").provider("anthropic").call(run -> run.usageFrom(message));

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(120);
        assertThat(span.cacheReadInputTokens()).hasValue(100);
        assertThat(span.outputTokens()).hasValue(7);
        assertThat(span.responseModel()).hasValue("claude-sonnet-4-5-20250929");
    }

    @Test
    void anthropic_stream_events_give_input_tokens_at_the_start_and_output_tokens_at_the_end() throws Exception {
        RawMessageStreamEvent start = anthropic(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}",
                RawMessageStreamEvent.class);
        RawMessageStreamEvent delta = anthropic(
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}",
                RawMessageStreamEvent.class);

        Avaliar.llm("claude").model("claude-3-5-haiku").call(run -> {
            run.usageFrom(start.messageStart().orElseThrow().message());
            run.usageFrom(delta.messageDelta().orElseThrow().usage());
            return "ok";
        });

        CapturedSpan span = capture.trace().root();
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

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(31);
        assertThat(span.outputTokens()).hasValue(9);
        assertThat(span.responseModel()).hasValue("gpt-4o-mini-2024-07-18");
    }

    /** Has a message(), as Anthropic's stream events do, but it is no response. */
    public record Notice(String message) {}

    @Test
    void an_object_whose_message_is_no_response_is_reported_as_unreadable() {
        Avaliar.llm("x").call(run -> run.usageFrom(new Notice("hello")));

        assertThat(capture.misuses).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Misuse.Kind.UNREADABLE_USAGE);
            assertThat(m.message())
                    .startsWith("usageFrom(...) found no token counts on a " + Notice.class.getName() + ";");
        });
    }

    @Test
    void an_object_without_token_counts_is_reported() {
        Avaliar.llm("x").call(run -> run.usageFrom("not a response"));

        assertThat(capture.misuses).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Misuse.Kind.UNREADABLE_USAGE);
            assertThat(m.message()).startsWith("usageFrom(...) found no token counts on a java.lang.String;");
        });
    }

    // ---- the Responses API ----

    private static final String RESPONSE = "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,"
            + "\"model\":\"gpt-5-2025-08-07\",\"output\":[],\"status\":\"completed\",\"parallel_tool_calls\":true,"
            + "\"tool_choice\":\"auto\",\"tools\":[],\"usage\":{\"input_tokens\":36,"
            + "\"input_tokens_details\":{\"cached_tokens\":16,\"cache_write_tokens\":8},\"output_tokens\":87,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":64},\"total_tokens\":123}}";

    private static List<ResponseStreamEvent> responseStream(boolean withCompleted) throws Exception {
        List<ResponseStreamEvent> events = new ArrayList<>();
        events.add(openai(
                "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
                        + RESPONSE.replace("\"completed\"", "\"in_progress\"").replaceAll(",\"usage\":.*}$", "}") + "}",
                ResponseStreamEvent.class));
        events.add(openai(
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_1\","
                        + "\"output_index\":0,\"content_index\":0,\"delta\":\"Paris\",\"logprobs\":[]}",
                ResponseStreamEvent.class));
        if (withCompleted) {
            events.add(openai(
                    "{\"type\":\"response.completed\",\"sequence_number\":2,\"response\":" + RESPONSE + "}",
                    ResponseStreamEvent.class));
        }
        return events;
    }

    @Test
    void a_responses_api_response_gives_tokens_cache_and_reasoning_tokens_and_the_response_model() throws Exception {
        Response response = openai(RESPONSE, Response.class);

        Avaliar.llm("respond").model("gpt-5").call(run -> run.usageFrom(response));

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(36); // OpenAI's input tokens include cache reads and writes
        assertThat(span.outputTokens()).hasValue(87);
        assertThat(span.cacheReadInputTokens()).hasValue(16);
        assertThat(span.cacheCreationInputTokens()).hasValue(8);
        assertThat(span.reasoningOutputTokens()).hasValue(64);
        assertThat(span.responseModel()).hasValue("gpt-5-2025-08-07");
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void every_event_of_a_responses_api_stream_fed_as_it_comes_gives_the_tokens_of_response_completed()
            throws Exception {
        List<ResponseStreamEvent> events = responseStream(true);

        try (Stream<ResponseStreamEvent> stream = Avaliar.llm("respond").model("gpt-5").stream(
                () -> events.stream().peek(Avaliar::updateCurrentLlmRun))) {
            stream.forEach(event -> {});
        }

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(36);
        assertThat(span.outputTokens()).hasValue(87);
        assertThat(span.reasoningOutputTokens()).hasValue(64);
        assertThat(span.responseModel()).hasValue("gpt-5-2025-08-07");
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void a_responses_api_stream_cut_by_max_output_tokens_gives_the_tokens_of_response_incomplete() throws Exception {
        ResponseStreamEvent incomplete = openai(
                "{\"type\":\"response.incomplete\",\"sequence_number\":2," + "\"response\":"
                        + RESPONSE.replace("\"completed\"", "\"incomplete\"") + "}",
                ResponseStreamEvent.class);

        Avaliar.llm("respond").call(() -> {
            Avaliar.updateCurrentLlmRun(incomplete);
            return "cut";
        });

        assertThat(capture.trace().root().inputTokens()).hasValue(36);
        assertThat(capture.trace().root().outputTokens()).hasValue(87);
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void the_response_completed_event_and_the_response_accumulator_give_the_same_tokens() throws Exception {
        List<ResponseStreamEvent> events = responseStream(true);
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        events.forEach(accumulator::accumulate);

        Avaliar.llm("completed")
                .call(run -> run.usageFrom(events.get(2).completed().orElseThrow()));
        Avaliar.llm("accumulated").call(run -> run.usageFrom(accumulator));

        assertThat(capture.exporter.traces()).hasSize(2).allSatisfy(trace -> {
            assertThat(trace.root().inputTokens()).hasValue(36);
            assertThat(trace.root().outputTokens()).hasValue(87);
        });
    }

    @Test
    void an_openai_chat_completion_accumulator_gives_the_usage_of_its_last_chunk() throws Exception {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        accumulator.accumulate(openai(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}",
                ChatCompletionChunk.class));
        accumulator.accumulate(openai(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}",
                ChatCompletionChunk.class));

        Avaliar.llm("chat").call(run -> run.usageFrom(accumulator));

        assertThat(capture.trace().root().inputTokens()).hasValue(9);
        assertThat(capture.trace().root().outputTokens()).hasValue(2);
    }

    // ---- Anthropic streams, fed event by event ----

    private static final String MESSAGE_START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,"
            + "\"cache_creation_input_tokens\":40,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}";
    private static final String[] ANTHROPIC_STREAM = {
        MESSAGE_START,
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Paris\"}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        // cumulative: the second delta's 15 replaces the first's 6, it does not add to it
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":null,\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":15}}",
        "{\"type\":\"message_stop\"}"
    };

    private static <T> List<T> anthropicStream(Class<T> type, String... json) throws Exception {
        List<T> events = new ArrayList<>();
        for (String event : json) {
            events.add(anthropic(event, type));
        }
        return events;
    }

    private void assertAnthropicStreamTokens() {
        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(25 + 100 + 40);
        assertThat(span.cacheReadInputTokens()).hasValue(100);
        assertThat(span.cacheCreationInputTokens()).hasValue(40);
        assertThat(span.outputTokens()).hasValue(15);
        assertThat(span.responseModel()).hasValue("claude-sonnet-4-5-20250929");
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void every_anthropic_stream_event_fed_as_it_comes_gives_input_and_cache_tokens_once_and_the_last_output_count()
            throws Exception {
        List<RawMessageStreamEvent> events = anthropicStream(RawMessageStreamEvent.class, ANTHROPIC_STREAM);

        try (Stream<RawMessageStreamEvent> stream = Avaliar.llm("claude").model("claude-sonnet-4-5").stream(
                () -> events.stream().peek(Avaliar::updateCurrentLlmRun))) {
            stream.forEach(event -> {});
        }

        assertAnthropicStreamTokens();
    }

    @Test
    void every_beta_anthropic_stream_event_fed_as_it_comes_gives_the_same_tokens() throws Exception {
        List<BetaRawMessageStreamEvent> events = anthropicStream(BetaRawMessageStreamEvent.class, ANTHROPIC_STREAM);

        try (Stream<BetaRawMessageStreamEvent> stream = Avaliar.llm("claude").model("claude-sonnet-4-5").stream(
                () -> events.stream().peek(Avaliar::updateCurrentLlmRun))) {
            stream.forEach(event -> {});
        }

        assertAnthropicStreamTokens();
    }

    @Test
    void a_later_message_delta_with_its_own_input_and_cache_counts_replaces_those_of_message_start() throws Exception {
        // server tools: the final message_delta holds the whole request's counts, all cumulative
        List<RawMessageStreamEvent> events = anthropicStream(
                RawMessageStreamEvent.class,
                MESSAGE_START,
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"input_tokens\":4714,\"cache_creation_input_tokens\":0,"
                        + "\"cache_read_input_tokens\":0,\"output_tokens\":304}}");

        Avaliar.llm("claude").call(() -> {
            events.forEach(Avaliar::updateCurrentLlmRun);
            return "ok";
        });

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(4714);
        assertThat(span.cacheReadInputTokens()).hasValue(0);
        assertThat(span.outputTokens()).hasValue(304);
    }

    @Test
    void the_anthropic_accumulators_give_the_streams_tokens() throws Exception {
        MessageAccumulator accumulator = MessageAccumulator.create();
        anthropicStream(RawMessageStreamEvent.class, ANTHROPIC_STREAM).forEach(accumulator::accumulate);
        BetaMessageAccumulator beta = BetaMessageAccumulator.create();
        anthropicStream(BetaRawMessageStreamEvent.class, ANTHROPIC_STREAM).forEach(beta::accumulate);

        Avaliar.llm("messages").call(run -> run.usageFrom(accumulator));
        Avaliar.llm("beta").call(run -> run.usageFrom(beta));

        assertThat(capture.exporter.traces()).hasSize(2).allSatisfy(trace -> {
            assertThat(trace.root().inputTokens()).hasValue(165);
            assertThat(trace.root().outputTokens()).hasValue(15);
            assertThat(trace.root().cacheCreationInputTokens()).hasValue(40);
        });
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void a_beta_message_gives_tokens_and_thinking_tokens_as_reasoning() throws Exception {
        BetaMessage message = anthropic(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":70,"
                        + "\"output_tokens_details\":{\"thinking_tokens\":50}}}",
                BetaMessage.class);

        Avaliar.llm("claude").call(run -> run.usageFrom(message));

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(20);
        assertThat(span.outputTokens()).hasValue(70);
        assertThat(span.reasoningOutputTokens()).hasValue(50);
    }

    @Test
    void usage_given_by_hand_after_an_anthropic_message_is_taken_as_it_is() throws Exception {
        Message message = anthropic(
                MESSAGE_START.substring(MESSAGE_START.indexOf("{\"id\""), MESSAGE_START.length() - 1), Message.class);

        Avaliar.llm("claude").call(run -> run.usageFrom(message).usage(7, 3));

        assertThat(capture.trace().root().inputTokens()).hasValue(7);
    }

    // ---- never silently nothing ----

    private static final String CHUNK_WITHOUT_USAGE = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
            + "\"finish_reason\":null}]}";

    @Test
    void an_openai_chat_stream_without_usage_is_reported_with_include_usage() throws Exception {
        ChatCompletionChunk chunk = openai(CHUNK_WITHOUT_USAGE, ChatCompletionChunk.class);

        try (Stream<ChatCompletionChunk> stream = Avaliar.llm("chat").model("gpt-4o").stream(
                () -> Stream.of(chunk, chunk, chunk).peek(Avaliar::updateCurrentLlmRun))) {
            stream.forEach(c -> {});
        }

        assertThat(capture.misuses).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Misuse.Kind.NO_USAGE_IN_STREAM);
            assertThat(m.message())
                    .isEqualTo("llm span 'chat' ended without token counts: it was fed 3 provider"
                            + " objects (3 ChatCompletionChunk) and none carried token usage. An OpenAI chat stream sends usage"
                            + " only when asked: set stream_options.include_usage"
                            + " (.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())) and feed"
                            + " every chunk, the last one included.");
        });
        assertThat(capture.trace().root().inputTokens()).isEmpty();
    }

    @Test
    void an_openai_chat_completion_without_usage_is_reported_without_the_stream_advice() throws Exception {
        ChatCompletion completion = openai(
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"local-model\","
                        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\",\"refusal\":null}}]}",
                ChatCompletion.class);

        Avaliar.llm("chat").model("local-model").call(run -> run.usageFrom(completion));

        assertThat(capture.misuses)
                .singleElement()
                .satisfies(m -> assertThat(m.message())
                        .isEqualTo(
                                "llm span 'chat' ended without token counts: it was fed 1 provider object (1 ChatCompletion)"
                                        + " and none carried token usage. An OpenAI chat completion carries usage unless the endpoint"
                                        + " left it out, as some OpenAI-compatible servers do: check what the endpoint answers, or call"
                                        + " usage(inputTokens, outputTokens)."));
    }

    @Test
    void anthropic_content_deltas_alone_are_reported_with_feed_every_event() throws Exception {
        List<RawMessageStreamEvent> deltas =
                anthropicStream(RawMessageStreamEvent.class, ANTHROPIC_STREAM[2], ANTHROPIC_STREAM[2]);

        Avaliar.llm("claude").call(() -> {
            deltas.forEach(Avaliar::updateCurrentLlmRun);
            return "ok";
        });

        assertThat(capture.misuseMessages())
                .containsExactly("llm span 'claude' ended without token counts: it was"
                        + " fed 2 provider objects (2 RawMessageStreamEvent) and none carried token usage. An Anthropic stream"
                        + " carries the input tokens in message_start and the output tokens in message_delta: feed every"
                        + " RawMessageStreamEvent (or BetaRawMessageStreamEvent), not only the content deltas, or the"
                        + " accumulator's message() once the stream has ended.");
    }

    @Test
    void a_responses_api_stream_without_its_completed_event_is_reported_with_feed_response_completed()
            throws Exception {
        List<ResponseStreamEvent> events = responseStream(false);

        Avaliar.llm("respond").call(() -> {
            events.forEach(Avaliar::updateCurrentLlmRun);
            return "ok";
        });

        assertThat(capture.misuseMessages())
                .containsExactly(
                        "llm span 'respond' ended without token counts: it was"
                                + " fed 2 provider objects (2 ResponseStreamEvent) and none carried token usage. A Responses API stream"
                                + " carries usage in its response.completed event: feed every ResponseStreamEvent, that one included.");
    }

    @Test
    void a_failed_call_or_a_cancelled_stream_is_not_reported_for_missing_usage() throws Exception {
        ChatCompletionChunk chunk = openai(CHUNK_WITHOUT_USAGE, ChatCompletionChunk.class);

        try {
            Avaliar.llm("failed").call(() -> {
                Avaliar.updateCurrentLlmRun(chunk);
                throw new IllegalStateException("connection reset");
            });
        } catch (IllegalStateException expected) {
            // the call's own exception, rethrown
        }
        try (Stream<ChatCompletionChunk> stream =
                Avaliar.llm("cancelled").stream(() -> Stream.of(chunk, chunk).peek(Avaliar::updateCurrentLlmRun))) {
            stream.findFirst();
        }

        assertThat(capture.misuses).isEmpty();
    }
}
