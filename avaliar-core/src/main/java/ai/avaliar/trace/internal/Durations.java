package ai.avaliar.trace.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of every duration setting of Avaliar ({@code AVALIAR_DETECTION_TIMEOUT},
 * {@code avaliar.await.timeout}, {@code avaliar.publish.timeout}, the LLM judge's timeout, ...):
 * a number with an optional unit, {@code ms}, {@code s} or {@code m}, spaces allowed
 * ({@code 500 ms}, {@code 10s}, {@code 2.5 s}, {@code 2 m}); a bare number is seconds
 * ({@code 30}, {@code 0.5}); or ISO-8601 ({@code PT2.5S}). Zero and negative durations are refused.
 *
 * <pre>{@code
 * Duration timeout = Durations.parse("avaliar.await.timeout", "500 ms");
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Durations {

    /** At most nine digits before the point and nine after: no amount overflows a duration. */
    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)\\s*(ms|s|m)?");

    private Durations() {}

    /**
     * The duration {@code value} of the setting {@code name}.
     *
     * @param name the setting, named in the error
     * @param value its text
     * @return a positive duration
     * @throws IllegalArgumentException saying how to write it, when {@code value} is not one
     */
    public static Duration parse(String name, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = AMOUNT.matcher(text);
        Duration duration = null;
        if (matcher.matches()) {
            BigDecimal amount = new BigDecimal(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            BigDecimal nanosPerUnit = BigDecimal.valueOf(
                    switch (unit) {
                        case "ms" -> 1_000_000L;
                        case "m" -> 60_000_000_000L;
                        default -> 1_000_000_000L;
                    });
            duration = Duration.ofNanos(amount.multiply(nanosPerUnit).longValue());
        } else if (text.startsWith("pt")) {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                duration = null;
            }
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " = '" + value + "' is not a positive duration; write it as"
                    + " '5 s', '500 ms', '1 m' or 'PT2.5S'");
        }
        return duration;
    }

    /**
     * A duration as the grammar writes it: whole seconds as {@code 5 s}, anything else as {@code 2500 ms}.
     *
     * @param duration the duration
     * @return its text
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
