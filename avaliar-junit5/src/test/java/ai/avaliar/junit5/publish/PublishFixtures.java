package ai.avaliar.junit5.publish;

import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.internal.Retry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real spans made by the OpenTelemetry SDK, and publishers wired for tests. */
public final class PublishFixtures {

    public static final Map<String, String> GITHUB = Map.of(
            "GITHUB_ACTIONS", "true",
            "GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567",
            "GITHUB_REF_NAME", "main",
            "GITHUB_SERVER_URL", "https://github.com",
            "GITHUB_REPOSITORY", "acme/agents",
            "GITHUB_RUN_ID", "4242",
            "GITHUB_WORKFLOW", "ci");

    private PublishFixtures() {}

    /**
     * {@code tests} traces, one per test {@code [engine:junit-jupiter]/[test:tN]}, each a root
     * span with {@code spansPerTrace - 1} children.
     */
    public static List<SpanData> traces(int tests, int spansPerTrace) {
        return traces(tests, spansPerTrace, "");
    }

    public static List<SpanData> traces(int tests, int spansPerTrace, String payload) {
        List<SpanData> spans = new CopyOnWriteArrayList<>();
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                spans.addAll(batch);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "agent-tests")))
                .addSpanProcessor(SimpleSpanProcessor.create(collect))
                .build()) {
            Tracer tracer = provider.get("ai.avaliar");
            for (int t = 0; t < tests; t++) {
                String testId = testId(t);
                Span root = tracer.spanBuilder("agent-" + t)
                        .setAttribute(AvaliarAttributes.TEST_ID, testId)
                        .startSpan();
                try (Scope ignored = root.makeCurrent()) {
                    for (int c = 1; c < spansPerTrace; c++) {
                        tracer.spanBuilder("tool-" + t + "-" + c)
                                .setAttribute(AvaliarAttributes.TEST_ID, testId)
                                .setAttribute("payload", payload)
                                .startSpan()
                                .end();
                    }
                } finally {
                    root.end();
                }
            }
        }
        return new ArrayList<>(spans);
    }

    public static String testId(int t) {
        return "[engine:junit-jupiter]/[class:Agents]/[method:t" + t + "()]";
    }

    /** A publisher on {@code endpoint} with the given bounds, in a GitHub Actions run, git never asked. */
    public static TestRunPublisher publisher(
            String endpoint,
            Duration timeout,
            Duration requestTimeout,
            int maxAttempts,
            int batchSize,
            long spoolLimitBytes) {
        PublishSettings settings = PublishSettings.forTest(
                java.net.URI.create(endpoint), timeout, requestTimeout, maxAttempts, batchSize, spoolLimitBytes);
        return new TestRunPublisher(settings, GITHUB, args -> Optional.empty(), Retry.Clock.SYSTEM);
    }

    public static TestRunPublisher publisher(String endpoint) {
        return publisher(endpoint, Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 512, 10L * 1024 * 1024);
    }
}
