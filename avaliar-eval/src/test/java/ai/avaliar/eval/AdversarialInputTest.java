package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A ReDoS and quadratic-work guard, not a benchmark: one megabyte of text shaped to make a
 * backtracking pattern explode, or to make a rule find a match every few characters (so that
 * any pass comparing every finding with every other would take minutes), must still be scanned,
 * by each rule detector within a bound that linear work meets on a loaded two-core machine (at
 * most about 6 s per detector, measured at a load average of 15; well under a second unloaded)
 * and quadratic work does not (it took 12 s to 224 s per detector). Isolated, so that the
 * suite's other tests do not compete for the cores.
 */
@Isolated
class AdversarialInputTest {

    private static final int MEGABYTE = 1 << 20;
    private static final Duration BOUND = Duration.ofSeconds(10);

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
                Arguments.of("tag characters", repeat("\uDB40\uDC41", MEGABYTE)),
                Arguments.of("an IPv4 address every 8 characters", repeat("1.1.1.1 ", MEGABYTE)),
                Arguments.of("an insult every 6 characters", repeat("idiot ", MEGABYTE)),
                Arguments.of("an e-mail address every 7 characters", repeat("a@b.co ", MEGABYTE)),
                Arguments.of("private-key headers without an end", repeat("-----BEGIN PRIVATE KEY-----\n", MEGABYTE)),
                Arguments.of(
                        "private-key blocks",
                        repeat("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n", MEGABYTE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void each_rule_detector_scans_a_megabyte_of_adversarial_text_in_bounded_time(String name, String text) {
        List<Detector> detectors =
                List.of(new PiiDetector(), new SecretsDetector(), new PromptAttackDetector(), new ToxicityDetector());

        for (Detector detector : detectors) {
            for (DetectorType type : detector.types()) {
                assertThat(assertTimeoutPreemptively(
                                BOUND,
                                () -> detector.detect(type, new DetectionText(text, "")),
                                () -> detector.name() + " on " + type + " took longer than " + BOUND))
                        .hasSizeLessThanOrEqualTo(Findings.MAX_ISSUES_PER_FIELD);
            }
        }
    }

    private static String repeat(String unit, int length) {
        return unit.repeat(Math.max(1, length / unit.length()));
    }
}
