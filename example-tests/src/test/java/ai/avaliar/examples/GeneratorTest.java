package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import org.junit.jupiter.api.Test;

/**
 * Token tracking: counts attached from inside the traced method. Every other example's llm spans
 * are checked for tokens too, by {@link ExampleTest}.
 */
@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class GeneratorTest implements ExampleTest {

    @Test
    void usage_reported_inside_the_traced_method_lands_on_its_llm_span(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        Generator generator = Generator.openai(Clients.openai(endpoints));

        String answer = generator.generate("Name three primary colours.");

        assertThatTrace(traces.single())
                .hasSpanCount(1)
                .root()
                .isLlm()
                .hasName("generate")
                .hasModel("gpt-4o")
                .hasProvider("openai")
                .hasInput("prompt", "Name three primary colours.")
                .hasOutput(answer);
        if (Recording.replaying()) { // the recorded conversation
            assertThat(answer).isEqualTo("Red, yellow and blue.");
            assertThatTrace(traces.single())
                    .hasTotalInputTokens(12)
                    .hasTotalOutputTokens(6)
                    .hasTotalCostUsd((12 * 2.50 + 6 * 10.00) / 1e6, 1e-12); // gpt-4o prices per million tokens
        }
    }
}
