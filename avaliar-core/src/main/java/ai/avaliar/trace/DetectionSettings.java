package ai.avaliar.trace;

import ai.avaliar.detection.Detector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/** The detection part of a configuration: registered detectors, the cloud service, the bounds. */
final class DetectionSettings {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_QUEUE_CAPACITY = 1000;
    static final DetectionSettings DEFAULTS = new DetectionSettings(List.of(), null, null, DEFAULT_TIMEOUT, DEFAULT_QUEUE_CAPACITY);

    private final List<Detector> registered;
    private final String apiKey;
    private final String endpoint;
    private final Duration timeout;
    private final int queueCapacity;
    private final Semaphore capacity;
    private volatile CloudDetectionClient client;

    DetectionSettings(List<Detector> registered, String apiKey, String endpoint, Duration timeout, int queueCapacity) {
        this.registered = List.copyOf(registered);
        this.apiKey = apiKey;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.queueCapacity = queueCapacity;
        this.capacity = new Semaphore(queueCapacity);
    }

    static DetectionSettings of(AvaliarConfig config) {
        return new DetectionSettings(config.detectors(), config.apiKey(), config.detectionEndpoint(),
                config.detectionTimeout(), config.detectionQueueCapacity());
    }

    List<Detector> registered() {
        return registered;
    }

    Duration timeout() {
        return timeout;
    }

    int queueCapacity() {
        return queueCapacity;
    }

    Semaphore capacity() {
        return capacity;
    }

    /** What is missing for cloud detection, as a sentence saying what to set; null when nothing is. */
    String cloudProblem() {
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
    CloudDetectionClient client() {
        CloudDetectionClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = new CloudDetectionClient(URI.create(endpoint), apiKey, timeout);
                    client = current;
                }
            }
        }
        return current;
    }
}
