package ai.avaliar.junit5.publish;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.internal.TestRunEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestRunRecordTest {

    private final TestRunEnvironment local =
            TestRunEnvironment.detect(Map.of("AVALIAR_TEST_RUN_ID", "run-7"), args -> Optional.empty());

    private JsonNode record(Map<String, String> outcomes) throws IOException {
        return new ObjectMapper()
                .readTree(TestRunRecord.json(local, outcomes, 4, 9, Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void a_local_run_without_ci_or_git_has_empty_vcs_and_ci() throws IOException {
        JsonNode record = record(Map.of("[test:a]", "SUCCESSFUL", "[test:b]", "SKIPPED"));

        assertThat(record.toString())
                .isEqualTo(
                        "{\"schema\":\"avaliar.test.run/v1\",\"run_id\":\"run-7\","
                                + "\"published_at\":\"2026-01-02T03:04:05Z\",\"vcs\":{},\"ci\":{},"
                                + "\"totals\":{\"tests\":2,\"successful\":1,\"failed\":0,\"aborted\":0,\"skipped\":1,\"traces\":4,\"spans\":9},"
                                + "\"tests_not_successful\":[{\"test_id\":\"[test:b]\",\"outcome\":\"skipped\"}],\"tests_not_listed\":0}");
    }

    @Test
    void stays_small_listing_at_most_a_hundred_tests_that_did_not_succeed() throws IOException {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            outcomes.put(String.format("[test:%03d]", i), "FAILED");
        }

        JsonNode record = record(outcomes);

        assertThat(record.get("tests_not_successful")).hasSize(100);
        assertThat(record.get("tests_not_successful").get(0).get("test_id").asText())
                .isEqualTo("[test:000]");
        assertThat(record.get("tests_not_listed").asInt()).isEqualTo(150);
        assertThat(record.get("totals").get("failed").asInt()).isEqualTo(250);
    }

    @Test
    void an_outcome_it_does_not_know_is_counted_under_its_own_name() throws IOException {
        JsonNode record = record(Map.of("[test:a]", "Timed_Out"));

        assertThat(record.get("totals").get("timed_out").asInt()).isOne();
        assertThat(List.of(TestRunRecord.normalized(null), TestRunRecord.normalized(" FAILED ")))
                .containsExactly("unknown", "failed");
    }
}
