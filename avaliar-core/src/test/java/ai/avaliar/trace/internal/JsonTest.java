package ai.avaliar.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Jackson-free path writes exactly what Jackson writes for the same value. */
class JsonTest {

    static List<Object> values() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("city", "Lisbon");
        nested.put("days", 3);
        nested.put("units", null);
        nested.put("temps", List.of(21.5, 22.0f, -3L));
        nested.put("flags", Map.of("metric", true));
        return Arrays.asList(
                "plain",
                "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u0007 nul \u0000 del \u007f",
                "unicode: café ☀ 😀",
                42,
                42L,
                (short) 7,
                (byte) 1,
                0.2,
                1.0e-10,
                123456789.0,
                1.5f,
                true,
                false,
                List.of("a", 1, false),
                nested,
                List.of(List.of(List.of("deep"))));
    }

    @ParameterizedTest
    @MethodSource("values")
    void the_fast_path_matches_jackson(Object value) throws Exception {
        StringBuilder fast = new StringBuilder();

        assertThat(FastJson.append(value, fast, 0)).isTrue();
        assertThat(fast).hasToString(Json.MAPPER.writeValueAsString(value));
    }

    @ParameterizedTest
    @MethodSource("values")
    void the_recorded_json_is_what_jackson_writes(Object value) throws Exception {
        assertThat(Json.write(value, Integer.MAX_VALUE)).isEqualTo(Json.MAPPER.writeValueAsString(value));
    }

    @org.junit.jupiter.api.Test
    void a_value_over_the_limit_becomes_a_json_string_with_the_marker() throws Exception {
        String json = Json.write(List.of("abcdefghij".repeat(10)), 64);

        assertThat(Json.MAPPER.readValue(json, String.class))
                .isEqualTo(
                        "[\"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijab…[avaliar: truncated, 64 of 104 chars kept]");
    }
}
