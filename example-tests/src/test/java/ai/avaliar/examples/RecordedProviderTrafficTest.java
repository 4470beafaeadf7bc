package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The streaming and token-tracking examples on real provider traffic: VCR.py cassettes recorded
 * by the pydantic-ai project, read in place from {@code ../shared/fixtures/provider-traffic}.
 * Runs in the Maven profile {@code provider-fixtures}, active when that directory exists, which
 * points {@code avaliar.recording.cassette-dir} at {@code ../shared/fixtures}; run any other way (an IDE, a {@code -Dtest}
 * pattern), it is skipped, saying so.
 *
 * <p>The Python client that recorded them sent fields openai-java leaves out ({@code n: 1},
 * {@code stream: false}) or that belong to pydantic-ai ({@code moderation}); those are ignored
 * when matching, everything else must be exactly what the example sends.
 */
@CaptureTraces
@EnabledIfSystemProperty(
        named = "avaliar.examples.provider-traffic",
        matches = ".+",
        disabledReason = "needs ../shared/fixtures/provider-traffic: runs in the Maven profile provider-fixtures")
@EnabledIf(
        value = "ai.avaliar.examples.Recording#replaying",
        disabledReason = "VCR.py recordings are replayed only, never recorded into (AVALIAR_RECORDING_MODE is set)")
class RecordedProviderTrafficTest implements ExampleTest {

    /** gpt-5's answer, streamed as "Paris" and "."; usage 13 in, 11 out on the chunk before moderation's. */
    @Test
    @AvaliarRecording(
            cassette = "provider-traffic/openai/test_openai_moderation_stream.yaml",
            ignoreBodyFields = "moderation",
            failOnUnusedInteractions = true)
    void sync_stream_of_a_real_gpt5_answer_records_text_and_final_chunk_usage(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        StreamingStory story = new StreamingStory(Clients.openai(endpoints), "gpt-5");

        List<String> chunks;
        try (Stream<String> stream = story.streamSync("What is the capital of France?")) {
            chunks = stream.collect(Collectors.toList());
        }

        assertThat(chunks).containsExactly("Paris", ".");
        assertThatTrace(traces.single())
                .hasRoot("stream_generate_sync")
                .isLlm()
                .isStreaming()
                .hasModel("gpt-5")
                .hasResponseModel("gpt-5-2025-08-07")
                .hasOutput("Paris.")
                .hasInputTokens(13)
                .hasOutputTokens(11)
                .hasCostUsd((13 * 1.25 + 11 * 10.00) / 1e6, 1e-12);
    }

    @Test
    @AvaliarRecording(
            cassette = "provider-traffic/openai/test_openai_moderation_stream.yaml",
            ignoreBodyFields = "moderation",
            failOnUnusedInteractions = true)
    void async_stream_of_a_real_gpt5_answer_records_text_and_final_chunk_usage(
            ProviderEndpoints endpoints, CapturedTraces traces) throws Exception {
        StreamingStory story = new StreamingStory(Clients.openai(endpoints), "gpt-5");
        ChunkCollector collector = new ChunkCollector();
        story.streamAsync("What is the capital of France?").subscribe(collector);
        List<String> chunks = collector.done.get(10, TimeUnit.SECONDS);

        assertThat(chunks).containsExactly("Paris", ".");
        assertThatTrace(traces.single())
                .hasRoot("stream_generate")
                .isLlm()
                .isStreaming()
                .hasResponseModel("gpt-5-2025-08-07")
                .hasOutput("Paris.")
                .hasInputTokens(13)
                .hasOutputTokens(11);
    }

    /** gpt-4o says hello: usage 8 in, 10 out, reported from inside the @Traceable method. */
    @Test
    @AvaliarRecording(
            cassette = "provider-traffic/openai/test_user_id.yaml",
            ignoreBodyFields = {"n", "stream"},
            failOnUnusedInteractions = true)
    void token_counts_of_a_real_gpt4o_response_land_on_the_llm_span(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        String answer = Generator.openai(Clients.openai(endpoints)).generate("hello");

        assertThat(answer).isEqualTo("Hello! How can I assist you today?");
        assertThatTrace(traces.single())
                .hasRoot("generate")
                .isLlm()
                .hasProvider("openai")
                .hasResponseModel("gpt-4o-2024-08-06")
                .hasInputTokens(8)
                .hasOutputTokens(10)
                .hasCostUsd((8 * 2.50 + 10 * 10.00) / 1e6, 1e-12);
    }

    /**
     * gpt-4o on the Responses API: "The capital of France is Paris.", usage 42 in, 8 out. The Python
     * client sent the input message without its {@code type} ({@code "message"}, the default), which
     * openai-java writes out.
     */
    @Test
    @AvaliarRecording(
            cassette = "provider-traffic-2/openai-responses/test_openai_responses_system_prompt.yaml",
            ignoreBodyFields = "input.type",
            failOnUnusedInteractions = true)
    void a_real_responses_api_answer_records_its_tokens(ProviderEndpoints endpoints, CapturedTraces traces) {
        ResponsesAssistant assistant =
                new ResponsesAssistant(Clients.openai(endpoints), "gpt-4o", "You are a helpful assistant.");

        String answer = assistant.answer("What is the capital of France?");

        assertThat(answer).isEqualTo("The capital of France is Paris.");
        assertThatTrace(traces.single())
                .hasRoot("respond")
                .isLlm()
                .hasResponseModel("gpt-4o-2024-08-06")
                .hasOutput(answer)
                .hasInputTokens(42)
                .hasOutputTokens(8);
    }

    /**
     * gpt-5 streamed on the Responses API: "Paris" and "."; usage 13 in, 59 out, in the
     * response.completed event. pydantic-ai also asked for moderation and encrypted reasoning.
     */
    @Test
    @AvaliarRecording(
            cassette = "provider-traffic-2/openai-responses/test_openai_responses_moderation_stream.yaml",
            ignoreBodyFields = {"moderation", "include", "input.type"},
            failOnUnusedInteractions = true)
    void a_real_responses_api_stream_records_the_tokens_of_response_completed(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        ResponsesAssistant assistant = new ResponsesAssistant(Clients.openai(endpoints), "gpt-5", null);

        List<String> chunks;
        try (Stream<String> stream = assistant.stream("What is the capital of France?")) {
            chunks = stream.collect(Collectors.toList());
        }

        assertThat(chunks).containsExactly("Paris", ".");
        assertThatTrace(traces.single())
                .hasRoot("respond_stream")
                .isLlm()
                .isStreaming()
                .hasResponseModel("gpt-5-2025-08-07")
                .hasOutput("Paris.")
                .hasInputTokens(13)
                .hasOutputTokens(59);
    }
}
