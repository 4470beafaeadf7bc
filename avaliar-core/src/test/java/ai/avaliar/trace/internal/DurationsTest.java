package ai.avaliar.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every duration setting of Avaliar reads the same way. */
class DurationsTest {

    @Test
    void a_number_with_a_unit_or_none_or_ISO_8601() {
        assertThat(Durations.parse("k", "5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("k", "5 s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("k", " 10S ")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("k", "2 m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("k", "PT2.5S")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Durations.parse("k", "2.5 s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Durations.parse("k", "0.5")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void zero_negative_unknown_units_and_overlong_numbers_are_refused_saying_how_to_write_it() {
        for (String wrong : new String[] {"0 s", "0.0", "PT-1S", "soon", "5 h", "1.5.0 s", "-1", "9999999999 ms", ""}) {
            assertThatThrownBy(() -> Durations.parse("avaliar.await.timeout", wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("avaliar.await.timeout = '" + wrong + "' is not a positive duration; write it as '5 s',"
                            + " '500 ms', '1 m' or 'PT2.5S'");
        }
    }

    @Test
    void formats_whole_seconds_as_seconds_and_the_rest_as_milliseconds() {
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(Durations.format(Duration.ofMillis(2500))).isEqualTo("2500 ms");
    }
}
