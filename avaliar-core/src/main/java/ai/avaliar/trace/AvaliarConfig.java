package ai.avaliar.trace;

import ai.avaliar.detection.Detector;
import ai.avaliar.trace.internal.Durations;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How Avaliar traces: into an OpenTelemetry instance you own, or over OTLP/HTTP to Avaliar
 * (or any OTLP backend) with an API key. Read from the environment by
 * {@link Avaliar#configureFromEnvironment()}:
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><td>{@code AVALIAR_TRACING}</td><td>{@code false} turns tracing off: no thread starts, nothing is sent</td></tr>
 * <tr><td>{@code AVALIAR_API_KEY}</td><td>sent as the {@code X-API-Key} header</td></tr>
 * <tr><td>{@code AVALIAR_ENDPOINT}</td><td>base URL of the OTLP/HTTP receiver; spans go to {@code <endpoint>/v1/traces}</td></tr>
 * <tr><td>{@code AVALIAR_PROJECT}</td><td>resource attribute {@code avaliar.project}</td></tr>
 * <tr><td>{@code AVALIAR_ENVIRONMENT}</td><td>resource attribute {@code deployment.environment.name}</td></tr>
 * <tr><td>{@code AVALIAR_DETECTION_ENDPOINT}</td><td>base URL of Avaliar's detection service, for
 *     {@code DetectionMode.CLOUD}; {@code AVALIAR_ENDPOINT} when not set (see {@code docs/detection-protocol.md})</td></tr>
 * <tr><td>{@code AVALIAR_CAPTURE_MESSAGES}</td><td>{@code true} records message content (see
 *     {@link Builder#captureMessageContent(boolean)})</td></tr>
 * <tr><td>{@code AVALIAR_DETECTION_TIMEOUT}</td><td>how long a span's detection may take, such as {@code 10s},
 *     {@code 500ms} or {@code PT2S}; default 10 s</td></tr>
 * </table>
 *
 * <p>For {@code CLOUD} detection, what a configuration leaves unset (API key, detection endpoint,
 * detection timeout) is read when a span needs it from the system properties
 * {@code avaliar.apiKey}, {@code avaliar.detection.endpoint} (else {@code avaliar.endpoint}) and
 * {@code avaliar.detection.timeout}, else from the environment variables above. So it works under
 * the JUnit extension, which configures Avaliar with nothing but its own OpenTelemetry.
 *
 * <pre>{@code
 * Avaliar.configure(AvaliarConfig.builder()
 *         .endpoint("https://collector.example.com")
 *         .apiKey(System.getenv("AVALIAR_API_KEY"))
 *         .environment("staging")
 *         .build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AvaliarConfig {

    private final OpenTelemetry openTelemetry;
    private final boolean tracingEnabled;
    private final String apiKey;
    private final String endpoint;
    private final String project;
    private final String environment;
    private final String serviceName;
    private final Pricing pricing;
    private final int maxPayloadChars;
    private final Duration exportTimeout;
    private final List<Detector> detectors;
    private final String detectionEndpoint;
    private final Duration detectionTimeout;
    private final int detectionQueueCapacity;
    private final boolean captureMessageContent;

    private AvaliarConfig(Builder b) {
        this.openTelemetry = b.openTelemetry;
        this.tracingEnabled = b.tracingEnabled;
        this.apiKey = b.apiKey;
        this.endpoint = b.endpoint;
        this.project = b.project;
        this.environment = b.environment;
        this.serviceName = b.serviceName;
        this.pricing = b.pricing;
        this.maxPayloadChars = b.maxPayloadChars;
        this.exportTimeout = b.exportTimeout;
        this.detectors = List.copyOf(b.detectors);
        this.detectionEndpoint = b.detectionEndpoint;
        this.detectionTimeout = b.detectionTimeout;
        this.detectionQueueCapacity = b.detectionQueueCapacity;
        this.captureMessageContent =
                b.captureMessageContent != null ? b.captureMessageContent : MessageContent.ambient();
    }

    /**
     * A new builder with the defaults: tracing on, no exporter, built-in pricing, 32 KiB payloads.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration the environment variables describe.
     *
     * @return the configuration
     */
    public static AvaliarConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static AvaliarConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String tracing = env.get("AVALIAR_TRACING");
        if (tracing != null && tracing.trim().toLowerCase(Locale.ROOT).matches("false|0|off|no")) {
            b.tracingEnabled(false);
        }
        b.apiKey(blankToNull(env.get("AVALIAR_API_KEY")));
        b.endpoint(blankToNull(env.get("AVALIAR_ENDPOINT")));
        b.project(blankToNull(env.get("AVALIAR_PROJECT")));
        b.environment(blankToNull(env.get("AVALIAR_ENVIRONMENT")));
        b.detectionEndpoint(blankToNull(env.get("AVALIAR_DETECTION_ENDPOINT")));
        b.captureMessageContent(MessageContent.ambient(System::getProperty, env::get));
        String timeout = blankToNull(env.get("AVALIAR_DETECTION_TIMEOUT"));
        if (timeout != null) {
            b.detectionTimeout(Durations.parse("AVALIAR_DETECTION_TIMEOUT", timeout));
        }
        return b.build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    boolean tracingEnabled() {
        return tracingEnabled;
    }

    String apiKey() {
        return apiKey;
    }

    String endpoint() {
        return endpoint;
    }

    String project() {
        return project;
    }

    String environment() {
        return environment;
    }

    String serviceName() {
        return serviceName;
    }

    Pricing pricing() {
        return pricing;
    }

    int maxPayloadChars() {
        return maxPayloadChars;
    }

    Duration exportTimeout() {
        return exportTimeout;
    }

    List<Detector> detectors() {
        return detectors;
    }

    /** The detection service's base URL: the one set for detection, else the endpoint. */
    String detectionEndpoint() {
        return detectionEndpoint != null ? detectionEndpoint : endpoint;
    }

    Duration detectionTimeout() {
        return detectionTimeout;
    }

    int detectionQueueCapacity() {
        return detectionQueueCapacity;
    }

    boolean captureMessageContent() {
        return captureMessageContent;
    }

    @Override
    public String toString() {
        // Never the key itself.
        return "AvaliarConfig{tracing=" + tracingEnabled + ", endpoint=" + endpoint + ", apiKey="
                + (apiKey == null ? "none" : "set") + ", project=" + project + ", environment=" + environment
                + ", detectors=" + detectors.size() + ", detectionEndpoint=" + detectionEndpoint + "}";
    }

    /**
     * Builds an {@link AvaliarConfig}.
     *
     * <pre>{@code
     * AvaliarConfig config = AvaliarConfig.builder().openTelemetry(sdk).maxPayloadChars(8_192).build();
     * }</pre>
     */
    public static final class Builder {
        private OpenTelemetry openTelemetry;
        private boolean tracingEnabled = true;
        private String apiKey;
        private String endpoint;
        private String project;
        private String environment;
        private String serviceName = "avaliar-java";
        private Pricing pricing = Pricing.defaults();
        private int maxPayloadChars = AvaliarRuntime.DEFAULT_MAX_PAYLOAD_CHARS;
        private Duration exportTimeout = Duration.ofSeconds(10);
        private final List<Detector> detectors = new ArrayList<>();
        private String detectionEndpoint;
        private Duration detectionTimeout; // unset: avaliar.detection.timeout, AVALIAR_DETECTION_TIMEOUT, else 10 s
        private int detectionQueueCapacity = 1000;
        private Boolean captureMessageContent; // unset: the system property or environment (MessageContent)

        private Builder() {}

        /**
         * Trace into this OpenTelemetry instance (yours, with your exporters). Endpoint and key
         * are then ignored.
         *
         * @param sdk the instance
         * @return this builder
         */
        public Builder openTelemetry(OpenTelemetry sdk) {
            this.openTelemetry = Objects.requireNonNull(sdk, "openTelemetry");
            return this;
        }

        /**
         * Whether to trace at all; false makes every traced call a no-op.
         *
         * @param enabled false to turn tracing off
         * @return this builder
         */
        public Builder tracingEnabled(boolean enabled) {
            this.tracingEnabled = enabled;
            return this;
        }

        /**
         * The API key, sent as {@code X-API-Key}.
         *
         * @param key the key ({@code avl_...})
         * @return this builder
         */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /**
         * The OTLP/HTTP receiver's base URL; spans go to {@code <endpoint>/v1/traces}.
         *
         * @param url the base URL
         * @return this builder
         */
        public Builder endpoint(String url) {
            this.endpoint = url;
            return this;
        }

        /**
         * The Avaliar project, as resource attribute {@code avaliar.project}.
         *
         * @param name the project
         * @return this builder
         */
        public Builder project(String name) {
            this.project = name;
            return this;
        }

        /**
         * The deployment environment, as resource attribute {@code deployment.environment.name}.
         *
         * @param name development, staging or production
         * @return this builder
         */
        public Builder environment(String name) {
            this.environment = name;
            return this;
        }

        /**
         * The resource's {@code service.name}.
         *
         * @param name the service
         * @return this builder
         */
        public Builder serviceName(String name) {
            this.serviceName = Objects.requireNonNull(name, "serviceName");
            return this;
        }

        /**
         * The prices that give llm spans their cost.
         *
         * @param table the pricing
         * @return this builder
         */
        public Builder pricing(Pricing table) {
            this.pricing = Objects.requireNonNull(table, "pricing");
            return this;
        }

        /**
         * How many characters of an input or output to keep; the rest is replaced by a marker.
         *
         * @param chars at least 64
         * @return this builder
         */
        public Builder maxPayloadChars(int chars) {
            if (chars < 64) {
                throw new IllegalArgumentException("maxPayloadChars must be at least 64, got " + chars);
            }
            this.maxPayloadChars = chars;
            return this;
        }

        /**
         * How long one export may take before it is given up.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder exportTimeout(Duration timeout) {
            this.exportTimeout = Objects.requireNonNull(timeout, "exportTimeout");
            return this;
        }

        /**
         * Adds a detector for {@code DetectionMode.LOCAL} detection, next to those found on the
         * class path by {@link java.util.ServiceLoader} (such as {@code avaliar-eval}'s). For each
         * detector type a span asks for, the issues of every available detector serving it are
         * merged into one result.
         *
         * @param detector the detector; thread-safe
         * @return this builder
         */
        public Builder detector(Detector detector) {
            this.detectors.add(Objects.requireNonNull(detector, "detector"));
            return this;
        }

        /**
         * The base URL of Avaliar's detection service for {@code DetectionMode.CLOUD}, when it is
         * not {@link #endpoint(String)}; requests go to {@code <url>/v1/detections}.
         *
         * @param url the base URL
         * @return this builder
         */
        public Builder detectionEndpoint(String url) {
            this.detectionEndpoint = url;
            return this;
        }

        /**
         * How long the detection of one span may take, from the end of the traced call: a local
         * detector still running then gives a {@code FAILED} result, an unanswered cloud request a
         * {@code PENDING} one. Default 10 s.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder detectionTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "detectionTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("detectionTimeout must be positive, got " + timeout);
            }
            this.detectionTimeout = timeout;
            return this;
        }

        /**
         * How many spans may wait for, or be in, detection at once; a span beyond that gets
         * {@code FAILED} results ("detection queue full") rather than slowing the caller. Default 1000.
         *
         * @param spans at least 1
         * @return this builder
         */
        public Builder detectionQueueCapacity(int spans) {
            if (spans < 1) {
                throw new IllegalArgumentException("detectionQueueCapacity must be at least 1, got " + spans);
            }
            this.detectionQueueCapacity = spans;
            return this;
        }

        /**
         * Records message content, which the GenAI conventions make opt-in as it may hold personal
         * data: {@code gen_ai.input.messages}, {@code gen_ai.output.messages} and
         * {@code gen_ai.system_instructions} on llm spans, {@code gen_ai.tool.call.arguments} and
         * {@code gen_ai.tool.call.result} on tool spans. Off by default. Unset, it is read from the
         * system property {@code avaliar.capture.messages}, the environment variable
         * {@code AVALIAR_CAPTURE_MESSAGES}, or OpenTelemetry's own switches
         * ({@code OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental} with
         * {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=span_only}). Avaliar's own
         * {@code avaliar.input} and {@code avaliar.output} are recorded either way.
         *
         * <pre>{@code
         * Avaliar.configure(AvaliarConfig.builder().openTelemetry(sdk).captureMessageContent(true).build());
         * }</pre>
         *
         * @param capture true to record message content
         * @return this builder
         */
        public Builder captureMessageContent(boolean capture) {
            this.captureMessageContent = capture;
            return this;
        }

        /**
         * The configuration.
         *
         * @return the configuration
         */
        public AvaliarConfig build() {
            return new AvaliarConfig(this);
        }
    }
}
