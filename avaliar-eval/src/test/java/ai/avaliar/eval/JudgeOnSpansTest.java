package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarConfig;
import ai.avaliar.trace.InMemoryTraceExporter;
import ai.avaliar.trace.data.CapturedSpan;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** A judge configured in code and registered with {@code AvaliarConfig.builder().detector(judge)}, on replayed traffic. */
@Isolated
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class JudgeOnSpansTest {

    private final InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
    private OpenTelemetrySdk sdk;

    @AfterEach
    void shutdown() {
        Avaliar.shutdown();
        sdk.close();
    }

    @Test
    void a_registered_judge_answers_a_type_no_rule_serves(ProviderEndpoints endpoints) {
        LlmJudge judge = LlmJudge.builder()
                .client(OpenAIOkHttpClient.builder()
                        .baseUrl(endpoints.openai())
                        .apiKey("test-key")
                        .maxRetries(0)
                        .build())
                .types(DetectorType.HALLUCINATION)
                .build();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build();
        Avaliar.configure(
                AvaliarConfig.builder().openTelemetry(sdk).detector(judge).build());

        String answer = Avaliar.llm("answer")
                .input(
                        "question",
                        "Context: Lisbon is the capital of Portugal. Question: what is the capital of Portugal?")
                .detect(DetectorType.HALLUCINATION)
                .call(() -> "The capital of Portugal is Porto.");

        assertThat(Avaliar.awaitDetections(Duration.ofSeconds(30))).isTrue();
        CapturedSpan span = exporter.traces().get(0).root();
        DetectionResult hallucination = span.detections().get(0);
        assertThat(hallucination.detector()).isEqualTo(DetectorType.HALLUCINATION);
        assertThat(hallucination.status()).isEqualTo(DetectionStatus.COMPLETED);
        assertThat(hallucination.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.category()).isEqualTo("contradiction");
            assertThat(issue.severity()).isEqualTo(Severity.HIGH);
            assertThat(issue.method()).isEqualTo(DetectionMethod.LLM_JUDGE);
            TextRange range = issue.ranges().get(0);
            assertThat(answer.substring(range.start(), range.end())).isEqualTo("Porto");
            assertThat(issue.message())
                    .isEqualTo("The context names another city as the capital; the answer contradicts it.");
        });
        assertThat(hallucination.issues()).extracting(DetectionIssue::type).containsOnly(DetectorType.HALLUCINATION);
    }
}
