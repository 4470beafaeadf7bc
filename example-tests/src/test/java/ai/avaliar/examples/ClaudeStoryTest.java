package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class ClaudeStoryTest implements ExampleTest {

    @Test
    void an_anthropic_stream_records_the_whole_text_and_the_tokens_of_message_start_and_message_delta(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        ClaudeStory story = new ClaudeStory(Clients.anthropic(endpoints), "claude-sonnet-4-5");

        List<String> chunks;
        try (Stream<String> stream = story.stream("Tell me a short story.")) {
            chunks = stream.collect(Collectors.toList());
        }

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThatTrace(traces.single())
                .hasRoot("claude_stream")
                .isLlm()
                .isStreaming()
                .hasModel("claude-sonnet-4-5")
                .hasProvider("anthropic")
                .hasNoError()
                .hasOutput(String.join("", chunks));
        if (Recording.replaying()) { // the recorded stream
            assertThat(chunks).containsExactly("Once", " upon a time,", " a robot", " learned to paint.");
            // message_start: 14 in (no cache); message_delta: 3 out, then 12 out (cumulative: 12, not 15)
            assertThatTrace(traces.single())
                    .root()
                    .hasResponseModel("claude-sonnet-4-5-20250929")
                    .hasInputTokens(14)
                    .hasOutputTokens(12);
        }
    }
}
