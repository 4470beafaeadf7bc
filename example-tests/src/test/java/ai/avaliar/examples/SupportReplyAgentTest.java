package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detection on specific spans only, in {@code LOCAL} mode: avaliar-eval's rule detectors, found by
 * ServiceLoader, check the user-facing response and nothing else (the LLM judge is off in this
 * build, see the pom). The conversations are hand-written scenarios of a model that leaks.
 */
@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class SupportReplyAgentTest implements ExampleTest {

    static final String SHAPE = """
            support_reply             (agent)
              ├── internal_summarize    (llm)
              └── user_facing_response  (llm)
            """;

    @Test
    void an_email_address_in_the_reply_is_found_and_the_internal_summary_is_not_checked(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        SupportReplyAgent agent = new SupportReplyAgent(Clients.openai(endpoints), DetectionMode.LOCAL);

        String reply =
                agent.reply("Hi, I'm Ana Ruiz. I changed my e-mail to ana.ruiz@example.com and now I can't log in!");

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape(SHAPE)
                .hasNoErrors()
                .child("user_facing_response")
                .hasOutput(reply)
                .hasIssue(DetectorType.PII)
                .withCategory("EMAIL_ADDRESS")
                .backToSpan()
                .hasDetectionStatus(DetectorType.TOXICITY, DetectionStatus.COMPLETED);
        CapturedSpan answer = trace.span("support_reply/user_facing_response").orElseThrow();
        assertThat(answer.detectionMode()).contains(DetectionMode.LOCAL);
        assertThat(answer.detections())
                .extracting(DetectionResult::detector, DetectionResult::mode)
                .containsExactlyInAnyOrder(
                        tuple(DetectorType.PII, DetectionMode.LOCAL),
                        tuple(DetectorType.TOXICITY, DetectionMode.LOCAL));
        // the issue points at the address in the reply, found by a rule, and never holds it
        DetectionIssue email = issues(answer, DetectorType.PII).stream()
                .filter(issue -> issue.ranges().get(0).field() == TextRange.Field.OUTPUT)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no PII issue in the output: " + answer.detections()));
        TextRange where = email.ranges().get(0);
        assertThat(reply.substring(where.start(), where.end())).isEqualTo("ana.ruiz@example.com");
        assertThat(email.method()).isEqualTo(DetectionMethod.RULE);
        assertThat(email.message()).doesNotContain("ana.ruiz");
        // the internal step holds the same address, and nobody looked: detection only where it was asked for
        CapturedSpan summary = trace.span("support_reply/internal_summarize").orElseThrow();
        assertThat(summary.output()).contains("ana.ruiz@example.com");
        assertThat(summary.detections()).isEmpty();
        assertThat(summary.detectionMode()).isEmpty();
    }

    @Test
    void a_card_number_in_the_reply_is_a_high_severity_issue(ProviderEndpoints endpoints, CapturedTraces traces) {
        SupportReplyAgent agent = new SupportReplyAgent(Clients.openai(endpoints), DetectionMode.LOCAL);

        String reply = agent.reply("You charged me twice for order 1042! My card is 4111 1111 1111 1111.");

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape(SHAPE)
                .hasNoErrors()
                .child("user_facing_response")
                .hasOutput(reply)
                .hasIssue(DetectorType.PII)
                .withCategory("CREDIT_CARD")
                .withSeverityAtLeast(Severity.HIGH)
                .backToSpan()
                .hasIssueAtLeast(Severity.HIGH);
        // the card, and only cards: the order number is no PII; the issue in the reply points at the number
        CapturedSpan answer = trace.span("support_reply/user_facing_response").orElseThrow();
        assertThat(issues(answer, DetectorType.PII))
                .extracting(DetectionIssue::category)
                .containsOnly("CREDIT_CARD");
        assertThat(issues(answer, DetectorType.PII))
                .filteredOn(card -> card.ranges().get(0).field() == TextRange.Field.OUTPUT)
                .singleElement()
                .satisfies(card -> assertThat(reply.substring(
                                card.ranges().get(0).start(),
                                card.ranges().get(0).end()))
                        .isEqualTo("4111 1111 1111 1111"));
        assertThat(issues(answer, DetectorType.TOXICITY)).isEmpty();
        assertThat(trace.span("support_reply/internal_summarize").orElseThrow().detections())
                .isEmpty();
    }

    @Test
    void a_clean_reply_has_no_issues(ProviderEndpoints endpoints, CapturedTraces traces) {
        SupportReplyAgent agent = new SupportReplyAgent(Clients.openai(endpoints), DetectionMode.LOCAL);

        String reply = agent.reply("How do I download my invoices as PDF?");

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape(SHAPE)
                .hasNoErrors()
                .child("user_facing_response")
                .hasOutput(reply)
                .hasNoIssues();
        CapturedSpan answer = trace.span("support_reply/user_facing_response").orElseThrow();
        assertThat(answer.detections())
                .extracting(DetectionResult::detector)
                .containsExactlyInAnyOrder(DetectorType.PII, DetectorType.TOXICITY); // both ran, both clean
        assertThat(trace.span("support_reply/internal_summarize").orElseThrow().detections())
                .isEmpty();
        assertThat(reply)
                .isEqualTo("Hi! Open Billing, choose Invoices and click Download PDF next to the invoice you need.");
    }

    static List<DetectionIssue> issues(CapturedSpan span, DetectorType type) {
        return span.detections().stream()
                .filter(result -> result.detector() == type)
                .flatMap(result -> result.issues().stream())
                .toList();
    }
}
