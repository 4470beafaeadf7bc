package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.TextRange;
import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The same agent in {@code CLOUD} mode, as in production: the user-facing response is sent to
 * Avaliar's detection service ({@code docs/detection-protocol.md}), here replayed from the
 * cassette as the recording server's {@code avaliar} upstream next to {@code openai}. The
 * service's URL and key are the system properties core reads when its configuration leaves them
 * unset (the JUnit extension configures Avaliar itself); they are global, so these tests hold the
 * system properties' lock and run one at a time.
 *
 * <p>Recording them again needs Avaliar's service as well:
 * {@code -Davaliar.recording.upstream.avaliar=https://...} and a real key in {@code AVALIAR_API_KEY};
 * the key is sent as {@code X-API-Key}, a header avaliar-recording never writes.
 */
@CaptureTraces
@AvaliarRecording(
        cassette = "{class}/{method}.handwritten.json",
        failOnUnusedInteractions = true,
        ignoreBodyFields = {"trace_id", "span_id"}) // a new trace each run: the ids in the detection request vary
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class SupportReplyCloudDetectionTest implements ExampleTest {

    private static final String ENDPOINT = "avaliar.detection.endpoint";
    private static final String API_KEY = "avaliar.apiKey";
    private static final String TIMEOUT = "avaliar.detection.timeout";

    @BeforeEach
    void pointCloudDetectionAtTheRecordingServer(ProviderEndpoints endpoints) {
        System.setProperty(ENDPOINT, endpoints.upstream("avaliar"));
        String key = System.getenv("AVALIAR_API_KEY");
        System.setProperty(API_KEY, key == null || key.isBlank() ? "test-key" : key);
        System.setProperty(TIMEOUT, "5s"); // each span waits at most this long for the service's answer
    }

    @AfterEach
    void forgetCloudDetection() {
        System.clearProperty(ENDPOINT);
        System.clearProperty(API_KEY);
        System.clearProperty(TIMEOUT);
    }

    @Test
    void the_detection_service_finds_the_email_address_in_the_reply(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        SupportReplyAgent agent = new SupportReplyAgent(Clients.openai(endpoints), DetectionMode.CLOUD);

        String reply =
                agent.reply("Hi, I'm Ana Ruiz. I changed my e-mail to ana.ruiz@example.com and now I can't log in!");

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape(SupportReplyAgentTest.SHAPE)
                .hasNoErrors()
                .child("user_facing_response")
                .hasOutput(reply)
                .hasIssue(DetectorType.PII)
                .withCategory("EMAIL_ADDRESS")
                .backToSpan()
                .hasDetectionStatus(DetectorType.TOXICITY, DetectionStatus.COMPLETED);
        CapturedSpan answer = trace.span("support_reply/user_facing_response").orElseThrow();
        assertThat(answer.detectionMode()).contains(DetectionMode.CLOUD);
        assertThat(answer.detections()).hasSize(2).allSatisfy(result -> {
            assertThat(result.mode()).isEqualTo(DetectionMode.CLOUD);
            assertThat(result.status()).isEqualTo(DetectionStatus.COMPLETED);
        });
        // what the service answered, as the span records it
        DetectionIssue email =
                SupportReplyAgentTest.issues(answer, DetectorType.PII).get(0);
        assertThat(email.method()).isEqualTo(DetectionMethod.RULE);
        assertThat(email.score()).isEqualTo(0.98);
        assertThat(email.message()).isEqualTo("an e-mail address in the output");
        TextRange where = email.ranges().get(0);
        assertThat(where.field()).isEqualTo(TextRange.Field.OUTPUT);
        assertThat(reply.substring(where.start(), where.end())).isEqualTo("ana.ruiz@example.com");
        // only the user-facing response went to the service (the cassette holds one detection request)
        assertThat(trace.span("support_reply/internal_summarize").orElseThrow().detections())
                .isEmpty();
    }

    @Test
    void a_service_that_answers_later_leaves_the_results_pending(ProviderEndpoints endpoints, CapturedTraces traces) {
        SupportReplyAgent agent = new SupportReplyAgent(Clients.openai(endpoints), DetectionMode.CLOUD);

        String reply = agent.reply("How do I download my invoices as PDF?");

        // the service accepted the request (202) and asked to be polled in 30 s, after the span's 5 s wait:
        // the reply was not held up, and the span ends with PENDING results, the service's request id in the reason
        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape(SupportReplyAgentTest.SHAPE)
                .hasNoErrors()
                .child("user_facing_response")
                .hasOutput(reply)
                .hasDetectionStatus(DetectorType.PII, DetectionStatus.PENDING)
                .hasDetectionStatus(DetectorType.TOXICITY, DetectionStatus.PENDING)
                .hasNoDetections();
        CapturedSpan answer = trace.span("support_reply/user_facing_response").orElseThrow();
        assertThat(answer.detections())
                .extracting(DetectionResult::reason)
                .allSatisfy(reason -> assertThat(reason).contains("within 5 s", "det_handwritten_0002"));
        assertThat(reply)
                .isEqualTo("Hi! Open Billing, choose Invoices and click Download PDF next to the invoice you need.");
    }
}
