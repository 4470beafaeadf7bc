package ai.avaliar.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checksum-validated PII recognisers: e-mail addresses, payment cards (Luhn and issuer
 * ranges), IBANs (per-country length and mod-97), US social security numbers (with the
 * rejections below) and IPv4/IPv6 addresses (strict parsing). Every pattern is linear: no
 * nested or overlapping quantifiers, lengths bounded, possessive where a run is consumed.
 */
final class StructuredPii {

    static final String EMAIL = "EMAIL_ADDRESS";
    static final String CARD = "CREDIT_CARD";
    static final String IBAN = "IBAN_CODE";
    static final String SSN = "US_SSN";
    static final String IP = "IP_ADDRESS";

    private StructuredPii() {}

    // ---------------------------------------------------------------- e-mail

    /** RFC 5322's usual subset; not after '/' so that {@code https://token@host} is not an address. */
    private static final Pattern EMAIL_PATTERN = Pattern.compile("(?<![\\w.+'%/-])[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}+@"
            + "(?:[A-Za-z0-9-]{1,63}+\\.){1,8}[A-Za-z]{2,24}+(?![\\w-])");

    /** File extensions that are no top-level domain: {@code name@2x.png} is an asset, not an address. */
    private static final java.util.Set<String> FILE_EXTENSIONS = java.util.Set.of(
            "png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "ico", "tif", "tiff", "heic", "pdf", "js", "mjs", "ts",
            "tsx", "jsx", "css", "scss", "html", "htm", "json", "xml", "yaml", "yml", "txt", "md", "java", "py", "rb",
            "kt", "rs", "gz", "tar", "tgz", "jar", "lock", "log", "csv", "mp3", "mp4", "wav", "ogg", "webm", "woff",
            "woff2", "ttf", "otf", "map", "wasm");

    static List<Finding> emails(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = EMAIL_PATTERN.matcher(text);
        while (m.find()) {
            String local = m.group().substring(0, m.group().indexOf('@'));
            if (local.endsWith(".") || local.contains("..")) {
                continue;
            }
            String tld = m.group().substring(m.group().lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
            if (FILE_EXTENSIONS.contains(tld)) {
                continue; // icon@2x.png, a file name, not an address: no such top-level domain
            }
            found.add(new Finding(EMAIL, m.start(), m.end(), 0.9));
        }
        return found;
    }

    // ---------------------------------------------------------------- payment cards

    /** A maximal run of digits with single spaces or dashes between them. */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![\\w-])\\d(?:[ -]?+\\d)*+(?![\\w])");

    /** Digit runs up to this long are also read as several cards, or a card and its CVV. */
    private static final int MAX_SPLIT_RUN = 64;

    static List<Finding> cards(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = DIGIT_RUN.matcher(text);
        while (m.find()) {
            String run = m.group();
            int length = run.length();
            if (length >= 13 && length <= 23 && consistentSeparators(run)) {
                String digits = run.replaceAll("[ -]", "");
                if (digits.length() >= 13 && digits.length() <= 19 && isCard(digits)) {
                    found.add(new Finding(CARD, m.start(), m.end(), 0.85));
                    continue;
                }
            }
            if (length <= MAX_SPLIT_RUN) {
                cardsInside(run, m.start(), found);
            }
        }
        return found;
    }

    private static boolean isCard(String digits) {
        return cardBrand(digits) != null && luhn(digits) && !allSame(digits);
    }

    /**
     * A run of digit groups that is not one card may be cards side by side
     * ({@code 4111111111111111 5500000000000004}) or a card and its CVV
     * ({@code 4111 1111 1111 1111 123}): the run is read as whole groups making valid cards one
     * after another, optionally followed by one group of 3 or 4 digits; nothing else counts, so
     * a long number does not yield a card hidden in its middle.
     */
    private static void cardsInside(String run, int offset, List<Finding> found) {
        List<int[]> groups = new ArrayList<>(); // start, end within run
        int i = 0;
        while (i < run.length()) {
            int start = i;
            while (i < run.length() && Character.isDigit(run.charAt(i))) {
                i++;
            }
            groups.add(new int[] {start, i});
            i++; // the separator
        }
        int n = groups.size();
        if (n < 2) {
            return;
        }
        int lastDigits = groups.get(n - 1)[1] - groups.get(n - 1)[0];
        for (int end : lastDigits == 3 || lastDigits == 4 ? new int[] {n, n - 1} : new int[] {n}) {
            int[] previous = new int[end + 1];
            java.util.Arrays.fill(previous, -1);
            previous[0] = 0;
            for (int g = 0; g < end; g++) {
                if (previous[g] < 0) {
                    continue;
                }
                StringBuilder digits = new StringBuilder(19);
                for (int e = g; e < end && digits.length() <= 19; e++) {
                    if (e > g && run.charAt(groups.get(e)[0] - 1) != run.charAt(groups.get(g + 1)[0] - 1)) {
                        break; // one kind of separator inside a card
                    }
                    digits.append(run, groups.get(e)[0], groups.get(e)[1]);
                    if (digits.length() >= 13 && digits.length() <= 19 && isCard(digits.toString())) {
                        previous[e + 1] = g;
                    }
                }
            }
            if (previous[end] >= 0 && end > 0) {
                List<Finding> cards = new ArrayList<>();
                for (int e = end; e > 0; e = previous[e]) {
                    int g = previous[e];
                    cards.add(0, new Finding(CARD, offset + groups.get(g)[0], offset + groups.get(e - 1)[1], 0.85));
                }
                found.addAll(cards);
                return;
            }
        }
    }

    private static boolean consistentSeparators(String run) {
        return !(run.indexOf(' ') >= 0 && run.indexOf('-') >= 0);
    }

    /** The issuer whose ranges and lengths the number fits, or null. Documented in the README. */
    static String cardBrand(String d) {
        int len = d.length();
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        int p6 = Integer.parseInt(d.substring(0, 6));
        if (d.charAt(0) == '4' && (len == 13 || len == 16 || len == 19)) {
            return "Visa";
        }
        if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && len == 16) {
            return "Mastercard";
        }
        if ((p2 == 34 || p2 == 37) && len == 15) {
            return "American Express";
        }
        if ((p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925))
                && len >= 16
                && len <= 19) {
            return "Discover";
        }
        if (((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) && len >= 14 && len <= 19) {
            return "Diners Club";
        }
        if (p4 >= 3528 && p4 <= 3589 && len >= 16 && len <= 19) {
            return "JCB";
        }
        if (p2 == 62 && len >= 16 && len <= 19) {
            return "UnionPay";
        }
        if ((p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 6304 || p4 == 6759 || p4 == 6761 || p4 == 6763)
                && len >= 12
                && len <= 19) {
            return "Maestro";
        }
        return null;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean allSame(String digits) {
        return digits.chars().allMatch(c -> c == digits.charAt(0));
    }

    // ---------------------------------------------------------------- IBAN

    /** IBAN lengths by country (the SWIFT IBAN registry). */
    static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24),
            Map.entry("AE", 23),
            Map.entry("AL", 28),
            Map.entry("AT", 20),
            Map.entry("AZ", 28),
            Map.entry("BA", 20),
            Map.entry("BE", 16),
            Map.entry("BG", 22),
            Map.entry("BH", 22),
            Map.entry("BR", 29),
            Map.entry("CH", 21),
            Map.entry("CR", 22),
            Map.entry("CY", 28),
            Map.entry("CZ", 24),
            Map.entry("DE", 22),
            Map.entry("DK", 18),
            Map.entry("DO", 28),
            Map.entry("EE", 20),
            Map.entry("EG", 29),
            Map.entry("ES", 24),
            Map.entry("FI", 18),
            Map.entry("FO", 18),
            Map.entry("FR", 27),
            Map.entry("GB", 22),
            Map.entry("GE", 22),
            Map.entry("GI", 23),
            Map.entry("GL", 18),
            Map.entry("GR", 27),
            Map.entry("GT", 28),
            Map.entry("HR", 21),
            Map.entry("HU", 28),
            Map.entry("IE", 22),
            Map.entry("IL", 23),
            Map.entry("IS", 26),
            Map.entry("IT", 27),
            Map.entry("JO", 30),
            Map.entry("KW", 30),
            Map.entry("KZ", 20),
            Map.entry("LB", 28),
            Map.entry("LC", 32),
            Map.entry("LI", 21),
            Map.entry("LT", 20),
            Map.entry("LU", 20),
            Map.entry("LV", 21),
            Map.entry("MC", 27),
            Map.entry("MD", 24),
            Map.entry("ME", 22),
            Map.entry("MK", 19),
            Map.entry("MR", 27),
            Map.entry("MT", 31),
            Map.entry("MU", 30),
            Map.entry("NL", 18),
            Map.entry("NO", 15),
            Map.entry("PK", 24),
            Map.entry("PL", 28),
            Map.entry("PS", 29),
            Map.entry("PT", 25),
            Map.entry("QA", 29),
            Map.entry("RO", 24),
            Map.entry("RS", 22),
            Map.entry("SA", 24),
            Map.entry("SC", 31),
            Map.entry("SE", 24),
            Map.entry("SI", 19),
            Map.entry("SK", 24),
            Map.entry("SM", 27),
            Map.entry("TN", 24),
            Map.entry("TR", 26),
            Map.entry("UA", 29),
            Map.entry("VG", 24),
            Map.entry("XK", 20),
            Map.entry("BI", 27),
            Map.entry("BY", 28),
            Map.entry("DJ", 27),
            Map.entry("FK", 18),
            Map.entry("HN", 28),
            Map.entry("IQ", 23),
            Map.entry("LY", 25),
            Map.entry("MN", 20),
            Map.entry("NI", 28),
            Map.entry("OM", 23),
            Map.entry("RU", 33),
            Map.entry("SD", 18),
            Map.entry("SO", 23),
            Map.entry("ST", 25),
            Map.entry("SV", 28),
            Map.entry("TL", 23),
            Map.entry("VA", 22),
            Map.entry("YE", 30));

    /** A country code and check digits at a word start; the rest is read by hand, bounded by the country's length. */
    private static final Pattern IBAN_START = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}");

    static List<Finding> ibans(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = IBAN_START.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            from = m.start() + 1;
            String country = m.group().substring(0, 2);
            boolean upper = Character.isUpperCase(country.charAt(0)) && Character.isUpperCase(country.charAt(1));
            Integer length = IBAN_LENGTHS.get(country.toUpperCase(java.util.Locale.ROOT));
            if (length == null) {
                continue;
            }
            StringBuilder iban = new StringBuilder(34);
            int i = m.start();
            int end = -1;
            while (i < text.length() && iban.length() < length) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c) && c < 128) {
                    iban.append(Character.toUpperCase(c));
                    i++;
                } else if (c == ' '
                        && iban.length() >= 4
                        && i + 1 < text.length()
                        && Character.isLetterOrDigit(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            if (iban.length() == length && (i >= text.length() || !Character.isLetterOrDigit(text.charAt(i)))) {
                end = i;
            }
            if (end > 0
                    && mod97(iban) == 1
                    && (upper
                            || text.substring(m.start(), end)
                                    .equals(text.substring(m.start(), end).toLowerCase(java.util.Locale.ROOT)))) {
                found.add(new Finding(IBAN, m.start(), end, 0.9));
                from = end;
            }
        }
        return found;
    }

    /** ISO 7064 mod 97-10 of an IBAN: 1 when the check digits are right. */
    static int mod97(CharSequence iban) {
        String rearranged = iban.subSequence(4, iban.length()).toString() + iban.subSequence(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            if (value < 0 || value > 35) {
                return -1;
            }
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder;
    }

    // ---------------------------------------------------------------- US SSN

    private static final Pattern SSN_PATTERN =
            Pattern.compile("(?<![\\w.-])(\\d{3})([- .]?)(\\d{2})\\2(\\d{4})(?![\\w-]|\\.\\d)");

    static final List<String> SSN_CONTEXT = List.of("ssn", "social security", "social", "ss#", "ss no");

    static List<Finding> ssns(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = SSN_PATTERN.matcher(text);
        while (m.find()) {
            String area = m.group(1);
            String group = m.group(3);
            String serial = m.group(4);
            if (!validSsn(area, group, serial)) {
                continue;
            }
            boolean bare = m.group(2).isEmpty();
            if (bare && !Findings.hasContext(text, m.start(), m.end(), SSN_CONTEXT)) {
                continue; // nine bare digits are an SSN only when the text says so
            }
            found.add(new Finding(SSN, m.start(), m.end(), bare ? 0.4 : 0.6));
        }
        return found;
    }

    /**
     * The Social Security Administration never issues area 000, 666 or 900-999, group 00 or
     * serial 0000; numbers of one repeated digit, the advertising range 987-65-4320..4329 and
     * the well-known samples 078-05-1120 (Woolworth wallet card), 219-09-9999 (SSA pamphlet)
     * and 123-45-6789 are fakes.
     */
    static boolean validSsn(String area, String group, String serial) {
        String all = area + group + serial;
        int a = Integer.parseInt(area);
        if (a == 0 || a == 666 || a >= 900 || group.equals("00") || serial.equals("0000")) {
            return false;
        }
        if (allSame(all)) {
            return false;
        }
        if (all.equals("078051120")
                || all.equals("219099999")
                || all.equals("123456789")
                || all.startsWith("98765432")) {
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- IP addresses

    private static final Pattern IPV4 =
            Pattern.compile("(?<![\\w.:-])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w-]|\\.\\d)");
    private static final Pattern IPV6_CANDIDATE =
            Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}+(?![\\w:-])");
    private static final Pattern VERSION_WORD = Pattern.compile(
            "(?i)(?:version|release|build|section|chapter|v|ver|rev|revision|firmware|update|upgrade to)[ .:]{0,3}$");

    static List<Finding> ips(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = IPV4.matcher(text);
        while (m.find()) {
            if (validIpv4(m.group(1), m.group(2), m.group(3), m.group(4))
                    && !VERSION_WORD
                            .matcher(text.substring(Math.max(0, m.start() - 16), m.start()))
                            .find()) {
                found.add(new Finding(IP, m.start(), m.end(), 0.7));
            }
        }
        Matcher v6 = IPV6_CANDIDATE.matcher(text);
        while (v6.find()) {
            String candidate = v6.group();
            int end = v6.end();
            while (candidate.endsWith(".")) {
                candidate = candidate.substring(0, candidate.length() - 1);
                end--;
            }
            if (candidate.indexOf(':') != candidate.lastIndexOf(':')
                    && candidate.length() >= 3
                    && candidate.chars().anyMatch(Character::isDigit)
                    && validIpv6(candidate)) {
                found.add(new Finding(IP, v6.start(), end, 0.8));
            }
        }
        return found;
    }

    private static boolean validIpv4(String... octets) {
        for (String o : octets) {
            if (o.length() > 1 && o.charAt(0) == '0') {
                return false;
            }
            if (Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 text form (a candidate also needs a decimal digit, so {@code a::b} in C++ is not an address): eight groups of one to four hex digits, one "::" at most, an IPv4 tail allowed. */
    static boolean validIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        if (s.contains(":::")) {
            return false;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int groups = 0;
        List<String> parts = new ArrayList<>();
        if (!head.isEmpty()) {
            parts.addAll(List.of(head.split(":", -1)));
        }
        if (!tail.isEmpty()) {
            parts.addAll(List.of(tail.split(":", -1)));
        }
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.contains(".")) {
                if (i != parts.size() - 1) {
                    return false;
                }
                String[] octets = part.split("\\.", -1);
                if (octets.length != 4) {
                    return false;
                }
                for (String o : octets) {
                    if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit)) {
                        return false;
                    }
                }
                if (!validIpv4(octets)) {
                    return false;
                }
                groups += 2;
            } else {
                if (part.isEmpty() || part.length() > 4) {
                    return false;
                }
                groups++;
            }
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }
}
