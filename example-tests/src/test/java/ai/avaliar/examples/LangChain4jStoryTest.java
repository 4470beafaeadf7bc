package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class LangChain4jStoryTest implements ExampleTest {

    @Test
    void the_streaming_handlers_final_response_gives_the_tokens(ProviderEndpoints endpoints, CapturedTraces traces)
            throws Exception {
        var model =
                Clients.langchain4jStreaming(endpoints).modelName("gpt-4o-mini").build();
        List<String> pieces = new CopyOnWriteArrayList<>();

        String story = new LangChain4jStory(model, "gpt-4o-mini")
                .stream("Tell me a short story.", pieces::add).get(10, TimeUnit.SECONDS);

        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(story).isEqualTo(String.join("", pieces));
        assertThatTrace(traces.single())
                .hasRoot("langchain4j_stream")
                .isLlm()
                .hasModel("gpt-4o-mini")
                .hasNoError()
                .hasOutput(story);
        if (Recording.replaying()) {
            assertThat(pieces).containsExactly("Once", " upon a time,", " a robot", " learned to paint.");
            assertThatTrace(traces.single())
                    .root()
                    .hasResponseModel("gpt-4o-mini-2024-07-18")
                    .hasInputTokens(13)
                    .hasOutputTokens(12);
        }
    }
}
