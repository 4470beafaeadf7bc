package ai.avaliar.junit5.internal;

import ai.avaliar.trace.internal.Durations;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension's settings for one test: what the {@link ai.avaliar.junit5.AvaliarExtension.Builder} set, else the
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

    public static Options of(ExtensionContext context, Duration awaitTimeout, Boolean strict, Boolean registerGlobal) {
        return new Options(
                awaitTimeout != null
                        ? awaitTimeout
                        : context.getConfigurationParameter(AWAIT_TIMEOUT)
                                .map(value -> duration(AWAIT_TIMEOUT, value))
                                .orElse(DEFAULT_AWAIT_TIMEOUT),
                strict != null
                        ? strict
                        : context.getConfigurationParameter(STRICT)
                                .map(value -> bool(STRICT, value))
                                .orElse(true),
                registerGlobal(context, registerGlobal));
    }

    /** The registerGlobal option alone: {@code override} when given, else the configuration parameter. */
    public static boolean registerGlobal(ExtensionContext context, Boolean override) {
        return override != null
                ? override
                : context.getConfigurationParameter(REGISTER_GLOBAL)
                        .map(value -> bool(REGISTER_GLOBAL, value))
                        .orElse(false);
    }

    /** A duration in Avaliar's one grammar ({@link Durations}); a wrong one is a configuration error. */
    public static Duration duration(String key, String value) {
        try {
            return Durations.parse(key, value);
        } catch (IllegalArgumentException wrong) {
            throw new ExtensionConfigurationException(wrong.getMessage());
        }
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
}
