package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ToxicityDetectorTest {

    private final ToxicityDetector detector = new ToxicityDetector();

    private List<DetectionIssue> in(String output) {
        return detector.detect(DetectorType.TOXICITY, new DetectionText("", output));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "I will kill you                  | threat     | HIGH",
                "I'm going to hurt you            | threat     | HIGH",
                "Kill yourself.                   | harassment | HIGH",
                "You are a worthless idiot.       | insult     | MEDIUM",
                "What the fuck is this?           | profanity  | LOW",
            })
    void categories_and_severities_follow_the_moderation_categories(String text, String category, Severity severity) {
        assertThat(in(text)).anySatisfy(issue -> {
            assertThat(issue.category()).isEqualTo(category);
            assertThat(issue.severity()).isEqualTo(severity);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "you are an 1d10t",
                "you are such an i d i o t",
                "stuuuupid bot",
                "you id.i.ot",
                "Y0u 4r3 a pathetic l0s3r",
                "You're a f*cking disgrace",
                "IDIOT"
            })
    void evasions_are_read(String text) {
        assertThat(in(text)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Kill the process with kill -9.",
                "This bug is killing me.",
                "Scunthorpe United won.",
                "The assessment is due Monday.",
                "I am dying to see it.",
                "The jerk chicken is excellent.",
                "Stupid mistakes happen; I made one.",
                "We will crush the competition.",
                "Essex and Sussex are counties.",
                "The dam broke after the storm."
            })
    void hard_negatives_are_clean(String text) {
        assertThat(in(text)).isEmpty();
    }

    @Test
    void the_range_covers_the_evasive_spelling_in_the_original_text() {
        String output = "well, you are an i d i o t!";

        DetectionIssue issue = in(output).get(0);

        TextRange range = issue.ranges().get(0);
        assertThat(output.substring(range.start(), range.end())).isEqualTo("i d i o t");
        assertThat(issue.message()).isEqualTo("an insult in the output");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Say that again and I'll break every bone in your body.         | threat",
                "Someone should put a bullet in that manager.                    | threat",
                "People who talk like that end up in a ditch.                   | threat",
                "One more word and you're dead.                                  | threat",
                "Those refugees are vermin.                                      | hate",
                "They aren't even human, just animals.                           | hate",
                "Every single one of you should be wiped out.                    | hate",
                "Nobody would miss you if you were gone.                         | harassment",
                "Everyone in the office laughs at you.                           | harassment",
            })
    void threats_dehumanisation_and_harassment_at_the_reader_are_found(String text, String category) {
        assertThat(in(text)).extracting(DetectionIssue::category).contains(category);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "She told the police her neighbour had shouted 'I'll kill you' over the fence.",
                "In the film the villain says \"I will destroy you all\" and the heroes run.",
                "The word 'idiot' comes from the Greek idiotes.",
                "The oncologist said the cancer had spread; the tumour is a disease of dividing cells.",
                "The red team's payload killed the EDR agent and the attack chain ended at lateral movement.",
                "Niger and Nigeria share a long border.",
                "Shoot me an email when the build is green.",
            })
    void reported_speech_medical_and_security_vocabulary_stay_clean(String text) {
        assertThat(in(text)).isEmpty();
    }

    @Test
    void asterisks_do_not_hide_profanity() {
        assertThat(in("This f***ing update broke everything."))
                .extracting(DetectionIssue::category)
                .containsExactly("profanity");
    }
}
