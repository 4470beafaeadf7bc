package ai.avaliar.junit5.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension's settings for one test: what the {@link AvaliarExtension.Builder} set, else the
 * JUnit configuration parameter ({@code junit-platform.properties} or a system property), else
 * the default.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public record Options(Duration awaitTimeout, boolean strict, boolean registerGlobal) {

    public static final String AWAIT_TIMEOUT = "avaliar.await.timeout";
    public static final String STRICT = "avaliar.strict";
    public static final String REGISTER_GLOBAL = "avaliar.registerGlobal";

    public static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    public static Options of(ExtensionContext context, Duration awaitTimeout, Boolean strict, Boolean registerGlobal) {
        return new Options(
                awaitTimeout != null ? awaitTimeout : context.getConfigurationParameter(AWAIT_TIMEOUT)
                        .map(value -> duration(AWAIT_TIMEOUT, value)).orElse(DEFAULT_AWAIT_TIMEOUT),
                strict != null ? strict : context.getConfigurationParameter(STRICT)
                        .map(value -> bool(STRICT, value)).orElse(true),
                registerGlobal != null ? registerGlobal : context.getConfigurationParameter(REGISTER_GLOBAL)
                        .map(value -> bool(REGISTER_GLOBAL, value)).orElse(false));
    }

    /** {@code 5}, {@code 5 s}, {@code 500 ms}, {@code 1 m} or ISO-8601 such as {@code PT2.5S}; a bare number is seconds. */
    public static Duration duration(String key, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = AMOUNT.matcher(text);
        Duration duration = null;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        } else if (text.startsWith("pt")) {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                duration = null;
            }
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new ExtensionConfigurationException(key + " = '" + value + "' is not a positive duration;"
                    + " write it as '5 s', '500 ms', '1 m' or 'PT2.5S'");
        }
        return duration;
    }

    public static boolean bool(String key, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new ExtensionConfigurationException(key + " = '" + value + "' is neither true nor false");
    }

    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
