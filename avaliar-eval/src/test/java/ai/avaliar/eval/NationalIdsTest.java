package ai.avaliar.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each national-ID recogniser on a valid number, the same number with a wrong check digit (or,
 * where there is none, a value never issued), and a look-alike: the right shape where nothing
 * says it is that identifier, or a near-miss of the shape.
 */
class NationalIdsTest {

    private final PiiDetector detector = new PiiDetector();

    private List<String> categories(String text) {
        return detector.detect(DetectorType.PII, new DetectionText(text, "")).stream()
                .map(DetectionIssue::category)
                .toList();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "UK_NINO           | NI number: JG 10 37 25 B       | NI number: TN 10 37 25 B        | part no. JG1037251B",
                "UK_NHS            | NHS number 401 023 2137        | NHS number 401 023 2138         | Order 401 023 2137 shipped",
                "ES_NIF            | DNI 64221019M                  | DNI 64221019A                   | ref 64221019M7",
                "ES_NIE            | NIE Y6387969D                  | NIE Y6387969E                   | lote Y63879690D",
                "IT_FISCAL_CODE    | CF MRTLRA95M41D612K            | CF MRTLRA95M41D612A             | codice MRTLRA95M41D612",
                "DE_TAX_ID         | Steuer-ID 47205718394          | Steuer-ID 47205718395           | Bestellung 47205718394",
                "FR_INSEE          | NIR 2 95 06 31 555 012 55      | NIR 2 95 06 31 555 012 56       | NIR 2 95 06 31 555 012",
                "NL_BSN            | BSN 871831466                  | BSN 871831467                   | order 871831466",
                "PL_PESEL          | PESEL 99122401235              | PESEL 99122401236               | zamówienie 99122401235",
                "BR_CPF            | CPF 529.982.247-25             | CPF 529.982.247-26              | pedido 52998224725",
                "BR_CNPJ           | CNPJ 45.723.174/0001-10        | CNPJ 45.723.174/0001-11         | protocolo 45723174000110",
                "IN_PAN            | PAN ABCPK1234Q                 | PAN ABCXK1234Q                  | mask AAAPA9999A",
                "IN_AADHAAR        | Aadhaar 4917 3365 1466         | Aadhaar 4917 3365 1467          | case 4917 3365 1466",
                "AU_TFN            | TFN 183 365 568                | TFN 183 365 569                 | ticket 183 365 568",
                "AU_ABN            | ABN 78 254 258 694             | ABN 78 254 258 695              | invoice 78 254 258 694",
                "AU_MEDICARE       | Medicare 4257 93811 1          | Medicare 4257 93812 1           | member 4257938111",
                "SG_NRIC           | NRIC S8811223G                 | NRIC S8811223H                  | part S88112233G",
                "US_ITIN           | ITIN 912-78-4410               | ITIN 912-45-4410                | 912784410",
                "US_PASSPORT       | passport 561204938             | passport 111111111              | serial 561204938",
                "US_DRIVER_LICENSE | driver's license D4417203      | driver's license D1234567       | SKU D4417203",
            })
    void valid_numbers_are_found_and_wrong_checksums_and_look_alikes_are_not(
            String category, String valid, String invalid, String lookAlike) {
        assertThat(categories(valid)).as("valid: %s", valid).contains(category);
        assertThat(categories(invalid)).as("invalid checksum: %s", invalid).doesNotContain(category);
        assertThat(categories(lookAlike)).as("look-alike: %s", lookAlike).doesNotContain(category);
    }

    @Test
    void a_national_id_is_a_high_issue_named_by_kind_with_its_offsets_and_not_also_a_phone_number() {
        String input = "NHS number 401 023 2137, thanks";

        assertThat(detector.detect(DetectorType.PII, new DetectionText(input, "")))
                .singleElement()
                .satisfies(issue -> {
                    assertThat(issue.category()).isEqualTo("UK_NHS");
                    assertThat(issue.severity()).isEqualTo(Severity.HIGH);
                    assertThat(issue.message()).isEqualTo("a UK NHS number in the input");
                    assertThat(issue.ranges()).containsExactly(new TextRange(TextRange.Field.INPUT, 11, 23));
                });
    }

    @Test
    void the_well_known_samples_are_placeholders_not_people() {
        assertThat(categories("NHS number 943 476 5919 (the example in the NHS docs)"))
                .doesNotContain("UK_NHS");
        assertThat(categories("CPF 111.111.111-11")).doesNotContain("BR_CPF");
        assertThat(categories("BSN 123456782")).doesNotContain("NL_BSN");
    }

    @Test
    void an_itin_is_an_itin_and_not_an_ssn() {
        assertThat(categories("ITIN 912-78-4521 is a taxpayer id, not an SSN.")).containsExactly("US_ITIN");
    }

    @Test
    void corsican_insee_numbers_read_2a_and_2b_as_the_standard_says() {
        // 1 85 05 2A 123 456 with the key computed on 185051912345 6 minus 1,000,000
        long body = Long.parseLong("1850519123456") - 1_000_000L;
        String key = String.format("%02d", 97 - body % 97);
        assertThat(categories("NIR 1 85 05 2A 123 456 " + key)).contains("FR_INSEE");
    }
}
