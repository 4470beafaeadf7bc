package ai.avaliar.trace.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How Avaliar's HTTP clients (cloud detection, publishing) wait between attempts: one
 * {@code Retry-After} reading, one exponential backoff with jitter, and one clock that tests
 * replace.
 *
 * <pre>{@code
 * Duration wait = Retry.retryAfter(response.headers().firstValue("Retry-After"), clock)
 *         .orElseGet(() -> Retry.backoff(attempt, initial, max, clock));
 * clock.sleep(wait);
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Retry {

    /** The longest {@code Retry-After} taken as asked; a longer one waits this long. */
    public static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    /** Doublings of the initial backoff, at most: past this the cap applies anyway. */
    private static final int MAX_DOUBLINGS = 20;

    private Retry() {}

    /** Time as retries see it: a monotonic clock, the wall clock, waiting, and the random part of jitter. */
    public interface Clock {

        /** The system's clocks, {@code Thread.sleep} and {@code ThreadLocalRandom}. */
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                if (!duration.isNegative() && !duration.isZero()) {
                    Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
                }
            }

            @Override
            public double random() {
                return ThreadLocalRandom.current().nextDouble();
            }
        };

        /**
         * A monotonic time, for deadlines.
         *
         * @return nanoseconds from an arbitrary origin
         */
        long nanoTime();

        /**
         * The wall clock, for {@code Retry-After} dates.
         *
         * @return now
         */
        Instant now();

        /**
         * Waits.
         *
         * @param duration how long
         * @throws InterruptedException when interrupted
         */
        void sleep(Duration duration) throws InterruptedException;

        /**
         * A random number, for jitter.
         *
         * @return a number in [0, 1)
         */
        double random();
    }

    /**
     * A {@code Retry-After} header: seconds, or an HTTP date (a date past is zero); at most
     * {@link #LONGEST_RETRY_AFTER}.
     *
     * @param header the header's value, if the response had one
     * @param clock the clock dates are read against
     * @return the wait asked for; empty when absent or unreadable
     */
    public static Optional<Duration> retryAfter(Optional<String> header, Clock clock) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        Duration asked;
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 0) {
                return Optional.empty();
            }
            asked = Duration.ofSeconds(Math.min(seconds, LONGEST_RETRY_AFTER.toSeconds()));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                asked = Duration.between(clock.now(), at);
                asked = asked.isNegative() ? Duration.ZERO : asked;
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
        return Optional.of(asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked);
    }

    /**
     * The wait before attempt {@code attempt + 1}: the initial backoff doubled per attempt, capped,
     * with {@link #jitter jitter}.
     *
     * @param attempt the attempt that just failed, from 1
     * @param initial the wait after the first attempt, before jitter
     * @param max the longest wait, before jitter
     * @param clock for the jitter
     * @return how long to wait
     */
    public static Duration backoff(int attempt, Duration initial, Duration max, Clock clock) {
        long base = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS);
        return jitter(Duration.ofMillis(Math.min(base, max.toMillis())), clock);
    }

    /**
     * "Equal jitter": half of {@code wait} fixed, the other half random, so retries spread out yet
     * progress; to the millisecond.
     *
     * @param wait the wait
     * @param clock for the random half
     * @return between half of {@code wait} and all of it
     */
    public static Duration jitter(Duration wait, Clock clock) {
        long millis = wait.toMillis();
        long half = millis / 2;
        return Duration.ofMillis(half + (long) (clock.random() * (millis - half + 1)));
    }
}
