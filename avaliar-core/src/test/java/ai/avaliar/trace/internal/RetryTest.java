package ai.avaliar.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one way Avaliar's HTTP clients wait between attempts. */
class RetryTest {

    /** A clock at a fixed instant whose random part is chosen by the test. */
    static final class FixedClock implements Retry.Clock {
        final Instant now = Instant.parse("2015-10-21T07:28:00Z");
        double random;

        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {}

        @Override
        public double random() {
            return random;
        }
    }

    private final FixedClock clock = new FixedClock();

    @Test
    void reads_retry_after_as_seconds_or_an_http_date() {
        assertThat(Retry.retryAfter(Optional.of("7"), clock)).contains(Duration.ofSeconds(7));
        assertThat(Retry.retryAfter(Optional.of(" 7 "), clock)).contains(Duration.ofSeconds(7));
        assertThat(Retry.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:30 GMT"), clock))
                .contains(Duration.ofSeconds(30));
        assertThat(Retry.retryAfter(Optional.of("Wed, 21 Oct 2015 07:27:00 GMT"), clock))
                .contains(Duration.ZERO);
        assertThat(Retry.retryAfter(Optional.of("soon"), clock)).isEmpty();
        assertThat(Retry.retryAfter(Optional.of("-1"), clock)).isEmpty();
        assertThat(Retry.retryAfter(Optional.empty(), clock)).isEmpty();
    }

    @Test
    void a_retry_after_longer_than_an_hour_waits_an_hour() {
        assertThat(Retry.retryAfter(Optional.of("86400"), clock)).contains(Retry.LONGEST_RETRY_AFTER);
        assertThat(Retry.retryAfter(Optional.of("Thu, 22 Oct 2015 07:28:00 GMT"), clock))
                .contains(Retry.LONGEST_RETRY_AFTER);
    }

    @Test
    void backoff_doubles_from_the_initial_wait_up_to_the_cap_with_half_of_it_random() {
        Duration initial = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(1);
        clock.random = 0.0;
        assertThat(Retry.backoff(1, initial, max, clock)).isEqualTo(Duration.ofMillis(50));
        assertThat(Retry.backoff(2, initial, max, clock)).isEqualTo(Duration.ofMillis(100));
        assertThat(Retry.backoff(3, initial, max, clock)).isEqualTo(Duration.ofMillis(200));
        assertThat(Retry.backoff(30, initial, max, clock)).isEqualTo(Duration.ofMillis(500));
        clock.random = 0.999;
        assertThat(Retry.backoff(1, initial, max, clock)).isEqualTo(Duration.ofMillis(100));
        assertThat(Retry.backoff(30, initial, max, clock)).isEqualTo(Duration.ofSeconds(1));
    }
}
