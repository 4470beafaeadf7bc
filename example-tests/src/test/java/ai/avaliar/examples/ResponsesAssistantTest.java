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
class ResponsesAssistantTest implements ExampleTest {

    @Test
    void a_whole_response_records_its_tokens_and_the_model_that_answered(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        ResponsesAssistant assistant =
                new ResponsesAssistant(Clients.openai(endpoints), "gpt-4o", "You are a helpful assistant.");

        String answer = assistant.answer("What is the capital of France?");

        assertThat(answer).isNotBlank();
        assertThatTrace(traces.single())
                .hasRoot("respond")
                .isLlm()
                .hasModel("gpt-4o")
                .hasProvider("openai")
                .hasNoError()
                .hasOutput(answer);
        if (Recording.replaying()) {
            assertThat(answer).isEqualTo("The capital of France is Paris.");
            assertThatTrace(traces.single())
                    .root()
                    .hasResponseModel("gpt-4o-2024-08-06")
                    .hasInputTokens(23)
                    .hasOutputTokens(8);
        }
    }

    @Test
    void a_stream_records_the_whole_text_and_the_tokens_of_its_response_completed_event(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        ResponsesAssistant assistant = new ResponsesAssistant(Clients.openai(endpoints), "gpt-4o", null);

        List<String> chunks;
        try (Stream<String> stream = assistant.stream("Tell me a short story.")) {
            chunks = stream.collect(Collectors.toList());
        }

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThatTrace(traces.single())
                .hasRoot("respond_stream")
                .isLlm()
                .isStreaming()
                .hasModel("gpt-4o")
                .hasNoError()
                .hasOutput(String.join("", chunks));
        if (Recording.replaying()) {
            assertThat(chunks).containsExactly("Once", " upon a time,", " a robot", " learned to paint.");
            assertThatTrace(traces.single())
                    .root()
                    .hasResponseModel("gpt-4o-2024-08-06")
                    .hasInputTokens(13)
                    .hasOutputTokens(12);
        }
    }
}
