package ai.avaliar.trace;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Detectors for core's tests: real rules on small patterns, and ones that wait, fail or are unavailable. */
final class TestDetectors {

    private TestDetectors() {}

    /** PII: every e-mail address, HIGH; records the texts and threads it saw. */
    static class Emails implements Detector {
        private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[a-z]{2,}");
        final List<DetectionText> seen = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public Set<DetectorType> types() {
            return Set.of(DetectorType.PII);
        }

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) throws Exception {
            seen.add(text);
            threads.add(Thread.currentThread().getName());
            List<DetectionIssue> issues = new ArrayList<>();
            for (TextRange.Field field : TextRange.Field.values()) {
                Matcher m = EMAIL.matcher(text.of(field));
                while (m.find()) {
                    issues.add(new DetectionIssue(
                            type,
                            "EMAIL_ADDRESS",
                            Severity.HIGH,
                            0.99,
                            "an e-mail address in the " + field.name().toLowerCase(java.util.Locale.ROOT),
                            List.of(new TextRange(field, m.start(), m.end())),
                            method()));
                }
            }
            return issues;
        }
    }

    /** PROMPT_INJECTION and JAILBREAK: "ignore previous instructions" is CRITICAL, "pretend" is LOW. */
    static class Injections implements Detector {
        @Override
        public Set<DetectorType> types() {
            return Set.of(DetectorType.PROMPT_INJECTION, DetectorType.JAILBREAK);
        }

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
            List<DetectionIssue> issues = new ArrayList<>();
            String input = text.input().toLowerCase(java.util.Locale.ROOT);
            int at = input.indexOf("ignore previous instructions");
            if (type == DetectorType.PROMPT_INJECTION && at >= 0) {
                issues.add(new DetectionIssue(
                        type,
                        "instruction_override",
                        Severity.CRITICAL,
                        0.97,
                        "the input tells the model to ignore its instructions",
                        List.of(new TextRange(TextRange.Field.INPUT, at, at + 28)),
                        DetectionMethod.RULE));
            }
            int pretend = input.indexOf("pretend");
            if (type == DetectorType.JAILBREAK && pretend >= 0) {
                issues.add(new DetectionIssue(
                        type,
                        "role_play",
                        Severity.LOW,
                        0.4,
                        "role-play in the input",
                        List.of(new TextRange(TextRange.Field.INPUT, pretend, pretend + 7)),
                        DetectionMethod.RULE));
            }
            return issues;
        }
    }

    /** Waits for its latch (at most 10 s) before it answers, like a slow model. */
    static class Latched extends Emails {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) throws Exception {
            entered.countDown();
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the detector");
            }
            return super.detect(type, text);
        }

        @Override
        public DetectionMethod method() {
            return DetectionMethod.LLM_JUDGE;
        }
    }

    /** Throws, as a detector whose model endpoint is down. */
    static class Broken implements Detector {
        @Override
        public Set<DetectorType> types() {
            return Set.of(DetectorType.TOXICITY);
        }

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
            throw new IllegalStateException("lexicon file missing");
        }
    }

    /** An LLM judge of BIAS without its key. */
    static class KeylessJudge implements Detector {
        @Override
        public Set<DetectorType> types() {
            return Set.of(DetectorType.BIAS, DetectorType.PII);
        }

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
            throw new AssertionError("an unavailable detector is never called");
        }

        @Override
        public DetectionMethod method() {
            return DetectionMethod.LLM_JUDGE;
        }

        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public String name() {
            return "keyless-judge";
        }
    }

    /** PII as an LLM judge would say it: one issue for any "@". */
    static class JudgeOfAt implements Detector {
        @Override
        public Set<DetectorType> types() {
            return Set.of(DetectorType.PII);
        }

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
            return text.output().contains("@")
                    ? List.of(new DetectionIssue(
                            type,
                            "CONTACT_DETAILS",
                            Severity.MEDIUM,
                            0.8,
                            "contact details",
                            List.of(),
                            DetectionMethod.LLM_JUDGE))
                    : List.of();
        }

        @Override
        public DetectionMethod method() {
            return DetectionMethod.LLM_JUDGE;
        }
    }
}
