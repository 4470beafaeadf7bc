package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsDetectorTest {

    private static final Map<String, String> FAKE = FakeSecrets.forSeed(7);
    private final SecretsDetector detector = new SecretsDetector();

    private List<DetectionIssue> in(String text) {
        return detector.detect(DetectorType.PII, new DetectionText(text, ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "openai_key, SECRET_OPENAI_KEY",
        "openai_project_key, SECRET_OPENAI_KEY",
        "anthropic_key, SECRET_ANTHROPIC_KEY",
        "aws_key, SECRET_AWS_ACCESS_KEY",
        "github_token, SECRET_GITHUB_TOKEN",
        "github_pat, SECRET_GITHUB_TOKEN",
        "private_key, PRIVATE_KEY",
    })
    void a_pasted_key_is_critical_and_its_message_does_not_repeat_it(String placeholder, String category) {
        String secret = FAKE.get(placeholder);
        String text = "here it is: " + secret + " thanks";

        assertThat(in(text)).singleElement().satisfies(issue -> {
            assertThat(issue.category()).isEqualTo(category);
            assertThat(issue.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(issue.message()).doesNotContain(secret).doesNotContain(secret.substring(0, 12));
            assertThat(text.substring(
                            issue.ranges().get(0).start(), issue.ranges().get(0).end()))
                    .isEqualTo(secret);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "password = \"%s\"",
                "api_key: '%s'",
                "\"client_secret\": \"%s\"",
                "DB_PASSWORD=%s",
                "auth_token => %s"
            })
    void a_random_value_assigned_to_a_credential_name_is_a_high_entropy_secret(String template) {
        String value = FAKE.get("high_entropy");

        assertThat(in(template.formatted(value))).singleElement().satisfies(issue -> {
            assertThat(issue.category()).isEqualTo("SECRET_HIGH_ENTROPY");
            assertThat(issue.message()).doesNotContain(value);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "api_key = \"YOUR_API_KEY\"",
                "password = \"changeme\"",
                "password: ********",
                "token: ${GITHUB_TOKEN}",
                "token_count = 4096",
                "password = \"aaaaaaaaaaaaaaaaaa1\"",
                "sk-learn is great",
                "the key insight",
                "-----BEGIN CERTIFICATE-----",
                "request_id = 7d9f1c2e-4b6a-4e8f-9c3d-2a1b0e5f6d7c"
            })
    void placeholders_low_entropy_values_and_look_alikes_are_not_secrets(String text) {
        assertThat(in(text)).isEmpty();
    }

    @Test
    void a_known_key_is_reported_once_even_when_assigned_to_a_credential_name() {
        assertThat(in("OPENAI_API_KEY=" + FAKE.get("openai_key")))
                .extracting(DetectionIssue::category)
                .containsExactly("SECRET_OPENAI_KEY");
    }

    @Test
    void entropy_is_in_bits_per_character() {
        assertThat(SecretsDetector.entropy("aaaa")).isZero();
        assertThat(SecretsDetector.entropy("abcd")).isEqualTo(2.0);
    }
}
