package ai.avaliar.eval;

import java.util.Map;
import java.util.Random;

/**
 * Key-shaped values for tests, built at run time from a fixed seed so that no file of the
 * project holds a string that a secret scanner would take for a real key. None of them is a
 * key of anything.
 */
final class FakeSecrets {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private FakeSecrets() {}

    static String random(Random r, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** The placeholders of the corpus ({@code {{openai_key}}} ...) and a fresh fake value for each. */
    static Map<String, String> forSeed(long seed) {
        Random r = new Random(seed);
        String pem = "-----" + "BEGIN RSA " + "PRIVATE KEY-----\n" + random(r, ALNUM, 64) + "\n" + random(r, ALNUM, 64)
                + "\n-----" + "END RSA " + "PRIVATE KEY-----";
        return Map.of(
                "openai_key", "s" + "k-" + random(r, ALNUM, 48),
                "openai_project_key", "s" + "k-proj-" + random(r, ALNUM + "_-", 80),
                "anthropic_key", "s" + "k-ant-api03-" + random(r, ALNUM + "_-", 93) + "AA",
                "aws_key", "AK" + "IA" + random(r, BASE32, 16),
                "github_token", "gh" + "p_" + random(r, ALNUM, 36),
                "github_pat", "github" + "_pat_" + random(r, ALNUM + "_", 82),
                "private_key", pem,
                "high_entropy", random(r, ALNUM, 20) + "7" + random(r, ALNUM + "!#%", 11));
    }

    static String expand(String text, long seed) {
        String out = text;
        for (Map.Entry<String, String> e : forSeed(seed).entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return out;
    }
}
