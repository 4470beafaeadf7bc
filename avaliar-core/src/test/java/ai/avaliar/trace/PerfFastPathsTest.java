package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.internal.FastJson;
import ai.avaliar.trace.internal.Json;
import org.junit.jupiter.api.Test;

/** The shortcuts taken for speed write exactly what the general path writes. */
class PerfFastPathsTest {

    @Test
    void a_string_is_quoted_as_the_general_fast_path_writes_it_whatever_its_characters() throws Exception {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            every.append(c);
            String one = "a" + c + "b";
            assertThat(FastJson.quoted(one)).isEqualTo(appended(one));
            assertThat(Json.MAPPER.readValue(FastJson.quoted(one), String.class))
                    .isEqualTo(one);
        }
        String text = every + "\uD83D\uDE00 plain";
        assertThat(FastJson.quoted(text)).isEqualTo(appended(text));
        assertThat(Json.MAPPER.readValue(FastJson.quoted(text), String.class)).isEqualTo(text);
        assertThat(FastJson.quoted("")).isEqualTo("\"\"");
        assertThat(FastJson.quoted("What is the weather?"))
                .isEqualTo(Json.MAPPER.writeValueAsString("What is the weather?"));
    }

    private static String appended(String s) {
        StringBuilder out = new StringBuilder();
        assertThat(FastJson.append(s, out, 0)).isTrue();
        return out.toString();
    }

    @Test
    void a_streamed_text_is_quoted_exactly_as_jackson_quotes_it() throws Exception {
        for (char c = 0; c < 0x3000; c++) {
            String one = "a" + c + "b";
            assertThat(Json.quote(one)).isEqualTo(Json.MAPPER.writeValueAsString(one));
        }
        String text = "Sunny, 21\u00b0C \u2028 \uD83D\uDE00 / <b>";
        assertThat(Json.quote(text)).isEqualTo(Json.MAPPER.writeValueAsString(text));
    }

    @Test
    void a_string_written_as_json_is_bounded_as_before() {
        String escaped = "\"".repeat(60); // 60 characters, 122 once quoted and escaped
        assertThat(Json.write(escaped, 200)).isEqualTo("\"" + "\\\"".repeat(60) + "\"");
        assertThat(Json.write(escaped, 100)).startsWith("\"").contains("avaliar: truncated");
        assertThat(Json.write("Sunny", 7)).isEqualTo("\"Sunny\"");
        assertThat(Json.write("Sunny", 6)).contains("avaliar: truncated");
    }

    @Test
    void a_price_is_the_same_through_cost_and_usd() {
        Pricing pricing = Pricing.defaults();
        assertThat(Pricing.usd(pricing.priceOf("gpt-4o").orElseThrow(), 53, 12, 0))
                .isEqualTo(pricing.cost("gpt-4o", 53, 12, 0).getAsDouble())
                .isEqualTo((53 * 2.50 + 12 * 10.00) / 1_000_000.0);
    }
}
