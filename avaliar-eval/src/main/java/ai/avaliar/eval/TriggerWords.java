package ai.avaliar.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a rule only where it can match: at the starts of the words that can begin it. A rule on
 * {@link NormalizedText} begins with {@code \\b} and a literal word or a group of literal
 * alternatives, so the words that start its matches can be read from its source; a text is
 * indexed by word once, and the rule is tried ({@link Matcher#lookingAt()}) only at those words.
 * On ordinary text that is a few tries per rule instead of one per character; on any text it is
 * no more work than {@link Matcher#find()}.
 */
final class TriggerWords {

    private TriggerWords() {}

    /**
     * The words that can start a match of {@code regex}, read from its source: each top-level
     * branch is {@code \\b}, maybe after a lookbehind, then a literal word or a group of literal
     * alternatives ({@code (?:ignore|set aside|instructions?)}). Empty (run always) when a branch
     * starts any other way.
     */
    static Set<String> of(String regex) {
        Set<String> words = new HashSet<>();
        for (String branch : topLevel(regex, 0, regex.length())) {
            String b = branch;
            if (b.startsWith("(?<!")) {
                int end = closing(b, 0);
                if (end < 0) {
                    return Set.of();
                }
                b = b.substring(end + 1);
            }
            if (!b.startsWith("\\b")) {
                return Set.of();
            }
            b = b.substring(2);
            List<String> firsts;
            if (b.startsWith("(?:")) {
                int end = closing(b, 0);
                if (end < 0 || (end + 1 < b.length() && "?*{".indexOf(b.charAt(end + 1)) >= 0)) {
                    return Set.of(); // an optional first group: the first word may come after it
                }
                firsts = topLevel(b, 3, end);
            } else {
                firsts = List.of(b);
            }
            for (String alternative : firsts) {
                int i = 0;
                while (i < alternative.length() && alternative.charAt(i) >= 'a' && alternative.charAt(i) <= 'z') {
                    i++;
                }
                String word = alternative.substring(0, i);
                char next = i < alternative.length() ? alternative.charAt(i) : ' ';
                if (word.isEmpty()
                        || !(next == ' ' || next == '?' || (next == '\\' && alternative.startsWith("\\b", i)))) {
                    return Set.of(); // "polic(?:y|ies)", "summari[sz]ing", "\\w+gpt": not one literal word
                }
                words.add(word);
                if (next == '?' && (i + 1 >= alternative.length() || alternative.charAt(i + 1) == ' ')) {
                    words.add(word.substring(0, word.length() - 1)); // "instructions?"
                } else if (next == '?') {
                    return Set.of();
                }
            }
        }
        return words;
    }

    /** The '|'-separated parts of {@code s} between {@code from} and {@code to} at nesting depth 0. */
    private static List<String> topLevel(String s, int from, int to) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start, to));
        return parts;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The start offsets of each word of a normalised text. */
    static final class Index {
        private final String text;
        private final Map<String, List<Integer>> starts = new HashMap<>();

        Index(String text) {
            this.text = text;
            int i = 0;
            while (i < text.length()) {
                int end = text.indexOf(' ', i);
                if (end < 0) {
                    end = text.length();
                }
                if (end > i) {
                    starts.computeIfAbsent(text.substring(i, end), w -> new ArrayList<>())
                            .add(i);
                }
                i = end + 1;
            }
        }

        /**
         * Calls {@code match} with the start and end of each match of {@code pattern}, left to
         * right and not overlapping, as {@link Matcher#find()} would; tried only at words of
         * {@code triggers} (everywhere when it is empty).
         */
        void forEachMatch(Pattern pattern, Set<String> triggers, BiConsumer<Integer, Integer> match) {
            Matcher m = pattern.matcher(text);
            if (triggers.isEmpty()) {
                while (m.find()) {
                    if (m.end() > m.start()) {
                        match.accept(m.start(), m.end());
                    }
                }
                return;
            }
            List<Integer> at = new ArrayList<>();
            for (String word : triggers) {
                List<Integer> positions = starts.get(word);
                if (positions != null) {
                    at.addAll(positions);
                }
            }
            if (at.isEmpty()) {
                return;
            }
            at.sort(null);
            m.useTransparentBounds(true).useAnchoringBounds(false);
            int after = 0;
            for (int start : at) {
                if (start < after) {
                    continue;
                }
                m.region(start, text.length());
                if (m.lookingAt() && m.end() > m.start()) {
                    match.accept(m.start(), m.end());
                    after = m.end();
                }
            }
        }
    }
}
