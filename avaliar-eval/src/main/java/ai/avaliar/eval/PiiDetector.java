package ai.avaliar.eval;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Finds personal data with validated patterns, as Microsoft Presidio's recognisers do:
 * {@code EMAIL_ADDRESS}, {@code PHONE_NUMBER} (libphonenumber), {@code CREDIT_CARD} (issuer
 * ranges and Luhn), {@code IBAN_CODE} (country length and mod 97), {@code US_SSN} (with the
 * numbers the SSA never issues rejected) and {@code IP_ADDRESS} (IPv4 and IPv6, strictly
 * parsed). Context words near a match ("card", "ssn", "iban", "phone" ...) raise its score.
 * Messages name the kind of data, never the data.
 *
 * <p>Found by {@link java.util.ServiceLoader}; national phone numbers are read for the region
 * of the system property {@code avaliar.eval.pii.region} (default {@code US}; an unknown region
 * is logged as a warning and {@code US} used).
 *
 * <pre>{@code
 * List<DetectionIssue> issues = new PiiDetector("GB")
 *         .detect(DetectorType.PII, new DetectionText("", "Call 020 7946 0958"));
 * // one PHONE_NUMBER issue, MEDIUM, with its offsets in the output
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PiiDetector extends RuleDetector {

    private static final Map<String, List<String>> CONTEXT = Map.of(
            StructuredPii.EMAIL, List.of("email", "e-mail", "mail", "contact", "reply", "address"),
            PhoneNumbers.PHONE,
                    List.of(
                            "phone",
                            "call",
                            "tel",
                            "mobile",
                            "cell",
                            "whatsapp",
                            "text",
                            "dial",
                            "fax",
                            "contact",
                            "reach",
                            "number"),
            StructuredPii.CARD,
                    List.of(
                            "card",
                            "credit",
                            "debit",
                            "visa",
                            "mastercard",
                            "amex",
                            "payment",
                            "charge",
                            "pay",
                            "cc",
                            "discover",
                            "jcb",
                            "unionpay",
                            "diners"),
            StructuredPii.IBAN, List.of("iban", "bank", "account", "transfer", "wire", "sepa", "pay"),
            StructuredPii.SSN, List.of("ssn", "social security", "social", "tax", "w-2"),
            StructuredPii.IP,
                    List.of(
                            "ip",
                            "ipv4",
                            "ipv6",
                            "address",
                            "host",
                            "server",
                            "client",
                            "from",
                            "peer",
                            "connection",
                            "listening"));

    private static final Map<String, Severity> SEVERITY = Map.of(
            StructuredPii.EMAIL, Severity.MEDIUM,
            PhoneNumbers.PHONE, Severity.MEDIUM,
            StructuredPii.CARD, Severity.HIGH,
            StructuredPii.IBAN, Severity.HIGH,
            StructuredPii.SSN, Severity.HIGH,
            StructuredPii.IP, Severity.LOW);

    private static final Map<String, String> WHAT = Map.of(
            StructuredPii.EMAIL, "an e-mail address",
            PhoneNumbers.PHONE, "a phone number",
            StructuredPii.CARD, "a payment card number",
            StructuredPii.IBAN, "an IBAN (bank account number)",
            StructuredPii.SSN, "a US social security number",
            StructuredPii.IP, "an IP address");

    /** What a category is, in words: "a payment card number", "a Brazilian CPF". */
    private static String what(String category) {
        String what = WHAT.get(category);
        return what != null ? what : NationalIds.what(category);
    }

    /** How much a context word adds to a match's score. */
    private static final double CONTEXT_BOOST = 0.3;

    private final PhoneNumbers phones;

    /** The system property naming the region of national phone numbers. */
    static final String REGION_PROPERTY = "avaliar.eval.pii.region";

    private static final System.Logger LOG = System.getLogger("ai.avaliar.eval");

    /**
     * Reads national phone numbers for the region in the system property
     * {@code avaliar.eval.pii.region} (any case; {@code UK} reads as {@code GB}), {@code US}
     * when it is not set. A region libphonenumber does not know is logged as a warning and
     * {@code US} is used: this constructor is called by {@link java.util.ServiceLoader}, and a
     * detector that cannot be created would leave PII detection without it.
     */
    public PiiDetector() {
        super(DetectorType.PII);
        this.phones = new PhoneNumbers(regionFromProperty(System.getProperty(REGION_PROPERTY)));
    }

    /**
     * Reads national phone numbers (those without "+") for {@code defaultRegion}.
     *
     * @param defaultRegion a two-letter ISO 3166 region code such as {@code US}, {@code GB}, {@code DE}
     *     (any case; {@code UK} reads as {@code GB})
     * @throws IllegalArgumentException when libphonenumber does not know the region
     */
    public PiiDetector(String defaultRegion) {
        super(DetectorType.PII);
        this.phones = new PhoneNumbers(normalRegion(Objects.requireNonNull(defaultRegion, "defaultRegion")));
    }

    /** The region the property names, or US (with a warning) when it names none libphonenumber knows. */
    static String regionFromProperty(String value) {
        if (value == null || value.isBlank()) {
            return "US";
        }
        String region = normalRegion(value);
        if (!PhoneNumbers.knows(region)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Avaliar: -D" + REGION_PROPERTY + "=" + value.trim()
                            + " is not a region libphonenumber knows; national phone numbers are read as US numbers."
                            + " Use a two-letter ISO 3166 code such as US, GB, DE, FR, BR or IN.");
            return "US";
        }
        return region;
    }

    private static String normalRegion(String value) {
        String region = value.trim().toUpperCase(Locale.ROOT);
        return region.equals("UK") ? "GB" : region; // UK is reserved in ISO 3166 for GB
    }

    @Override
    List<DetectionIssue> issues(DetectorType type, DetectionText text) {
        return Findings.onBothFields(
                type, text, this::find, f -> SEVERITY.getOrDefault(f.category(), Severity.HIGH), PiiDetector::what);
    }

    List<Finding> find(String text) {
        List<Finding> structured = new ArrayList<>();
        structured.addAll(StructuredPii.emails(text));
        structured.addAll(StructuredPii.cards(text));
        structured.addAll(StructuredPii.ibans(text));
        structured.addAll(StructuredPii.ssns(text));
        structured.addAll(StructuredPii.ips(text));
        structured.addAll(NationalIds.find(text));
        List<Finding> all = new ArrayList<>(structured);
        Predicate<Finding> overlapsStructured = Findings.overlapsAnyOf(structured);
        for (Finding phone : phones.find(text)) {
            if (!overlapsStructured.test(phone)) {
                all.add(phone); // a card, IBAN or SSN is not also a phone number
            }
        }
        List<Finding> scored = new ArrayList<>(all.size());
        for (Finding f : all) {
            List<String> words = CONTEXT.get(f.category());
            boolean context = words != null && Findings.hasContext(text, f.start(), f.end(), words);
            scored.add(f.withScore(Findings.round(context ? f.score() + CONTEXT_BOOST : f.score())));
        }
        return Findings.withoutOverlaps(scored);
    }
}
