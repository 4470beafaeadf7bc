package ai.avaliar.eval;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds prompt injection and jailbreak attempts with phrase rules on normalised text (case,
 * spacing, punctuation inside words, leetspeak and Cyrillic/Greek look-alikes do not hide a
 * phrase) and with two encoding checks.
 *
 * <table>
 *   <caption>Categories</caption>
 *   <tr><th>type</th><th>category</th><th>example</th><th>severity</th></tr>
 *   <tr><td>PROMPT_INJECTION</td><td>IGNORE_INSTRUCTIONS</td><td>"ignore all previous instructions"</td><td>HIGH</td></tr>
 *   <tr><td>PROMPT_INJECTION</td><td>SYSTEM_PROMPT_EXFILTRATION</td><td>"reveal your system prompt"</td><td>HIGH</td></tr>
 *   <tr><td>PROMPT_INJECTION</td><td>FAKE_SYSTEM_MESSAGE</td><td>{@code <system>}, {@code [INST]}, {@code ### SYSTEM:} in user text</td><td>HIGH</td></tr>
 *   <tr><td>PROMPT_INJECTION</td><td>ENCODED_PAYLOAD</td><td>base64 that decodes to an attack</td><td>HIGH</td></tr>
 *   <tr><td>PROMPT_INJECTION</td><td>INVISIBLE_UNICODE</td><td>tag characters, bidi overrides, zero-width runs</td><td>HIGH / MEDIUM</td></tr>
 *   <tr><td>JAILBREAK</td><td>DAN, DEVELOPER_MODE, ROLE_PLAY, POLICY_BYPASS</td><td>"you are now DAN"</td><td>HIGH</td></tr>
 * </table>
 *
 * <pre>{@code
 * Avaliar.llm("answer").detect(DetectorType.PROMPT_INJECTION).blocking(true).call(() -> reply);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PromptAttackDetector implements Detector {

    /** Base64 runs shorter than this are not decoded (too short to carry an instruction). */
    static final int MIN_BASE64 = 24;
    /**
     * Base64 characters decoded per text, all runs together (a quarter of the largest text a
     * detector is given): however many harmless runs come first, a payload within this many
     * characters is decoded; a run longer than what is left is decoded as far as the budget goes.
     */
    static final int BASE64_BUDGET = 1 << 18;

    private static final Pattern BASE64_RUN =
            Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{" + MIN_BASE64 + ",}+={0,2}+");

    /** Chat-template role markers that text from a user or a web page has no business holding. */
    private static final Pattern FAKE_ROLE_TAG = Pattern.compile(
            "(?i)</?(?:system|developer)>|<\\|im_start\\|>\\s{0,4}+(?:system|developer)|<<SYS>>|\\[/?INST]"
                    + "|(?<![^\\n])#{2,6}+ ?(?:system|developer) ?(?:prompt|message)?:");

    private static final Map<String, String> WHAT = Map.of(
            "FAKE_SYSTEM_MESSAGE", "chat-template role markers that pose as a system or developer message",
            "IGNORE_INSTRUCTIONS", "an instruction to ignore or override the model's instructions",
            "SYSTEM_PROMPT_EXFILTRATION", "a request to reveal the system prompt or hidden instructions",
            "ENCODED_PAYLOAD", "an encoded (base64) payload that decodes to an attack",
            "INVISIBLE_UNICODE", "invisible Unicode characters that can hide or reorder text",
            "DAN", "a 'DAN' (do anything now) jailbreak",
            "DEVELOPER_MODE", "a request to switch to an unrestricted 'developer mode'",
            "ROLE_PLAY", "a role-play that asks the model to drop its restrictions",
            "POLICY_BYPASS", "a request to ignore or disable the model's safety policy");

    /** Creates the detector; it has no settings. */
    public PromptAttackDetector() {}

    @Override
    public Set<DetectorType> types() {
        return Set.of(DetectorType.PROMPT_INJECTION, DetectorType.JAILBREAK);
    }

    @Override
    public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
        if (type != DetectorType.PROMPT_INJECTION && type != DetectorType.JAILBREAK) {
            return List.of();
        }
        boolean jailbreak = type == DetectorType.JAILBREAK;
        return Findings.onBothFields(type, text, t -> find(t, jailbreak), PromptAttackDetector::severity, WHAT::get);
    }

    /** Tag characters are HIGH (nothing else uses them in text); bidi controls and zero-width runs MEDIUM. */
    private static Severity severity(Finding f) {
        return f.category().equals(InvisibleUnicode.CATEGORY) && f.score() < 0.95 ? Severity.MEDIUM : Severity.HIGH;
    }

    static List<Finding> find(String text, boolean jailbreak) {
        List<Finding> found = new ArrayList<>(AttackPhrases.find(NormalizedText.of(text, false), jailbreak));
        found.addAll(encodedPayloads(text, jailbreak));
        if (!jailbreak) {
            Matcher tag = FAKE_ROLE_TAG.matcher(text);
            while (tag.find()) {
                found.add(new Finding("FAKE_SYSTEM_MESSAGE", tag.start(), tag.end(), 0.85));
            }
            found.addAll(InvisibleUnicode.find(text));
        }
        return Findings.withoutOverlaps(found);
    }

    /** Decodes long base64 runs that decode to text and looks for attacks in them. */
    static List<Finding> encodedPayloads(String text, boolean jailbreak) {
        List<Finding> found = new ArrayList<>();
        Matcher m = BASE64_RUN.matcher(text);
        int budget = BASE64_BUDGET;
        while (budget >= MIN_BASE64 && m.find()) {
            String run = m.group();
            if (run.length() > budget) {
                run = run.substring(0, budget - budget % 4); // whole quanta of the run's start
            }
            budget -= run.length();
            String plain = decode(run);
            if (plain == null) {
                continue;
            }
            NormalizedText normalized = NormalizedText.of(plain, false);
            if (AttackPhrases.matchesAny(normalized, jailbreak)) { // an injection may be wrapped jailbreak
                found.add(new Finding("ENCODED_PAYLOAD", m.start(), m.end(), 0.95));
            }
        }
        return found;
    }

    /** The UTF-8 text a base64 (or base64url) run decodes to, or null when it is not text. */
    static String decode(String run) {
        String body = run.replace('-', '+').replace('_', '/');
        int pad = body.indexOf('=');
        String unpadded = pad >= 0 ? body.substring(0, pad) : body;
        if (unpadded.length() % 4 == 1) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(unpadded + "==".substring(0, (4 - unpadded.length() % 4) % 4));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        String plain;
        try {
            plain = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
        long printable = plain.chars().filter(c -> c >= 0x20 || c == '\n' || c == '\t' || c == '\r').count();
        long letters = plain.chars().filter(Character::isLetter).count();
        return printable >= plain.length() * 0.95 && letters >= plain.length() * 0.5 ? plain : null;
    }
}
