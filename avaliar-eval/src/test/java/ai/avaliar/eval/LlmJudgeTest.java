package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The judge through a real openai-java client, on hand-written provider traffic replayed by
 * avaliar-recording ({@code src/test/resources/cassettes/LlmJudgeTest/*.handwritten.json}).
 */
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class LlmJudgeTest {

    private static final Path CASSETTES = Path.of("src/test/resources/cassettes/LlmJudgeTest");

    private static LlmJudge judge(ProviderEndpoints endpoints) {
        return LlmJudge.builder()
                .client(OpenAIOkHttpClient.builder()
                        .baseUrl(endpoints.openai())
                        .apiKey("test-key")
                        .maxRetries(0)
                        .build())
                .model("gpt-4o-mini")
                .build();
    }

    @Test
    void a_pii_verdict_becomes_an_issue_with_offsets_and_a_message_without_the_data(ProviderEndpoints endpoints) {
        String output = "You can reach Ana at ana.ruiz@example.com or at home.";

        List<DetectionIssue> issues =
                judge(endpoints).detect(DetectorType.PII, new DetectionText("How do I reach Ana?", output));

        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.type()).isEqualTo(DetectorType.PII);
            assertThat(issue.category()).isEqualTo("EMAIL_ADDRESS");
            assertThat(issue.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(issue.score()).isEqualTo(0.93);
            assertThat(issue.method()).isEqualTo(DetectionMethod.LLM_JUDGE);
            assertThat(issue.ranges()).containsExactly(new TextRange(TextRange.Field.OUTPUT, 21, 41));
            assertThat(issue.message())
                    .isEqualTo("The answer discloses a personal e-mail address ([redacted]) of a third party.");
        });
    }

    @Test
    void the_judge_asks_at_temperature_0_for_a_strict_json_schema_verdict() throws IOException {
        JsonNode request = new ObjectMapper()
                .readTree(CASSETTES
                        .resolve(
                                "a_pii_verdict_becomes_an_issue_with_offsets_and_a_message_without_the_data.handwritten.json")
                        .toFile())
                .at("/interactions/0/request/body");

        assertThat(request.at("/model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(request.at("/temperature").asDouble()).isZero();
        assertThat(request.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(request.at("/response_format/json_schema/strict").asBoolean())
                .isTrue();
        assertThat(request.at("/response_format/json_schema/schema/properties/issues/items/required"))
                .extracting(JsonNode::asText)
                .containsExactly("field", "category", "severity", "score", "reason", "quote");
        assertThat(request.at("/messages/0/content").asText()).contains("personal data and secrets");
    }

    @Test
    void a_clean_verdict_has_no_issues(ProviderEndpoints endpoints) {
        DetectionText text = new DetectionText(
                "Context: Lisbon is the capital of Portugal. Question: what is the capital of Portugal?",
                "The capital of Portugal is Lisbon.");

        assertThat(judge(endpoints).detect(DetectorType.HALLUCINATION, text)).isEmpty();
    }

    @Test
    void a_verdict_with_an_unknown_severity_fails_saying_what_was_wrong_and_how_to_fix_it(ProviderEndpoints endpoints) {
        LlmJudge judge = judge(endpoints);
        DetectionText text = new DetectionText("", "Nobody asked you, and I will find you.");

        assertThatThrownBy(() -> judge.detect(DetectorType.TOXICITY, text))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LlmJudge(gpt-4o-mini) answered TOXICITY with a malformed verdict: issue 1 has a severity"
                        + " that is not one of LOW, MEDIUM, HIGH, CRITICAL (the value is not shown: it may hold the"
                        + " judged data). The endpoint must support"
                        + " JSON-schema structured output (response_format json_schema); choose another model with"
                        + " avaliar.eval.judge.model or LlmJudge.builder().model(...).");
    }

    @Test
    void an_answer_that_is_not_json_fails_with_a_clear_message(ProviderEndpoints endpoints) {
        LlmJudge judge = judge(endpoints);
        DetectionText text = new DetectionText("", "Engineers on our team come from many backgrounds.");

        assertThatThrownBy(() -> judge.detect(DetectorType.BIAS, text))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "LlmJudge(gpt-4o-mini) answered BIAS with a malformed verdict: the answer is not JSON (")
                .hasMessageContaining("response_format json_schema");
    }
}
