package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Custom metadata: temperature and top_p recorded as generation info. Replay matches request
 * bodies strictly, so the replay itself proves the parameters reached the wire; the last checks
 * read the cassettes to show it.
 */
@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class CustomMetadataTest implements ExampleTest {

    private static final Path CASSETTES = Path.of("src/test/resources/cassettes/CustomMetadataTest");

    @Test
    void temperature_and_top_p_are_generation_info_and_reach_openai(ProviderEndpoints endpoints, CapturedTraces traces)
            throws IOException {
        String answer =
                new PreciseGenerator(Clients.openai(endpoints)).preciseGenerate("Define entropy in one sentence.");

        assertThatTrace(traces.single())
                .hasRoot("precise_generate")
                .isLlm()
                .hasModel("gpt-4o")
                .hasOutput(answer)
                .hasGenerationInfo("temperature", 0.2)
                .hasGenerationInfo("top_p", 0.9);
        if (Recording.replaying()) { // the recorded conversation
            assertThat(answer)
                    .isEqualTo("Entropy measures how many microscopic states fit a system's macroscopic state.");
            assertThatTrace(traces.single()).root().hasInputTokens(13).hasOutputTokens(14);
            assertSentOnTheWire("temperature_and_top_p_are_generation_info_and_reach_openai", 0.2, 0.9);
        }
    }

    @Test
    void langchain4j_model_settings_are_generation_info_and_reach_openai(
            ProviderEndpoints endpoints, CapturedTraces traces) throws IOException {
        var model = Clients.langchain4j(endpoints)
                .modelName("gpt-4o-mini")
                .temperature(0.2)
                .topP(0.9)
                .build();

        String answer = new LangChain4jGenerator(model, "gpt-4o-mini").generate("Define temperature in one sentence.");

        assertThatTrace(traces.single())
                .hasRoot("langchain4j_generate")
                .isLlm()
                .hasModel("gpt-4o-mini")
                .hasProvider("openai")
                .hasOutput(answer)
                .hasGenerationInfo("temperature", 0.2)
                .hasGenerationInfo("top_p", 0.9);
        if (Recording.replaying()) { // the recorded conversation
            assertThat(answer).isEqualTo("Temperature measures the average kinetic energy of a system's particles.");
            assertThatTrace(traces.single())
                    .root()
                    .hasResponseModel("gpt-4o-mini-2024-07-18")
                    .hasInputTokens(13)
                    .hasOutputTokens(12);
            assertSentOnTheWire("langchain4j_model_settings_are_generation_info_and_reach_openai", 0.2, 0.9);
        }
    }

    private static void assertSentOnTheWire(String method, double temperature, double topP) throws IOException {
        JsonNode sent = new ObjectMapper()
                .readTree(CASSETTES.resolve(method + ".handwritten.json").toFile())
                .at("/interactions/0/request/body");
        assertThat(sent.path("temperature").asDouble(-1)).isEqualTo(temperature);
        assertThat(sent.path("top_p").asDouble(-1)).isEqualTo(topP);
    }
}
