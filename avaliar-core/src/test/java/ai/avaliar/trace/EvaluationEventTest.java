package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.internal.DetectionEvents;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each detection result is also the GenAI conventions' gen_ai.evaluation.result event. */
class EvaluationEventTest {

    private final InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
    private OpenTelemetrySdk sdk;

    @AfterEach
    void tearDown() {
        Avaliar.shutdown();
        if (sdk != null) {
            sdk.close();
        }
    }

    private static DetectionIssue issue(double score, String message) {
        return new DetectionIssue(
                DetectorType.PII, "EMAIL_ADDRESS", Severity.HIGH, score, message, List.of(), DetectionMethod.RULE);
    }

    @Test
    void a_span_with_detection_has_an_evaluation_event_beside_each_detection_event() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build();
        Avaliar.configure(AvaliarConfig.builder()
                .openTelemetry(sdk)
                .detector(new TestDetectors.Emails())
                .build());

        Avaliar.llm("answer").detect(DetectorType.PII).call(() -> "write to ana@example.com");

        assertThat(Avaliar.awaitDetections(Duration.ofSeconds(10))).isTrue();
        SpanData span = exporter.spans().get(0);
        assertThat(span.getEvents())
                .extracting(EventData::getName)
                .containsExactly(AvaliarAttributes.DETECTION_EVENT, AvaliarAttributes.EVALUATION_RESULT_EVENT);
        Attributes evaluation = span.getEvents().get(1).getAttributes();
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_NAME)).isEqualTo("pii");
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_VALUE)).isEqualTo(0.99);
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_LABEL)).isEqualTo("fail");
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_EXPLANATION))
                .isEqualTo("an e-mail address in the output");
        assertThat(span.getEvents().get(1).getEpochNanos())
                .isEqualTo(span.getEvents().get(0).getEpochNanos());
    }

    @Test
    void a_completed_result_without_issues_passes_with_score_zero_and_no_explanation() {
        Attributes evaluation = DetectionEvents.toEvaluation(
                DetectionResult.completed(DetectorType.TOXICITY, DetectionMode.LOCAL, List.of()));

        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_NAME)).isEqualTo("toxicity");
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_VALUE)).isEqualTo(0.0);
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_LABEL)).isEqualTo("pass");
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_EXPLANATION)).isNull();
        assertThat(evaluation.get(AvaliarAttributes.ERROR_TYPE)).isNull();
    }

    @Test
    void several_issues_score_as_the_highest_and_explain_with_every_message() {
        Attributes evaluation = DetectionEvents.toEvaluation(DetectionResult.completed(
                DetectorType.PII, DetectionMode.LOCAL, List.of(issue(0.4, "a phone number"), issue(0.9, "an IBAN"))));

        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_VALUE)).isEqualTo(0.9);
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_EXPLANATION)).isEqualTo("a phone number; an IBAN");
    }

    @Test
    void a_failed_result_is_an_error_with_its_reason_and_no_score() {
        Attributes evaluation = DetectionEvents.toEvaluation(
                DetectionResult.failed(DetectorType.BIAS, DetectionMode.CLOUD, "timed out after 10s"));

        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_LABEL)).isEqualTo("error");
        assertThat(evaluation.get(AvaliarAttributes.ERROR_TYPE)).isEqualTo("detection_failed");
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_EXPLANATION)).isEqualTo("timed out after 10s");
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_VALUE)).isNull();
    }

    @Test
    void a_pending_result_is_labelled_pending_without_a_score() {
        Attributes evaluation =
                DetectionEvents.toEvaluation(DetectionResult.pending(DetectorType.HALLUCINATION, DetectionMode.CLOUD));

        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_LABEL)).isEqualTo("pending");
        assertThat(evaluation.get(AvaliarAttributes.EVALUATION_SCORE_VALUE)).isNull();
    }
}
