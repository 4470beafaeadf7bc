package ai.avaliar.junit5.publish;

import ai.avaliar.junit5.internal.Options;
import ai.avaliar.trace.internal.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * How a run is published: from {@code AVALIAR_API_KEY} and {@code AVALIAR_ENDPOINT} in the
 * environment and the {@code avaliar.publish*} configuration parameters. A value that cannot be
 * read does not stop publishing: the default is used and {@link #problems()} says what to fix.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public record PublishSettings(
        boolean enabled,
        String apiKey,
        URI endpoint,
        Duration timeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        int batchSize,
        long spoolLimitBytes,
        List<String> problems) {

    public static final String API_KEY = "AVALIAR_API_KEY";
    public static final String ENDPOINT = "AVALIAR_ENDPOINT";
    public static final String PUBLISH = "avaliar.publish";
    public static final String TIMEOUT = "avaliar.publish.timeout";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);
    public static final int DEFAULT_BATCH_SIZE = 512;
    public static final long DEFAULT_SPOOL_LIMIT_BYTES = 100L * 1024 * 1024;

    public PublishSettings {
        problems = List.copyOf(problems);
    }

    /**
     * The settings of this environment.
     *
     * @param env environment variables
     * @param config JUnit configuration parameters (which JUnit backs with system properties)
     */
    public static PublishSettings of(Map<String, String> env, Function<String, Optional<String>> config) {
        List<String> problems = new ArrayList<>();
        String apiKey = blankToNull(env.get(API_KEY));
        boolean enabled = apiKey != null;
        Optional<String> publish = lookup(config, PUBLISH);
        if (publish.isPresent()) {
            try {
                enabled &= Options.bool(PUBLISH, publish.get());
            } catch (ExtensionConfigurationException e) {
                problems.add(e.getMessage() + "; publishing as if true");
            }
        }
        URI endpoint = null;
        String rawEndpoint = blankToNull(env.get(ENDPOINT));
        if (rawEndpoint != null) {
            endpoint = endpoint(rawEndpoint, problems);
        }
        Duration timeout = DEFAULT_TIMEOUT;
        Optional<String> rawTimeout = lookup(config, TIMEOUT);
        if (rawTimeout.isPresent()) {
            try {
                timeout = Options.duration(TIMEOUT, rawTimeout.get());
            } catch (ExtensionConfigurationException e) {
                problems.add(e.getMessage() + "; using " + Durations.format(DEFAULT_TIMEOUT));
            }
        }
        return new PublishSettings(
                enabled,
                apiKey,
                endpoint,
                timeout,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                DEFAULT_BATCH_SIZE,
                DEFAULT_SPOOL_LIMIT_BYTES,
                problems);
    }

    /** For tests: publishing on, to this endpoint, with these bounds. */
    public static PublishSettings forTest(
            URI endpoint,
            Duration timeout,
            Duration requestTimeout,
            int maxAttempts,
            int batchSize,
            long spoolLimitBytes) {
        return new PublishSettings(
                true,
                "test-key",
                endpoint,
                timeout,
                requestTimeout,
                maxAttempts,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                batchSize,
                spoolLimitBytes,
                List.of());
    }

    PublishSettings withApiKey(String key) {
        return new PublishSettings(
                enabled,
                key,
                endpoint,
                timeout,
                requestTimeout,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                batchSize,
                spoolLimitBytes,
                problems);
    }

    /** {@code <endpoint>/v1/traces}, or {@code /v1/runs}: the path appended to the endpoint's own. */
    URI resolve(String path) {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    /**
     * A URL as shown to people: scheme, host, port and path, never its user info, query or
     * fragment (they may hold a secret); something that is no URL is shown as {@code (not a URL)}.
     */
    public static String forDisplay(String raw) {
        String value = raw.trim();
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && uri.getHost() != null) {
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
            }
        } catch (URISyntaxException e) {
            // shown without its secrets below
        }
        int end = value.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = value.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        value = value.substring(0, end);
        int at = value.lastIndexOf('@');
        if (at >= 0) {
            int start = value.indexOf("://");
            value = (start >= 0 && start < at ? value.substring(0, start + 3) : "") + value.substring(at + 1);
        }
        return value;
    }

    /** The endpoint as shown to people: no user info, query or fragment. */
    String endpointForDisplay() {
        if (endpoint == null) {
            return "(no endpoint)";
        }
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        return endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "")
                + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    private static URI endpoint(String raw, List<String> problems) {
        try {
            URI uri = new URI(raw.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        // Never the raw value: user info or a query may hold a secret.
        problems.add(ENDPOINT + " = '" + forDisplay(raw) + "' is not an http(s) base URL such as"
                + " https://otlp.example.com (spans go to <endpoint>/v1/traces; no query, no fragment)");
        return null;
    }

    private static Optional<String> lookup(Function<String, Optional<String>> config, String key) {
        Optional<String> value = config.apply(key).filter(v -> !v.isBlank());
        return value.isPresent() ? value : Optional.ofNullable(blankToNull(System.getProperty(key)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "PublishSettings{enabled=" + enabled + ", endpoint=" + endpointForDisplay() + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", timeout=" + timeout + "}";
    }
}
