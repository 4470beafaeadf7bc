package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the rule detectors on {@code corpus/corpus.jsonl}: 425 labelled
 * texts written for this project before the detectors were; on {@code holdout.jsonl}, written
 * after them; and on {@code generalisation.jsonl}, 327 texts written before the rules of issue 18. A text counts once per label:
 * found (true positive), missed (false negative) or reported without a label (false
 * positive). The table is printed; README.md holds the same figures.
 */
class CorpusAccuracyTest {

    static final List<String> STRUCTURED =
            List.of("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS");

    /** National and tax identifiers, each with its own recogniser (checksum, or a context word). */
    static final List<String> NATIONAL_IDS = List.of(
            "UK_NINO",
            "UK_NHS",
            "ES_NIF",
            "ES_NIE",
            "IT_FISCAL_CODE",
            "DE_TAX_ID",
            "FR_INSEE",
            "NL_BSN",
            "PL_PESEL",
            "BR_CPF",
            "BR_CNPJ",
            "IN_PAN",
            "IN_AADHAAR",
            "AU_TFN",
            "AU_ABN",
            "AU_MEDICARE",
            "SG_NRIC",
            "US_ITIN",
            "US_PASSPORT",
            "US_DRIVER_LICENSE");

    record Sample(int line, String text, Set<String> labels, String note) {}

    record Score(String name, int tp, int fp, int fn) {
        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    static List<Sample> corpus;
    static Map<String, Score> scores;
    static List<Sample> holdout;
    static Map<String, Score> holdoutScores;
    static List<Sample> generalisation;
    static Map<String, Score> generalisationScores;

    @BeforeAll
    static void runDetectorsOnCorpus() throws Exception {
        corpus = load("/corpus/corpus.jsonl");
        scores = evaluate("corpus.jsonl", corpus);
        holdout = load("/corpus/holdout.jsonl");
        holdoutScores = evaluate("holdout.jsonl", holdout);
        generalisation = load("/corpus/generalisation.jsonl");
        generalisationScores = evaluate("generalisation.jsonl", generalisation);
    }

    static Map<String, Score> evaluate(String name, List<Sample> samples) throws Exception {
        List<Detector> detectors =
                List.of(new PiiDetector(), new SecretsDetector(), new PromptAttackDetector(), new ToxicityDetector());
        List<Set<String>> predicted = new ArrayList<>();
        for (Sample s : samples) {
            Set<String> found = new LinkedHashSet<>();
            for (Detector d : detectors) {
                for (DetectorType type : d.types()) {
                    for (DetectionIssue issue : d.detect(type, new DetectionText(s.text(), ""))) {
                        found.add(type + ":" + issue.category());
                    }
                }
            }
            predicted.add(found);
        }
        Map<String, Score> result = new LinkedHashMap<>();
        System.out.println("== " + name + " (" + samples.size() + " texts)");
        for (String category : STRUCTURED) {
            score(result, category, samples, predicted, label -> label.equals("PII:" + category));
        }
        for (String category : NATIONAL_IDS) {
            boolean present = samples.stream().anyMatch(s -> s.labels().contains("PII:" + category))
                    || predicted.stream().anyMatch(p -> p.contains("PII:" + category));
            if (present) {
                score(result, category, samples, predicted, label -> label.equals("PII:" + category));
            }
        }
        score(
                result,
                SECRETS,
                samples,
                predicted,
                label -> label.startsWith("PII:SECRET_") || label.equals("PII:PRIVATE_KEY"));
        score(result, "PROMPT_INJECTION", samples, predicted, label -> label.startsWith("PROMPT_INJECTION:"));
        score(result, "JAILBREAK", samples, predicted, label -> label.startsWith("JAILBREAK:"));
        score(result, "TOXICITY", samples, predicted, label -> label.startsWith("TOXICITY:"));
        printTable(name, result);
        return result;
    }

    static final String SECRETS = "secrets (all SECRET_* and PRIVATE_KEY)";

    private static void score(
            Map<String, Score> into,
            String name,
            List<Sample> samples,
            List<Set<String>> predicted,
            Predicate<String> in) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            boolean expected = samples.get(i).labels().stream().anyMatch(in);
            boolean actual = predicted.get(i).stream().anyMatch(in);
            if (expected && actual) {
                tp++;
            } else if (actual) {
                fp++;
                errors.add("  false positive, line " + samples.get(i).line() + ": "
                        + samples.get(i).note());
            } else if (expected) {
                fn++;
                errors.add("  missed, line " + samples.get(i).line() + ": "
                        + samples.get(i).note());
            }
        }
        into.put(name, new Score(name, tp, fp, fn));
        if (!errors.isEmpty()) {
            System.out.println(name + ":\n" + String.join("\n", errors));
        }
    }

    private static void printTable(String name, Map<String, Score> result) {
        StringBuilder table =
                new StringBuilder("\n" + name + "\n\n| detector / category | TP | FP | FN | precision | recall | F1 |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|\n");
        result.values()
                .forEach(s -> table.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %d | %.3f | %.3f | %.3f |%n",
                        s.name(),
                        s.tp(),
                        s.fp(),
                        s.fn(),
                        s.precision(),
                        s.recall(),
                        s.f1())));
        System.out.println(table);
    }

    static List<Sample> load(String resource) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Sample> samples = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                CorpusAccuracyTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = json.readTree(line);
                Set<String> labels = new LinkedHashSet<>();
                row.get("labels")
                        .forEach(l -> labels.add(
                                l.get("type").asText() + ":" + l.get("category").asText()));
                samples.add(new Sample(
                        number,
                        FakeSecrets.expand(row.get("text").asText(), number),
                        labels,
                        row.path("note").asText()));
            }
        }
        return samples;
    }

    @Test
    void the_corpus_has_at_least_400_texts_with_positives_and_look_alikes_for_every_structured_category() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(400);
        for (String category : STRUCTURED) {
            assertThat(corpus.stream()
                            .filter(s -> s.labels().contains("PII:" + category))
                            .count())
                    .as("texts labelled %s", category)
                    .isGreaterThanOrEqualTo(12);
        }
        assertThat(corpus.stream().filter(s -> s.labels().isEmpty()).count()).isGreaterThanOrEqualTo(150);
    }

    @Test
    void structured_pii_has_precision_and_recall_of_at_least_95_percent_in_every_category() {
        for (String category : STRUCTURED) {
            Score s = scores.get(category);
            assertThat(s.precision()).as("%s precision", category).isGreaterThanOrEqualTo(0.95);
            assertThat(s.recall()).as("%s recall", category).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void secrets_injection_jailbreak_and_toxicity_reach_their_measured_f1() {
        assertF1(scores, 0.95, 0.95, 0.92, 0.96);
    }

    /** Secrets, injection, jailbreak and toxicity F1 at least as given: a regression fails the build. */
    private static void assertF1(
            Map<String, Score> scores, double secrets, double injection, double jailbreak, double toxicity) {
        assertThat(scores.get(SECRETS).f1()).as("secrets F1").isGreaterThanOrEqualTo(secrets);
        assertThat(scores.get("PROMPT_INJECTION").f1()).as("injection F1").isGreaterThanOrEqualTo(injection);
        assertThat(scores.get("JAILBREAK").f1()).as("jailbreak F1").isGreaterThanOrEqualTo(jailbreak);
        assertThat(scores.get("TOXICITY").f1()).as("toxicity F1").isGreaterThanOrEqualTo(toxicity);
    }

    /**
     * The hold-out set was written after the first detectors; neither they nor the rules of issue
     * 18 were written against it. Its figures are the better estimate of how the attack rules
     * generalise (jailbreak recall 0.57: use the LLM judge where that matters).
     */
    @Test
    void on_the_hold_out_set_the_figures_stay_where_they_were_measured() {
        assertThat(holdout).hasSizeGreaterThanOrEqualTo(100);
        for (String category : STRUCTURED) {
            assertThat(holdoutScores.get(category).recall())
                    .as("%s hold-out recall", category)
                    .isGreaterThanOrEqualTo(0.95);
            assertThat(holdoutScores.get(category).precision())
                    .as("%s hold-out precision", category)
                    .isGreaterThanOrEqualTo(0.80);
        }
        assertF1(holdoutScores, 0.95, 0.85, 0.70, 0.85);
    }

    /**
     * The generalisation set (issue 18) was written before the rules of that issue and is never
     * edited. Two of its texts hold an e-mail address but are labelled only as injections, so
     * e-mail precision is held at 0.85; every other PII category, national IDs included, at 0.95.
     */
    @Test
    void on_the_generalisation_set_pii_and_national_ids_reach_95_percent_and_attacks_their_measured_f1() {
        assertThat(generalisation).hasSizeGreaterThanOrEqualTo(300);
        assertThat(generalisation.stream().filter(s -> s.labels().isEmpty()).count())
                .as("hard negatives")
                .isGreaterThanOrEqualTo(generalisation.size() * 40L / 100);
        for (String category : generalisationScores.keySet()) {
            if (STRUCTURED.contains(category) || NATIONAL_IDS.contains(category)) {
                Score s = generalisationScores.get(category);
                assertThat(s.recall()).as("%s recall", category).isGreaterThanOrEqualTo(0.95);
                assertThat(s.precision())
                        .as("%s precision", category)
                        .isGreaterThanOrEqualTo(category.equals("EMAIL_ADDRESS") ? 0.85 : 0.95);
            }
        }
        assertF1(generalisationScores, 1.0, 0.95, 0.90, 0.95); // the set holds no secrets: 1.0 by definition
    }
}
