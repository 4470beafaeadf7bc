package ai.avaliar.eval;

import java.util.List;
import java.util.Locale;

/**
 * Tells a mention from a use: words inside quotation marks that follow a verb of saying or a
 * word that introduces an example ("she shouted 'I'll kill you'", "attackers write things like
 * 'disregard your instructions'", "the paper 'Ignore Previous Prompt'") are reported speech, not
 * the writer's own threat or instruction. Only the few characters around a finding are read, so
 * the check is cheap and linear.
 */
final class Quotes {

    /** How far a quotation may reach on either side of a finding, in characters. */
    private static final int REACH = 240;
    /** How far before the opening quotation mark the introducing word is looked for. */
    private static final int INTRO = 48;

    private static final String OPENING = "\"“„«‘'";
    private static final String CLOSING = "\"”“»’'";

    static final List<String> INTRODUCERS = List.of(
            "said",
            "says",
            "say",
            "saying",
            "shouted",
            "shouts",
            "yelled",
            "screamed",
            "wrote",
            "writes",
            "write",
            "told",
            "tells",
            "tweeted",
            "posted",
            "texted",
            "threatened",
            "called",
            "call",
            "like",
            "such as",
            "e.g.",
            "example",
            "examples",
            "phrase",
            "phrases",
            "string",
            "word",
            "words",
            "quote",
            "quoted",
            "quoting",
            "means",
            "mean",
            "meaning",
            "titled",
            "title",
            "paper",
            "article",
            "book",
            "talk",
            "film",
            "movie",
            "song",
            "line",
            "reads",
            "asked",
            "asks",
            "typed",
            "replied",
            "answered",
            "claimed",
            "insisted",
            "screams",
            "shout",
            "read");

    /** Words just after the closing mark that make the quotation a mention: "what does '...' mean?". */
    static final List<String> AFTER = List.of(
            "mean",
            "means",
            "meant",
            "stands for",
            "is a phrase",
            "is a common",
            "is a classic",
            "is a known",
            "is an example",
            "is a typical",
            "comes from");

    private Quotes() {}

    /** Whether {@code [start, end)} of {@code text} is inside a quotation introduced as reported speech or an example. */
    static boolean mentioned(String text, int start, int end) {
        int open = -1;
        for (int i = start - 1; i >= Math.max(0, start - REACH); i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return false;
            }
            if (OPENING.indexOf(c) >= 0 && (c != '\'' || i == 0 || !Character.isLetter(text.charAt(i - 1)))) {
                open = i;
                break;
            }
        }
        if (open < 0) {
            return false;
        }
        int close = -1;
        for (int i = end; i < Math.min(text.length(), end + REACH); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                break;
            }
            if (CLOSING.indexOf(c) >= 0
                    && (c != '\'' || i + 1 >= text.length() || !Character.isLetter(text.charAt(i + 1)))) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return false;
        }
        int k = open - 1;
        while (k >= 0 && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
            k--;
        }
        if (k >= 0 && ":,[{".indexOf(text.charAt(k)) >= 0 && text.charAt(open) == '"') {
            return false; // a JSON value ("snippet": "..."), not a quotation
        }
        String before = text.substring(Math.max(0, open - INTRO), open).toLowerCase(Locale.ROOT);
        String after = text.substring(close + 1, Math.min(text.length(), close + 1 + INTRO))
                .toLowerCase(Locale.ROOT);
        return Findings.hasContext(before, before.length(), before.length(), INTRODUCERS)
                || Findings.hasContext(after, 0, 0, AFTER);
    }
}
