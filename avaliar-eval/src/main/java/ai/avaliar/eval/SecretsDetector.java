package ai.avaliar.eval;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials, gitleaks-style, and reports them as {@link DetectorType#PII} issues of
 * severity {@link Severity#CRITICAL}: {@code SECRET_OPENAI_KEY}, {@code SECRET_ANTHROPIC_KEY},
 * {@code SECRET_AWS_ACCESS_KEY}, {@code SECRET_GITHUB_TOKEN}, {@code PRIVATE_KEY} (PEM and
 * OpenSSH private-key blocks) and {@code SECRET_HIGH_ENTROPY}: a value assigned to a name such
 * as {@code password}, {@code secret}, {@code token} or {@code api_key} whose Shannon entropy
 * is at least {@value #ENTROPY_THRESHOLD} bits per character (placeholders such as
 * {@code YOUR_API_KEY} or {@code ${TOKEN}} are not secrets). The message never holds the key.
 *
 * <pre>{@code
 * Avaliar.llm("answer").detect(DetectorType.PII).call(() -> reply); // runs this detector too
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SecretsDetector extends RuleDetector {

    /** Bits per character a value assigned to a secret-like name needs to count as a secret. */
    public static final double ENTROPY_THRESHOLD = 3.5;

    private static final Pattern OPENAI =
            Pattern.compile("(?<![\\w-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,300}+(?![\\w-])");
    private static final Pattern ANTHROPIC =
            Pattern.compile("(?<![\\w-])sk-ant-[a-z]{2,8}+\\d{0,2}+-[A-Za-z0-9_-]{32,300}+(?![\\w-])");
    private static final Pattern AWS =
            Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])");
    private static final Pattern GITHUB =
            Pattern.compile("(?<![\\w])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![\\w])");
    private static final Pattern PRIVATE_KEY_BEGIN =
            Pattern.compile("-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key"
                    + "|private[_-]?key|credentials?)");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)^(?:your[_-].*|.*[_-]here|<.*>|\\$\\{.*}|\\{\\{.*}}|%.*%|x{4,}|\\*+|\\.{3,}|null|none|true|false"
                    + "|changeme|password|secret|example.*|dummy.*|test.*|redacted)$");

    private static final Map<String, String> WHAT = Map.of(
            "SECRET_OPENAI_KEY", "an OpenAI API key",
            "SECRET_ANTHROPIC_KEY", "an Anthropic API key",
            "SECRET_AWS_ACCESS_KEY", "an AWS access key id",
            "SECRET_GITHUB_TOKEN", "a GitHub token",
            "PRIVATE_KEY", "a private key",
            "SECRET_HIGH_ENTROPY", "a secret-looking value assigned to a credential name");

    /** Creates the detector; it has no settings. */
    public SecretsDetector() {
        super(DetectorType.PII);
    }

    @Override
    List<DetectionIssue> issues(DetectorType type, DetectionText text) {
        return Findings.onBothFields(type, text, SecretsDetector::find, f -> Severity.CRITICAL, WHAT::get);
    }

    static List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        add(found, OPENAI, text, "SECRET_OPENAI_KEY", 0.95);
        add(found, ANTHROPIC, text, "SECRET_ANTHROPIC_KEY", 0.99);
        add(found, AWS, text, "SECRET_AWS_ACCESS_KEY", 0.95);
        add(found, GITHUB, text, "SECRET_GITHUB_TOKEN", 0.99);
        privateKeys(text, found);
        found.addAll(highEntropyAssignments(text));
        return Findings.withoutOverlaps(found);
    }

    /**
     * PEM and OpenSSH private-key blocks, from BEGIN to the END line's closing dashes, in one
     * forward pass: a BEGIN inside a block already found is part of it, and once no END is
     * left the rest is not searched again.
     */
    private static void privateKeys(String text, List<Finding> found) {
        Matcher begin = PRIVATE_KEY_BEGIN.matcher(text);
        int blockEnd = -1;
        boolean endsLeft = true;
        while (begin.find()) {
            if (begin.start() < blockEnd) {
                continue;
            }
            int end = begin.end();
            if (endsLeft) {
                int endMarker = text.indexOf("-----END", begin.end());
                if (endMarker < 0) {
                    endsLeft = false;
                } else {
                    end = endMarker + 8;
                    int limit = Math.min(text.length() - 4, endMarker + 8 + 48); // "-----END RSA PRIVATE KEY-----"
                    for (int i = endMarker + 8; i < limit; i++) {
                        if (text.startsWith("-----", i)) {
                            end = i + 5;
                            break;
                        }
                    }
                }
            }
            found.add(new Finding("PRIVATE_KEY", begin.start(), end, 0.99));
            blockEnd = end;
        }
    }

    private static void add(List<Finding> found, Pattern pattern, String text, String category, double score) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(new Finding(category, m.start(), m.end(), score));
        }
    }

    /** {@code name = value}, {@code name: value}, {@code "name": "value"}, {@code NAME=value}, read by hand. */
    static List<Finding> highEntropyAssignments(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher name = SECRET_NAME.matcher(text);
        int from = 0;
        while (name.find(from)) {
            from = name.end();
            int i = name.end();
            while (i < text.length() && isNameChar(text.charAt(i)) && i - name.end() < 40) {
                i++;
            }
            if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
                i++;
            }
            i = skipSpaces(text, i);
            int operator = i;
            while (i < text.length() && i - operator < 2 && (text.charAt(i) == '=' || text.charAt(i) == ':')) {
                i++;
            }
            if (i == operator) {
                continue;
            }
            if (i < text.length() && text.charAt(i) == '>') {
                i++;
            }
            i = skipSpaces(text, i);
            if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
                i++;
            }
            int start = i;
            while (i < text.length()
                    && i - start < 256
                    && !Character.isWhitespace(text.charAt(i))
                    && "\"',;`".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            String value = text.substring(start, i);
            from = Math.max(from, i); // a rejected value is not searched again for names: linear time
            if (value.length() >= 12
                    && !PLACEHOLDER.matcher(value).matches()
                    && entropy(value) >= ENTROPY_THRESHOLD
                    && hasLetterAndDigit(value)) {
                found.add(new Finding("SECRET_HIGH_ENTROPY", start, i, 0.8));
            }
        }
        return found;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private static int skipSpaces(String text, int i) {
        int limit = i + 8;
        while (i < text.length() && i < limit && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean hasLetterAndDigit(String value) {
        return value.chars().anyMatch(Character::isLetter) && value.chars().anyMatch(Character::isDigit);
    }

    /** Shannon entropy of the characters of {@code value}, in bits per character. */
    static double entropy(String value) {
        Map<Integer, Integer> counts = new java.util.HashMap<>();
        value.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
        double h = 0;
        for (int count : counts.values()) {
            double p = (double) count / value.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }
}
