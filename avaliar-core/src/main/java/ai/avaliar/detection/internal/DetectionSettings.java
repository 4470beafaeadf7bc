package ai.avaliar.detection.internal;

import ai.avaliar.detection.Detector;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Sdk;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The detection part of a configuration: registered detectors, the cloud service, the bounds.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class DetectionSettings {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    /**
     * Nothing configured ({@code Avaliar.configure(openTelemetry)}, as the JUnit extension does, or a
     * joined global OpenTelemetry). What a configuration leaves unset (the cloud service's key, URL
     * and the timeout) is read when a span needs it, from the system properties
     * {@code avaliar.apiKey}, {@code avaliar.detection.endpoint} (else {@code avaliar.endpoint}) and
     * {@code avaliar.detection.timeout}, else the environment variables of {@link AvaliarConfig}.
     */
    public static final DetectionSettings DEFAULTS =
            new DetectionSettings(List.of(), null, null, null, DEFAULT_QUEUE_CAPACITY);

    private final List<Detector> registered;
    private final String apiKey;
    private final String endpoint;
    private final Duration timeout;
    private final int queueCapacity;
    private final Semaphore capacity;
    private volatile CloudDetectionClient client;

    /** A null key, endpoint or timeout is read when needed from system properties, then the environment. */
    public DetectionSettings(
            List<Detector> registered, String apiKey, String endpoint, Duration timeout, int queueCapacity) {
        this.registered = List.copyOf(registered);
        this.apiKey = apiKey;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.queueCapacity = queueCapacity;
        this.capacity = new Semaphore(queueCapacity);
    }

    private static String ambient(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private String apiKey() {
        return apiKey != null ? apiKey : ambient("avaliar.apiKey", "AVALIAR_API_KEY");
    }

    private String endpoint() {
        if (endpoint != null) {
            return endpoint;
        }
        String own = ambient("avaliar.detection.endpoint", "AVALIAR_DETECTION_ENDPOINT");
        return own != null ? own : ambient("avaliar.endpoint", "AVALIAR_ENDPOINT");
    }

    public List<Detector> registered() {
        return registered;
    }

    /** The bounded wait of one span's detection; an unreadable ambient value is the default, with a warning. */
    public Duration timeout() {
        if (timeout != null) {
            return timeout;
        }
        String value = ambient("avaliar.detection.timeout", "AVALIAR_DETECTION_TIMEOUT");
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Durations.parse("avaliar.detection.timeout (or AVALIAR_DETECTION_TIMEOUT)", value);
        } catch (IllegalArgumentException e) {
            Sdk.warn(e.getMessage() + "; using " + Durations.format(DEFAULT_TIMEOUT), null);
            return DEFAULT_TIMEOUT;
        }
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Semaphore capacity() {
        return capacity;
    }

    /** What is missing for cloud detection, as a sentence saying what to set; null when nothing is. */
    public String cloudProblem() {
        String apiKey = apiKey();
        String endpoint = endpoint();
        if (apiKey == null && endpoint == null) {
            return "CLOUD detection needs Avaliar's API key and endpoint: set AVALIAR_API_KEY and AVALIAR_ENDPOINT"
                    + " (or AVALIAR_DETECTION_ENDPOINT), or AvaliarConfig.builder().apiKey(...).detectionEndpoint(...)";
        }
        if (apiKey == null) {
            return "CLOUD detection needs Avaliar's API key: set AVALIAR_API_KEY, or AvaliarConfig.builder().apiKey(...)";
        }
        if (endpoint == null) {
            return "CLOUD detection needs the detection service's URL: set AVALIAR_DETECTION_ENDPOINT (or"
                    + " AVALIAR_ENDPOINT), or AvaliarConfig.builder().detectionEndpoint(...)";
        }
        try {
            URI uri = URI.create(endpoint);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                return "CLOUD detection needs an http(s) URL for the detection service, got '" + endpoint
                        + "'; set AVALIAR_DETECTION_ENDPOINT (or AVALIAR_ENDPOINT) to one such as https://api.example.com";
            }
        } catch (IllegalArgumentException e) {
            return "CLOUD detection needs a valid URL for the detection service, got '" + endpoint
                    + "'; set AVALIAR_DETECTION_ENDPOINT (or AVALIAR_ENDPOINT) to one such as https://api.example.com";
        }
        return null;
    }

    /** The client of the detection service; made on first use. Only when {@link #cloudProblem()} is null. */
    public CloudDetectionClient client() {
        String apiKey = apiKey();
        String endpoint = endpoint();
        Duration timeout = timeout();
        CloudDetectionClient current = client;
        if (current == null || !current.serves(endpoint, apiKey, timeout)) {
            synchronized (this) {
                current = client;
                if (current == null || !current.serves(endpoint, apiKey, timeout)) {
                    current = new CloudDetectionClient(URI.create(endpoint), apiKey, timeout);
                    client = current;
                }
            }
        }
        return current;
    }
}
