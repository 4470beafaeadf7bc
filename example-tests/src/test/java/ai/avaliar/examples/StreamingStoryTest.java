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

@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class StreamingStoryTest implements ExampleTest {

    /** The chunks of the recorded stream; the final chunk carries usage 13 in, 9 out. */
    private static final List<String> CHUNKS =
            List.of("Once", " upon", " a", " time,", " a", " robot", " learned", " to", " paint.");

    @Test
    void sync_stream_records_the_whole_text_and_the_usage_of_the_final_chunk(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        StreamingStory story = new StreamingStory(Clients.openai(endpoints), "gpt-4o");

        List<String> chunks;
        try (Stream<String> stream = story.streamSync("Tell me a short story.")) {
            chunks = stream.collect(Collectors.toList());
        }

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThatTrace(traces.single())
                .hasRoot("stream_generate_sync")
                .isLlm()
                .isStreaming()
                .hasModel("gpt-4o")
                .hasNoError()
                .hasOutput(String.join("", chunks)); // every chunk, in order
        if (Recording.replaying()) { // the recorded stream
            assertThat(chunks).isEqualTo(CHUNKS);
            assertThatTrace(traces.single())
                    .root()
                    .hasResponseModel("gpt-4o-2024-08-06")
                    .hasInputTokens(13)
                    .hasOutputTokens(9);
        }
    }

    @Test
    void async_stream_records_the_whole_text_and_the_usage_of_the_final_chunk(
            ProviderEndpoints endpoints, CapturedTraces traces) throws Exception {
        StreamingStory story = new StreamingStory(Clients.openai(endpoints), "gpt-4o");

        ChunkCollector collector = new ChunkCollector();
        story.streamAsync("Tell me a short story.").subscribe(collector);
        List<String> chunks = collector.done.get(10, TimeUnit.SECONDS);

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThatTrace(traces.single()) // waits for the span, which ends with the stream
                .hasRoot("stream_generate")
                .isLlm()
                .isStreaming()
                .hasModel("gpt-4o")
                .hasNoError()
                .hasOutput(String.join("", chunks));
        if (Recording.replaying()) { // the recorded stream
            assertThat(chunks).isEqualTo(CHUNKS);
            assertThatTrace(traces.single())
                    .root()
                    .hasResponseModel("gpt-4o-2024-08-06")
                    .hasInputTokens(13)
                    .hasOutputTokens(9);
        }
    }
}
