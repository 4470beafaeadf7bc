package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarConfig;
import ai.avaliar.trace.InMemoryTraceExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The region of national phone numbers read from {@code -Davaliar.eval.pii.region}, as the
 * ServiceLoader creates the detector: a region written in lower case or one libphonenumber does
 * not know must not stop PII detection. Isolated: it sets a system property.
 */
@Isolated
class PiiRegionPropertyTest {

    private final Logger log = Logger.getLogger("ai.avaliar.eval");
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @AfterEach
    void restore() {
        System.clearProperty(PiiDetector.REGION_PROPERTY);
        log.removeHandler(handler);
    }

    @Test
    void a_lower_case_region_is_read_as_the_upper_case_code() {
        System.setProperty(PiiDetector.REGION_PROPERTY, "uk");

        assertThat(new PiiDetector().find("ring 020 7946 0958"))
                .extracting(Finding::category)
                .containsExactly("PHONE_NUMBER");
    }

    @Test
    void an_unknown_region_falls_back_to_us_with_a_warning_naming_the_property_and_valid_codes() {
        log.addHandler(handler);
        System.setProperty(PiiDetector.REGION_PROPERTY, "Narnia");

        PiiDetector detector = new PiiDetector();

        assertThat(detector.find("call (212) 555-0147 or mail ana.ruiz@example.com"))
                .extracting(Finding::category)
                .containsExactly("PHONE_NUMBER", "EMAIL_ADDRESS");
        assertThat(warnings)
                .singleElement()
                .satisfies(
                        w -> assertThat(w.getMessage())
                                .isEqualTo(
                                        "Avaliar: -Davaliar.eval.pii.region=Narnia is not a region libphonenumber knows; national phone"
                                                + " numbers are read as US numbers. Use a two-letter ISO 3166 code such as US, GB, DE, FR, BR or IN."));
    }

    @Test
    void with_an_unknown_region_pii_is_still_found_on_spans() {
        System.setProperty(PiiDetector.REGION_PROPERTY, "xx");
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build();
        try {
            Avaliar.configure(AvaliarConfig.builder().openTelemetry(sdk).build());
            Avaliar.llm("answer")
                    .detect(DetectorType.PII)
                    .input("question", "How do I reach Ana?")
                    .call(() -> "write to ana.silva@example.com, card 4111 1111 1111 1111");
            assertThat(Avaliar.awaitDetections(Duration.ofSeconds(30)))
                    .as("detections finished")
                    .isTrue();

            DetectionResult pii = exporter.traces().get(0).root().detections().stream()
                    .filter(r -> r.detector() == DetectorType.PII)
                    .findFirst()
                    .orElseThrow();
            assertThat(pii.status()).isEqualTo(DetectionStatus.COMPLETED);
            assertThat(pii.issues())
                    .extracting(DetectionIssue::category)
                    .containsExactlyInAnyOrder("EMAIL_ADDRESS", "CREDIT_CARD");
        } finally {
            Avaliar.shutdown();
            sdk.close();
        }
    }
}
