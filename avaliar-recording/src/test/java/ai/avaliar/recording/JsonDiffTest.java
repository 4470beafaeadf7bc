package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

    private static JsonNode json(String text) {
        return Json.parseStructured(text);
    }

    @Test
    void finds_no_difference_when_only_key_order_and_number_format_differ() {
        assertThat(Json.diff(
                        json("{\"a\": 1, \"b\": [1.0, {\"c\": true}]}"),
                        json("{\"b\": [1, {\"c\": true}], \"a\": 1.00}")))
                .isEmpty();
    }

    @Test
    void lists_each_difference_with_its_path() {
        assertThat(Json.diff(
                        json("{\"model\": \"a\", \"tools\": [1, 2], \"keep\": null}"),
                        json("{\"model\": \"b\", \"tools\": [2, 1, 3], \"extra\": \"x\"}")))
                .containsExactly(
                        "$.extra: not in recording, request has \"x\"",
                        "$.keep: recorded null, missing from request",
                        "$.model: recorded \"a\", request has \"b\"",
                        "$.tools[0]: recorded 1, request has 2",
                        "$.tools[1]: recorded 2, request has 1",
                        "$.tools[2]: not in recording, request has 3");
    }

    @Test
    void ignores_configured_fields_inside_arrays() {
        RecordedRequest recorded = new RecordedRequest(
                "openai",
                "POST",
                "/v1/x",
                "",
                java.util.Map.of(),
                json("{\"messages\": [{\"id\": 1, \"text\": \"a\"}], \"metadata\": {\"user_id\": \"u1\"}}"),
                null);
        RecordedRequest actual = new RecordedRequest(
                "openai",
                "POST",
                "/v1/x",
                "",
                java.util.Map.of(),
                json("{\"messages\": [{\"id\": 2, \"text\": \"a\"}], \"metadata\": {\"user_id\": \"u2\"}}"),
                null);
        var ignored = Matching.ignored(new String[] {"messages.id"});

        assertThat(Matching.differences(Matching.key(recorded, ignored), Matching.key(actual, ignored)))
                .isEmpty();
        assertThat(Matching.hash(recorded, ignored)).isEqualTo(Matching.hash(actual, ignored));
    }

    @Test
    void compares_query_parameters_in_any_order() {
        assertThat(Matching.query("b=2&a=1")).isEqualTo(Matching.query("a=1&b=2"));
    }
}
