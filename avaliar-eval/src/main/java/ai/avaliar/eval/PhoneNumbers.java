package ai.avaliar.eval;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers by libphonenumber: {@code findNumbers} with {@link PhoneNumberUtil.Leniency#VALID},
 * so a number must be a valid number of its region, not just a run of digits.
 * <ul>
 *   <li>International numbers (with "+") everywhere, as E.164 makes them unambiguous.</li>
 *   <li>National numbers of the default region, unless the words just before name another kind
 *       of number ("invoice", "order #", "Kundennummer", "NHS") or the digits are one bare run
 *       (no spaces, dashes or brackets), and no phone word ("call", "tel", "Handy", "móvil" ...)
 *       says otherwise.</li>
 *   <li>National numbers of the other regions ({@link #OTHER_REGIONS}) when a phone word is near
 *       ("Ring me on 07700 900123" under a US default, "Festnetz: 030 1234 5678"), or when written
 *       as those regions write them: the trunk prefix 0 and groups ("0161 496 0734").</li>
 * </ul>
 */
final class PhoneNumbers {

    static final String PHONE = "PHONE_NUMBER";

    /** libphonenumber's own bound on attempts per text, so adversarial text stays cheap. */
    private static final long MAX_TRIES = 10_000;

    /** Regions whose national numbers are read when a phone word says a number is a phone number. */
    static final List<String> OTHER_REGIONS = List.of(
            "GB", "DE", "FR", "IT", "ES", "NL", "BE", "PT", "IE", "AT", "CH", "PL", "SE", "DK", "NO", "FI", "BR", "MX",
            "AR", "IN", "AU", "NZ", "SG", "JP", "ZA", "US");

    /**
     * Words (matched at a word start, so "Telefonnummer" and "llámame" count) that say a number is
     * a phone number, in the languages of the regions above.
     */
    static final List<String> PHONE_WORDS = List.of(
            "phone",
            "tel",
            "call",
            "ring",
            "mobile",
            "cell",
            "whatsapp",
            "sms",
            "text me",
            "dial",
            "fax",
            "hotline",
            "landline",
            "contact",
            "reach",
            "office line",
            "helpline",
            "telefon",
            "handy",
            "mobil",
            "festnetz",
            "anruf",
            "ruf ",
            "téléphone",
            "telephone",
            "appel",
            "portable",
            "standard",
            "llam",
            "móvil",
            "movil",
            "celular",
            "teléfono",
            "telefono",
            "ligue",
            "ligar",
            "contato",
            "cellulare",
            "chiama",
            "bel ",
            "bellen",
            "mobiel",
            "komórk",
            "numer tel");

    /** Words that name another kind of number just before one: an invoice, an order, an identifier. */
    static final List<String> OTHER_NUMBER_WORDS = List.of(
            "invoice",
            "inv",
            "rechnung",
            "factur",
            "fattur",
            "order",
            "bestell",
            "pedido",
            "ordine",
            "commande",
            "ref",
            "ticket",
            "case",
            "kunden",
            "vertrag",
            "polic",
            "apólice",
            "tracking",
            "serial",
            "sku",
            "protocol",
            "meeting",
            "passcode",
            "pin",
            "account",
            "konto",
            "conta",
            "id",
            "nº",
            "no.",
            "nr",
            "#",
            "lot",
            "batch",
            "build",
            "version",
            "isbn",
            "ean",
            "nhs",
            "cpf",
            "cnpj",
            "abn",
            "tfn",
            "bsn",
            "pesel",
            "steuer",
            "medicare",
            "passport",
            "ssn",
            "aadhaar",
            "pan",
            "cnp",
            "dni",
            "nif");

    /** Candidates read for the other regions per text at most, so that adversarial text stays cheap. */
    private static final int MAX_OTHER_REGION_CANDIDATES = 200;

    /** How far before a number these words are looked for, in characters. */
    private static final int WORDS_BEFORE = 24;

    /** A run of digits with single spaces, dots or dashes, brackets around a group allowed. */
    private static final Pattern NATIONAL_CANDIDATE =
            Pattern.compile("(?<![\\w+/.-])\\(?\\d++\\)?(?:[ .-]?+\\(?\\d++\\)?){0,6}+(?![\\w-])");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    static boolean knows(String region) {
        return PhoneNumberUtil.getInstance().getSupportedRegions().contains(region);
    }

    PhoneNumbers(String defaultRegion) {
        if (!knows(defaultRegion)) {
            throw new IllegalArgumentException("'" + defaultRegion + "' is not a region libphonenumber knows;"
                    + " use a two-letter ISO 3166 code such as US, GB or DE");
        }
        this.defaultRegion = defaultRegion;
    }

    List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        for (PhoneNumberMatch match :
                util.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID, MAX_TRIES)) {
            String raw = match.rawString();
            boolean international = raw.startsWith("+");
            if (!international && !saysPhone(text, match.start())) {
                boolean bare = raw.chars().allMatch(Character::isDigit);
                if (bare || nearest(text, match.start(), OTHER_NUMBER_WORDS) >= 0) {
                    continue; // "Order #7712054390", "Rechnungsnummer 2024 1107 0018"
                }
            }
            found.add(new Finding(PHONE, match.start(), match.end(), international ? 0.75 : 0.6));
        }
        List<Finding> all = new ArrayList<>(found);
        Matcher m = NATIONAL_CANDIDATE.matcher(text);
        int next = 0; // the first default-region number that does not end before the candidate
        int budget = MAX_OTHER_REGION_CANDIDATES;
        while (budget > 0 && m.find()) {
            while (next < found.size() && found.get(next).end() <= m.start()) {
                next++;
            }
            boolean overlaps = next < found.size() && found.get(next).start() < m.end();
            long digits = m.group().chars().filter(Character::isDigit).count();
            if (overlaps
                    || digits < 7
                    || digits > 13
                    || !(saysPhone(text, m.start()) || nationalFormat(text, m, digits))) {
                continue;
            }
            budget--;
            if (validInAnotherRegion(m.group())) {
                all.add(new Finding(PHONE, m.start(), m.end(), 0.6));
            }
        }
        return all;
    }

    private boolean validInAnotherRegion(String candidate) {
        for (String region : OTHER_REGIONS) {
            if (region.equals(defaultRegion)) {
                continue;
            }
            try {
                Phonenumber.PhoneNumber number = util.parse(candidate, region);
                if (util.isValidNumberForRegion(number, region)) {
                    return true;
                }
            } catch (NumberParseException notANumber) {
                // not a number of this region
            }
        }
        return false;
    }

    /**
     * Whether a phone word comes before {@code start}, and no word naming another kind of number
     * between them ("Dial-in PIN 7730 2291" is a PIN).
     */
    private static boolean saysPhone(String text, int start) {
        int phone = nearest(text, start, PHONE_WORDS);
        return phone >= 0 && phone >= nearest(text, start, OTHER_NUMBER_WORDS); // a tie: "contact" is not "conta"
    }

    /**
     * A number written the way most countries outside North America write their own: the trunk
     * prefix 0, then groups ("0161 496 0734", "0412 345 678"), with no word before it naming
     * another kind of number.
     */
    private static boolean nationalFormat(String text, Matcher m, long digits) {
        String candidate = m.group();
        return digits >= 9
                && (candidate.startsWith("0") || candidate.startsWith("(0"))
                && candidate.indexOf(' ') > 0
                && nearest(text, m.start(), OTHER_NUMBER_WORDS) < 0;
    }

    /**
     * Where the last of {@code words} starts a word in the {@value #WORDS_BEFORE} characters
     * before {@code start} (a word of symbols, "#", anywhere), or -1.
     */
    static int nearest(String text, int start, List<String> words) {
        String window = text.substring(Math.max(0, start - WORDS_BEFORE), start).toLowerCase(Locale.ROOT);
        int last = -1;
        for (String word : words) {
            for (int at = window.lastIndexOf(word); at > last; at = window.lastIndexOf(word, at - 1)) {
                if (at == 0
                        || !Character.isLetterOrDigit(window.charAt(at - 1))
                        || !Character.isLetter(word.charAt(0))) {
                    last = at;
                    break;
                }
            }
        }
        return last;
    }
}
