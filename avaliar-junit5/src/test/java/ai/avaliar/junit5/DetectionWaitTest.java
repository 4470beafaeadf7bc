package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.data.Trace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The traces a test reads hold the detection results of its spans, which arrive after the traced call returned. */
class DetectionWaitTest {

    /**
     * A TOXICITY detector that takes its time ("[slow]": 300 ms, "[stuck]": 1.5 s) and finds "idiot";
     * listed in this module's test {@code META-INF/services}.
     */
    public static final class SlowToxicity implements Detector {
        @Override
        public Set<DetectorType> types() {
            return Set.of(DetectorType.TOXICITY);
        }

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) throws InterruptedException {
            String output = text.output();
            if (output.contains("[stuck]")) {
                Thread.sleep(1_500);
            } else if (output.contains("[slow]")) {
                Thread.sleep(300);
            }
            int at = output.indexOf("idiot");
            return at < 0
                    ? List.of()
                    : List.of(new DetectionIssue(
                            type,
                            "insult",
                            Severity.MEDIUM,
                            0.9,
                            "an insult",
                            List.of(new TextRange(TextRange.Field.OUTPUT, at, at + 5)),
                            DetectionMethod.RULE));
        }
    }

    @AfterEach
    void noDetectionLeftRunning() {
        assertThat(Avaliar.awaitDetections(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void a_read_of_the_traces_holds_the_detection_results_of_the_test_s_spans() {
        EngineExecutionResults results = Kit.run(ReadsTraces.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void spans_still_in_detection_when_the_test_ends_are_captured_with_their_results() {
        NeverReads.view = null;

        Kit.assertAllPassed(Kit.run(NeverReads.class), 1);

        Trace trace = NeverReads.view.single();
        assertThat(trace.root().detections()).singleElement().satisfies(DetectionWaitTest::foundTheInsult);
    }

    @Test
    void a_detection_slower_than_the_await_timeout_fails_the_read_saying_detection_is_still_running() {
        EngineExecutionResults results = Kit.run(TooSlow.class, Map.of("avaliar.await.timeout", "200 ms"));

        assertThat(Kit.failure(results, "waits_for_a_stuck_detector"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(
                        "Timed out after 200 ms waiting for the spans of this test to end; still open:\n"
                                + "  - 'answer' (llm)")
                .hasMessageEndingWith("\n" + CapturedTraces.DETECTION_RUNNING);
    }

    static void foundTheInsult(DetectionResult toxicity) {
        assertThat(toxicity.detector()).isEqualTo(DetectorType.TOXICITY);
        assertThat(toxicity.status()).isEqualTo(DetectionStatus.COMPLETED);
        assertThat(toxicity.issues()).extracting(DetectionIssue::category).containsExactly("insult");
    }

    @ExtendWith(AvaliarExtension.class)
    static class ReadsTraces {
        @Test
        void reads_the_detections(CapturedTraces traces) {
            String answer = Avaliar.llm("answer").detect(DetectorType.TOXICITY).call(() -> "[slow] you idiot");

            assertThat(answer).isEqualTo("[slow] you idiot");
            assertThat(traces.single().root().detections())
                    .singleElement()
                    .satisfies(DetectionWaitTest::foundTheInsult);
        }
    }

    @ExtendWith(AvaliarExtension.class)
    static class NeverReads {
        static volatile CapturedTraces view;

        @Test
        void leaves_without_reading(CapturedTraces traces) {
            view = traces;
            Avaliar.llm("answer").detect(DetectorType.TOXICITY).call(() -> "[slow] you idiot");
        }
    }

    @ExtendWith(AvaliarExtension.class)
    static class TooSlow {
        @Test
        void waits_for_a_stuck_detector(CapturedTraces traces) {
            Avaliar.llm("answer").detect(DetectorType.TOXICITY).call(() -> "[stuck] hello");
            traces.single();
        }
    }
}
