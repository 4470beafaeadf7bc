package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import org.junit.jupiter.api.Test;

/**
 * How the judge reads a verdict an endpoint returned, including one that ignored the strict
 * schema: a value out of the schema may be the very data judged, so it is never repeated.
 * (The judge here is never asked: its endpoint is a closed port.)
 */
class LlmJudgeVerdictTest {

    private final LlmJudge judge = LlmJudge.builder()
            .apiKey("test-key")
            .baseUrl("http://127.0.0.1:9/v1")
            .build();
    private final DetectionText text = new DetectionText("", "mail ana.silva@example.com");

    private static String verdict(String field, String category, String severity) {
        return "{\"issues\":[{\"field\":\"" + field + "\",\"category\":\"" + category + "\",\"severity\":\"" + severity
                + "\",\"score\":0.9,\"reason\":\"an e-mail address\",\"quote\":\"\"}]}";
    }

    @Test
    void a_category_outside_the_schema_fails_the_verdict_without_repeating_the_value() {
        assertThatThrownBy(
                        () -> judge.verdict(DetectorType.PII, verdict("output", "ana.silva@example.com", "HIGH"), text))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("LlmJudge(gpt-4o-mini) answered PII with a malformed verdict: issue 1 has a"
                        + " category that is not one of EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN,"
                        + " IP_ADDRESS, PERSON, LOCATION, DATE_OF_BIRTH, NATIONAL_ID, MEDICAL, SECRET, OTHER (the value"
                        + " is not shown: it may hold the judged data).")
                .hasMessageNotContaining("ana.silva");
    }

    @Test
    void a_category_of_another_type_is_outside_the_schema_too() {
        assertThatThrownBy(() -> judge.verdict(DetectorType.TOXICITY, verdict("output", "EMAIL_ADDRESS", "HIGH"), text))
                .hasMessageContaining("issue 1 has a category that is not one of insult, threat, harassment");
    }

    @Test
    void a_known_category_in_another_case_is_read_as_the_schema_spells_it() {
        assertThat(judge.verdict(DetectorType.PII, verdict("output", "email_address", "high"), text))
                .extracting(DetectionIssue::category)
                .containsExactly("EMAIL_ADDRESS");
        assertThat(judge.verdict(DetectorType.TOXICITY, verdict("output", "Insult", "MEDIUM"), text))
                .extracting(DetectionIssue::category)
                .containsExactly("insult");
    }

    @Test
    void a_field_or_severity_outside_the_schema_is_not_repeated_either() {
        assertThatThrownBy(() -> judge.verdict(
                        DetectorType.PII, verdict("ana.silva@example.com", "EMAIL_ADDRESS", "HIGH"), text))
                .hasMessageContaining("issue 1 has a field that is not \"input\" or \"output\" (the value is not shown")
                .hasMessageNotContaining("ana.silva");
        assertThatThrownBy(() -> judge.verdict(
                        DetectorType.PII, verdict("output", "EMAIL_ADDRESS", "ana.silva@example.com"), text))
                .hasMessageContaining(
                        "issue 1 has a severity that is not one of LOW, MEDIUM, HIGH, CRITICAL (the value is not shown")
                .hasMessageNotContaining("ana.silva");
    }
}
