package ai.avaliar.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Characters that hide text from a reader but not from a model, or reorder what a reader sees:
 * Unicode tag characters (U+E0000..U+E007F, "ASCII smuggling"; the tag sequences of
 * subdivision flags such as England's are allowed), bidi overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069, "Trojan Source"), and zero-width characters (U+200B,
 * U+200C, U+200D, U+2060, U+FEFF) when two or more appear outside emoji sequences. Category
 * {@code INVISIBLE_UNICODE}, one finding per run.
 */
final class InvisibleUnicode {

    static final String CATEGORY = "INVISIBLE_UNICODE";

    private InvisibleUnicode() {}

    static List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        List<int[]> zeroWidth = new ArrayList<>();
        int i = 0;
        int previous = -1; // previous visible code point
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                int end = next;
                while (end < text.length() && text.codePointAt(end) >= 0xE0000 && text.codePointAt(end) <= 0xE007F) {
                    end += 2;
                }
                boolean flag = previous == 0x1F3F4 && text.codePointAt(end - 2) == 0xE007F;
                if (!flag) {
                    found.add(new Finding(CATEGORY, i, end, 0.99));
                }
                i = end;
                continue;
            }
            if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
                found.add(new Finding(CATEGORY, i, next, 0.9));
            } else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || (cp == 0xFEFF && i > 0)) {
                boolean emojiJoiner = cp == 0x200D
                        && (isPictographic(previous)
                                || (next < text.length() && isPictographic(text.codePointAt(next))));
                if (!emojiJoiner) {
                    zeroWidth.add(new int[] {i, next});
                }
            } else {
                previous = cp;
            }
            i = next;
        }
        if (zeroWidth.size() >= 2) {
            int start = zeroWidth.get(0)[0];
            int end = zeroWidth.get(0)[1];
            for (int k = 1; k < zeroWidth.size(); k++) {
                int[] z = zeroWidth.get(k);
                if (z[0] - end > 32) {
                    found.add(new Finding(CATEGORY, start, end, 0.8));
                    start = z[0];
                }
                end = z[1];
            }
            found.add(new Finding(CATEGORY, start, end, 0.8));
        }
        return found;
    }

    private static boolean isPictographic(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF)
                || (cp >= 0x2600 && cp <= 0x27BF)
                || cp == 0xFE0F
                || (cp >= 0x1F3FB && cp <= 0x1F3FF);
    }
}
