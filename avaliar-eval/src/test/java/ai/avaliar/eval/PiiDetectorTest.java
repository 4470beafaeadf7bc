package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiDetectorTest {

    private final PiiDetector detector = new PiiDetector();

    private List<DetectionIssue> inOutput(String output) {
        return detector.detect(DetectorType.PII, new DetectionText("", output));
    }

    @Test
    void an_email_in_the_output_is_reported_with_its_offsets_and_a_message_without_the_address() {
        String output = "Write to ana.ruiz@example.com today";

        List<DetectionIssue> issues = inOutput(output);

        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.type()).isEqualTo(DetectorType.PII);
            assertThat(issue.category()).isEqualTo("EMAIL_ADDRESS");
            assertThat(issue.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(issue.method()).isEqualTo(DetectionMethod.RULE);
            assertThat(issue.message())
                    .isEqualTo("an e-mail address in the output")
                    .doesNotContain("ana");
            assertThat(issue.ranges()).containsExactly(new TextRange(TextRange.Field.OUTPUT, 9, 29));
            assertThat(output.substring(9, 29)).isEqualTo("ana.ruiz@example.com");
        });
    }

    @Test
    void the_input_is_scanned_too_and_its_ranges_point_into_the_input() {
        List<DetectionIssue> issues =
                detector.detect(DetectorType.PII, new DetectionText("card 4111 1111 1111 1111", ""));

        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.category()).isEqualTo("CREDIT_CARD");
            assertThat(issue.severity()).isEqualTo(Severity.HIGH);
            assertThat(issue.message())
                    .isEqualTo("a payment card number in the input")
                    .doesNotContainPattern("\\d");
            assertThat(issue.ranges()).containsExactly(new TextRange(TextRange.Field.INPUT, 5, 24));
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Call +44 20 7946 0958                      | PHONE_NUMBER | MEDIUM",
                "Dial (212) 555-0147                        | PHONE_NUMBER | MEDIUM",
                "Visa 4012 8888 8888 1881                   | CREDIT_CARD  | HIGH",
                "Amex 3782-822463-10005                     | CREDIT_CARD  | HIGH",
                "IBAN GB82 WEST 1234 5698 7654 32           | IBAN_CODE    | HIGH",
                "iban fr1420041010050500013m02606           | IBAN_CODE    | HIGH",
                "SSN 536-22-1957                            | US_SSN       | HIGH",
                "from 203.0.113.42                          | IP_ADDRESS   | LOW",
                "peer 2001:db8:85a3::8a2e:370:7334          | IP_ADDRESS   | LOW",
            })
    void finds_each_category_with_its_severity(String text, String category, Severity severity) {
        assertThat(inOutput(text)).singleElement().satisfies(issue -> {
            assertThat(issue.category()).isEqualTo(category);
            assertThat(issue.severity()).isEqualTo(severity);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "card 4111 1111 1111 1112", // fails Luhn
                "order 1234 5678 9012 3456", // fails Luhn, no issuer
                "IBAN DE89 3704 0044 0532 0130 01", // wrong check digits
                "GB82 WEST 1234 5698 7654 3", // too short for GB
                "SSN 000-12-3456", // area 000
                "SSN 666-12-3456", // area 666
                "sample 123-45-6789", // the documented example
                "placeholder 111-11-1111", // one digit repeated
                "SSN 536-00-1957", // group 00
                "SSN 536-22-0000", // serial 0000
                "SSN 536-22 1957", // mixed separators
                "id 536221957", // nine bare digits without 'ssn' near
                "version 1.2.3.4.5", // five parts
                "256.300.1.1 is out of range", // octets over 255
                "v2.10.4.1 of the driver", // a version
                "MAC 00:1A:2B:3C:4D:5E", // six groups, no ::
                "std::vector and a::b", // C++
                "ISBN 978-0-306-40615-7",
                "at 10:30:45 on 2024-03-15",
                "see https://token123@github.com/acme",
            })
    void look_alikes_are_not_pii(String text) {
        assertThat(inOutput(text)).isEmpty();
    }

    @Test
    void a_context_word_near_a_match_raises_its_score() {
        double bare = inOutput("ref 4111111111111111").get(0).score();
        double withContext = inOutput("credit card 4111111111111111").get(0).score();

        assertThat(withContext).isGreaterThan(bare);
        assertThat(withContext).isLessThanOrEqualTo(1.0);
    }

    @Test
    void nine_bare_digits_are_an_ssn_only_next_to_a_word_that_says_so() {
        assertThat(inOutput("SSN 536221957"))
                .extracting(DetectionIssue::category)
                .containsExactly("US_SSN");
        assertThat(inOutput("batch 536221957")).isEmpty();
    }

    @Test
    void a_card_number_is_not_reported_a_second_time_as_a_phone_number() {
        assertThat(inOutput("4111 1111 1111 1111 and 5555 5555 5555 4444"))
                .extracting(DetectionIssue::category)
                .containsExactly("CREDIT_CARD", "CREDIT_CARD");
    }

    @Test
    void national_numbers_of_the_configured_region_need_no_phone_word() {
        String denver = "Front desk: (303) 555-0162";

        assertThat(new PiiDetector("US").detect(DetectorType.PII, new DetectionText("", denver)))
                .extracting(DetectionIssue::category)
                .containsExactly("PHONE_NUMBER");
        assertThat(new PiiDetector("GB").detect(DetectorType.PII, new DetectionText("", denver)))
                .isEmpty();
    }

    @Test
    void national_numbers_of_other_regions_are_read_after_a_phone_word_or_in_their_national_format() {
        for (String text : List.of(
                "ring 020 7946 0958",
                "Festnetz: 030 1234 5678",
                "Our Manchester office: 0161 496 0734",
                "Numero di cellulare: 347 123 4567")) {
            assertThat(new PiiDetector("US").detect(DetectorType.PII, new DetectionText("", text)))
                    .as(text)
                    .extracting(DetectionIssue::category)
                    .containsExactly("PHONE_NUMBER");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Order #7712054390 has shipped", // an order number, valid as a US number
                "Rechnungsnummer 2125550199", // an invoice number, one bare run
                "Dial-in PIN 7730 2291 # then press 1", // a PIN after the phone word
                "Policy number 0161 496 0734", // national format, but a policy number
                "Add icon@2x.png and banner@3x.webp", // file names, not addresses
            })
    void numbers_named_as_something_else_and_file_names_are_not_phones_or_addresses(String text) {
        assertThat(inOutput(text)).isEmpty();
    }

    @Test
    void the_region_may_be_given_in_any_case_and_uk_reads_as_gb() {
        String london = "ring 020 7946 0958";

        assertThat(new PiiDetector("gb").detect(DetectorType.PII, new DetectionText("", london)))
                .extracting(DetectionIssue::category)
                .containsExactly("PHONE_NUMBER");
        assertThat(new PiiDetector(" uk ").detect(DetectorType.PII, new DetectionText("", london)))
                .extracting(DetectionIssue::category)
                .containsExactly("PHONE_NUMBER");
    }

    @Test
    void an_unknown_region_is_refused_with_what_to_use_instead() {
        assertThatThrownBy(() -> new PiiDetector("XX"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'XX' is not a region libphonenumber knows; use a two-letter ISO 3166 code such as US, GB or DE");
    }

    @Test
    void the_validators_follow_their_standards() {
        assertThat(StructuredPii.luhn("79927398713")).isTrue();
        assertThat(StructuredPii.luhn("79927398710")).isFalse();
        assertThat(StructuredPii.mod97("GB82WEST12345698765432")).isEqualTo(1);
        assertThat(StructuredPii.cardBrand("378282246310005")).isEqualTo("American Express");
        assertThat(StructuredPii.cardBrand("2223003122003222")).isEqualTo("Mastercard");
        assertThat(StructuredPii.validIpv6("::ffff:192.0.2.1")).isTrue();
        assertThat(StructuredPii.validIpv6("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(StructuredPii.validIpv6("1::2::3")).isFalse();
    }

    @Test
    void at_most_a_thousand_issues_per_field_the_most_severe_kept_and_the_rest_counted_in_the_last_message() {
        String output = "1.1.1.1 ".repeat(1_500) + "card 4111 1111 1111 1111";

        List<DetectionIssue> issues = inOutput(output);

        assertThat(issues).hasSize(1_000);
        assertThat(issues)
                .filteredOn(i -> i.category().equals("CREDIT_CARD"))
                .singleElement()
                .satisfies(
                        card -> assertThat(card.message())
                                .isEqualTo(
                                        "a payment card number in the output"
                                                + " (and 501 more findings in the output not listed: at most 1000 per detector and field)"));
        assertThat(issues)
                .filteredOn(i -> i.message().contains("more findings"))
                .hasSize(1);
    }

    @Test
    void a_card_followed_by_its_cvv_is_still_a_card() {
        String output = "My card is 4111 1111 1111 1111 123 thanks";

        assertThat(inOutput(output)).singleElement().satisfies(issue -> {
            assertThat(issue.category()).isEqualTo("CREDIT_CARD");
            TextRange range = issue.ranges().get(0);
            assertThat(output.substring(range.start(), range.end())).isEqualTo("4111 1111 1111 1111");
        });
    }

    @Test
    void two_cards_one_space_apart_are_two_cards() {
        String output = "cards 4111111111111111 5500000000000004";

        assertThat(inOutput(output))
                .extracting(
                        DetectionIssue::category,
                        i -> output.substring(
                                i.ranges().get(0).start(), i.ranges().get(0).end()))
                .containsExactly(
                        Tuple.tuple("CREDIT_CARD", "4111111111111111"), Tuple.tuple("CREDIT_CARD", "5500000000000004"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "reference 12 4111111111111111", // digits before a card: one longer number
                "order 4111 1111 1111 1111 12345", // a tail longer than a CVV
                "4111 1111 1111 1112 123" // the card part fails Luhn
            })
    void a_card_is_not_carved_out_of_a_longer_number(String output) {
        assertThat(inOutput(output)).extracting(DetectionIssue::category).doesNotContain("CREDIT_CARD");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "VA59 0011 2300 0012 3456 78", "RU03 0445 2522 5408 1781 0538 0913 1041 9",
                        "OM04 0280 0000 1234 5678 901",
                "SV62 CENR 0000 0000 0000 0070 0025", "FK88 SC12 3456 7890 12", "MN12 1234 1234 5678 9123",
                "BY13 NBRB 3600 9000 0000 2Z00 AB00", "LY83 0020 4800 0020 1001 2036 1", "IQ98 NBIQ 8501 2345 6789 012",
                "BI42 1000 0100 0100 0033 2045 181", "DJ21 0001 0000 0001 5400 0100 186",
                        "HN88 CABF 0000 0000 0002 5000 5469",
                "NI45 BAPR 0000 0013 0000 0355 8124", "SD21 2901 0501 2340 01", "SO21 1000 0010 0100 0100 141",
                "ST23 0001 0001 0051 8453 1014 6", "TL38 0080 0123 4567 8910 157"
            })
    void ibans_of_the_countries_that_joined_the_registry_later_are_found(String iban) {
        assertThat(inOutput("transfer to " + iban))
                .extracting(DetectionIssue::category)
                .containsExactly("IBAN_CODE");
    }
}
