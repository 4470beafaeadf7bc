package ai.avaliar.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A text reduced to lower-case ASCII words separated by single spaces, for phrase rules that
 * must survive evasion, with a map back to the original offsets. In one linear pass:
 * <ul>
 *   <li>invisible characters (zero-width, bidi controls, tag characters, soft hyphens) are dropped;</li>
 *   <li>a JSON escape of a line break or tab ({@code \n}, {@code \t} ...) separates words, as
 *       in an input recorded as JSON;</li>
 *   <li>each code point is read by its Unicode compatibility decomposition (NFKD), in full:
 *       accents are stripped, full-width and mathematical letters ("𝐢𝐠𝐧𝐨𝐫𝐞") folded, ligatures
 *       ("ﬁ") read as all their letters; common Cyrillic and Greek look-alikes ("ο", "а", "е")
 *       read as the Latin letters they imitate; every character keeps the offsets of the code
 *       point it came from;</li>
 *   <li>punctuation between two letters joins them ({@code i-g-n-o-r-e}, {@code id.i.ot},
 *       {@code f*ck}), and so does a run of asterisks ({@code f***ing}); any other run of
 *       punctuation and space becomes one space;</li>
 *   <li>in a word that mixes letters and digits or symbols, leetspeak is read
 *       ({@code 0 1 3 4 5 7 @ $} as {@code o i e a s t a s}); numbers stay numbers;</li>
 *   <li>three or more single letters in a row are one word ({@code i d i o t}), split where the
 *       space between them widens ({@code i g n o r e   y o u r} is two words);</li>
 *   <li>optionally ({@code squeeze}), repeated letters become one ({@code stuuupid} as
 *       {@code stupid}, {@code kill} as {@code kil}): rules on squeezed text are written squeezed.</li>
 * </ul>
 */
final class NormalizedText {

    private static final Map<Character, Character> LOOKALIKES = Map.ofEntries(
            Map.entry('а', 'a'),
            Map.entry('е', 'e'),
            Map.entry('о', 'o'),
            Map.entry('р', 'p'),
            Map.entry('с', 'c'),
            Map.entry('у', 'y'),
            Map.entry('х', 'x'),
            Map.entry('і', 'i'),
            Map.entry('ј', 'j'),
            Map.entry('ѕ', 's'),
            Map.entry('к', 'k'),
            Map.entry('м', 'm'),
            Map.entry('т', 't'),
            Map.entry('н', 'h'),
            Map.entry('в', 'b'),
            Map.entry('ο', 'o'),
            Map.entry('α', 'a'),
            Map.entry('ε', 'e'),
            Map.entry('ι', 'i'),
            Map.entry('κ', 'k'),
            Map.entry('ν', 'v'),
            Map.entry('τ', 't'),
            Map.entry('υ', 'u'),
            Map.entry('ρ', 'p'),
            Map.entry('χ', 'x'),
            Map.entry('ѵ', 'v'),
            Map.entry('ԁ', 'd'),
            Map.entry('ɡ', 'g'),
            Map.entry('ı', 'i'),
            Map.entry('ℓ', 'l'));

    private static final String JOINERS = ".*_-'’`·|";

    final String text;
    private final int[] from;
    private final int[] to;

    private NormalizedText(String text, int[] from, int[] to) {
        this.text = text;
        this.from = from;
        this.to = to;
    }

    /** The original range {@code [start, end)} that normalised {@code [start, end)} came from. */
    int originalStart(int start) {
        return from[start];
    }

    int originalEnd(int end) {
        return to[end - 1];
    }

    /** One word of the original: its characters (already folded) and where each came from. */
    private static final class Word {
        final StringBuilder chars = new StringBuilder();
        final List<int[]> origins = new ArrayList<>();
        boolean letters;
        boolean leet;

        void add(char c, int start, int end) {
            chars.append(c);
            origins.add(new int[] {start, end});
        }
    }

    static NormalizedText of(String original, boolean squeeze) {
        List<Word> words = new ArrayList<>();
        Word word = null;
        int i = 0;
        while (i < original.length()) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (invisible(cp)) {
                i = next;
                continue;
            }
            if (cp == '\\' && next < original.length() && "ntrbf".indexOf(original.charAt(next)) >= 0) {
                word = null; // a JSON escape such as \n (inputs recorded as JSON) separates words: "ignore\nall"
                i = next + 1;
                continue;
            }
            String folded = fold(cp);
            for (int k = 0; k < folded.length(); k++) { // "ﬁ" is two letters, both from the one code point
                char c = folded.charAt(k);
                boolean wordFollows =
                        k + 1 < folded.length() ? wordChar(folded.charAt(k + 1)) : wordCharAt(original, next);
                boolean leetSymbol = c == '@' || c == '$';
                if (wordChar(c) || (leetSymbol && (word != null || wordFollows))) {
                    if (word == null) {
                        word = new Word();
                        words.add(word);
                    }
                    word.add(c, i, next);
                    word.letters |= c >= 'a' && c <= 'z';
                    word.leet |= !(c >= 'a' && c <= 'z');
                } else if (!(word != null && JOINERS.indexOf(c) >= 0 && wordFollows)) {
                    word = null; // a joiner between two word characters is skipped; anything else ends the word
                }
            }
            i = next;
        }
        // leetspeak in mixed words, then squeeze, then merge runs of single letters
        List<Word> out = new ArrayList<>();
        for (Word w : words) {
            if (w.letters && w.leet) {
                for (int k = 0; k < w.chars.length(); k++) {
                    w.chars.setCharAt(k, leet(w.chars.charAt(k)));
                }
            }
            if (squeeze) {
                Word s = new Word();
                for (int k = 0; k < w.chars.length(); k++) {
                    char c = w.chars.charAt(k);
                    if (s.chars.length() > 0 && s.chars.charAt(s.chars.length() - 1) == c && Character.isLetter(c)) {
                        s.origins.get(s.origins.size() - 1)[1] = w.origins.get(k)[1];
                    } else {
                        s.add(c, w.origins.get(k)[0], w.origins.get(k)[1]);
                    }
                }
                s.letters = w.letters;
                w = s;
            }
            out.add(w);
        }
        List<Word> merged = new ArrayList<>();
        int k = 0;
        while (k < out.size()) {
            int run = k;
            while (run < out.size()
                    && out.get(run).chars.length() == 1
                    && Character.isLetter(out.get(run).chars.charAt(0))) {
                run++;
            }
            if (run - k >= 3) {
                // "i g n o r e   y o u r" is two words: a gap wider than the run's narrowest one splits it
                int narrowest = Integer.MAX_VALUE;
                for (int r = k + 1; r < run; r++) {
                    narrowest = Math.min(narrowest, gap(out, r));
                }
                Word m = new Word();
                for (int r = k; r < run; r++) {
                    if (r > k && gap(out, r) > narrowest) {
                        merged.add(m);
                        m = new Word();
                    }
                    m.add(
                            out.get(r).chars.charAt(0),
                            out.get(r).origins.get(0)[0],
                            out.get(r).origins.get(0)[1]);
                }
                merged.add(m);
                k = run;
            } else {
                merged.add(out.get(k));
                k++;
            }
        }
        StringBuilder text = new StringBuilder();
        List<int[]> origins = new ArrayList<>();
        for (Word w : merged) {
            if (text.length() > 0) {
                int gapStart = origins.get(origins.size() - 1)[1];
                text.append(' ');
                origins.add(new int[] {gapStart, w.origins.get(0)[0]});
            }
            text.append(w.chars);
            origins.addAll(w.origins);
        }
        int[] from = new int[origins.size()];
        int[] to = new int[origins.size()];
        for (int o = 0; o < origins.size(); o++) {
            from[o] = origins.get(o)[0];
            to[o] = origins.get(o)[1];
        }
        return new NormalizedText(text.toString(), from, to);
    }

    /** Characters between word {@code r - 1} and word {@code r} in the original. */
    private static int gap(List<Word> words, int r) {
        return words.get(r).origins.get(0)[0]
                - words.get(r - 1).origins.get(words.get(r - 1).origins.size() - 1)[1];
    }

    private static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** Whether a word character comes at {@code i}, past invisible characters and a run of asterisks ("f***ing"). */
    private static boolean wordCharAt(String s, int i) {
        while (i < s.length()
                && (invisible(s.codePointAt(i)) || fold(s.codePointAt(i)).isEmpty() || s.charAt(i) == '*')) {
            i += Character.charCount(s.codePointAt(i));
        }
        return i < s.length() && wordChar(fold(s.codePointAt(i)).charAt(0));
    }

    static boolean invisible(int cp) {
        return (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x2064)
                || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0xFEFF
                || cp == 0x00AD
                || cp == 0x180E
                || (cp >= 0xE0000 && cp <= 0xE007F)
                || (cp >= 0xFE00 && cp <= 0xFE0F);
    }

    /**
     * What one code point reads as: lower-case ASCII where it has a compatibility or look-alike
     * reading (full-width, mathematical alphanumerics such as "𝐢", ligatures such as "ﬁ" as
     * "fi", accents dropped), another letter as itself, anything else a space; empty for a
     * combining mark, which belongs to the letter before it.
     */
    static String fold(int cp) {
        if (cp < 128) {
            return String.valueOf(Character.toLowerCase((char) cp));
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            return String.valueOf(Character.toLowerCase((char) (cp - 0xFEE0))); // full-width ASCII
        }
        int lower = Character.toLowerCase(cp);
        if (lower <= 0xFFFF) {
            Character lookalike = LOOKALIKES.get((char) lower);
            if (lookalike != null) {
                return String.valueOf(lookalike);
            }
        }
        if (isMark(lower)) {
            return "";
        }
        String decomposed = Normalizer.normalize(new String(Character.toChars(lower)), Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int k = 0; k < decomposed.length(); ) {
            int d = Character.toLowerCase(decomposed.codePointAt(k));
            k += Character.charCount(d);
            if (isMark(d)) {
                continue; // the accent of a decomposed letter
            }
            Character lookalike = d <= 0xFFFF ? LOOKALIKES.get((char) d) : null;
            if (d < 128) {
                out.append((char) d);
            } else if (lookalike != null) {
                out.append(lookalike.charValue());
            } else if (Character.isLetter(d) && d <= 0xFFFF) {
                out.append((char) d);
            } else {
                out.append(' ');
            }
        }
        return out.length() == 0 ? " " : out.toString();
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK
                || t == Character.ENCLOSING_MARK
                || t == Character.COMBINING_SPACING_MARK;
    }

    private static char leet(char c) {
        switch (c) {
            case '0':
                return 'o';
            case '1':
                return 'i';
            case '3':
                return 'e';
            case '4':
                return 'a';
            case '5':
                return 's';
            case '7':
                return 't';
            case '@':
                return 'a';
            case '$':
                return 's';
            default:
                return c;
        }
    }
}
