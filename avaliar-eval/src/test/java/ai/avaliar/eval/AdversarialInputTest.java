package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A ReDoS guard, not a benchmark: one megabyte of text shaped to make a backtracking pattern
 * explode must still be scanned, by every rule detector, well within a generous bound.
 */
class AdversarialInputTest {

    private static final int MEGABYTE = 1 << 20;
    private static final Duration BOUND = Duration.ofSeconds(60);

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("digits and dashes", repeat("4-", MEGABYTE)),
                Arguments.of("one long digit run", repeat("7", MEGABYTE)),
                Arguments.of("domains without an end", "a@" + repeat("b-c.", MEGABYTE)),
                Arguments.of("dotted numbers", repeat("1.", MEGABYTE)),
                Arguments.of("hex and colons", repeat("ab:", MEGABYTE)),
                Arguments.of("base64 runs of the decoded limit", repeat(repeat("QUFB", 40) + " ", MEGABYTE)),
                Arguments.of("assignments without values", repeat("api_key=", MEGABYTE)),
                Arguments.of("role words without an object", repeat("pretend you are ", MEGABYTE)),
                Arguments.of("you and amplifiers", repeat("you are so ", MEGABYTE)),
                Arguments.of("tag characters", repeat("\uDB40\uDC41", MEGABYTE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void every_rule_detector_scans_a_megabyte_of_adversarial_text_in_bounded_time(String name, String text) {
        List<Detector> detectors = List.of(
                new PiiDetector(), new SecretsDetector(), new PromptAttackDetector(), new ToxicityDetector());

        assertTimeoutPreemptively(BOUND, () -> {
            for (Detector detector : detectors) {
                for (DetectorType type : detector.types()) {
                    assertThat(detector.detect(type, new DetectionText(text, ""))).isNotNull();
                }
            }
        });
    }

    private static String repeat(String unit, int length) {
        return unit.repeat(Math.max(1, length / unit.length()));
    }
}
