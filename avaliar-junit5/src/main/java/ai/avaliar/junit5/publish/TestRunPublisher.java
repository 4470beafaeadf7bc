package ai.avaliar.junit5.publish;

import ai.avaliar.junit5.internal.TestRunEnvironment;
import ai.avaliar.junit5.internal.TraceJson;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.internal.Retry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Publishes a finished test run to Avaliar, or any OTLP/HTTP receiver, when
 * {@code AVALIAR_API_KEY} is set and {@code avaliar.publish} is not {@code false}: first what
 * earlier runs spooled, then this run's spans in batches ({@code <endpoint>/v1/traces}, OTLP
 * protobuf, the key as {@code X-API-Key}, the run as resource attributes, each root span with
 * its test's outcome), then a small JSON run record ({@code <endpoint>/v1/runs}). What cannot be
 * sent in time is spooled under {@code <avaliarDir>/spool} for the next run. Never throws, never
 * takes longer than {@code avaliar.publish.timeout} (30 s) plus the time to write the spool.
 * See {@code docs/publishing.md}.
 *
 * <pre>{@code
 * Optional<String> summary = TestRunPublisher.fromEnvironment(System.getenv(), config)
 *         .publish(spans, outcomeByTestId, Path.of("target/avaliar"));
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class TestRunPublisher {

    public static final String TRACES_PATH = "/v1/traces";
    public static final String RUNS_PATH = "/v1/runs";
    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";
    public static final String SPOOL_DIRECTORY = "spool";

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    private final PublishSettings settings;
    private final Map<String, String> env;
    private final Function<List<String>, Optional<String>> git;
    private final Retry.Clock clock;
    /** Spans to an OTLP request body: the OpenTelemetry exporter's marshaler (replaced in tests). */
    private Function<List<SpanData>, byte[]> encoder = OtlpWire::encode;

    /** With another encoder: a test's stand-in for an exporter that does not match. */
    TestRunPublisher withEncoder(Function<List<SpanData>, byte[]> encoder) {
        this.encoder = encoder;
        return this;
    }

    TestRunPublisher(
            PublishSettings settings,
            Map<String, String> env,
            Function<List<String>, Optional<String>> git,
            Retry.Clock clock) {
        this.settings = settings;
        this.env = Map.copyOf(env);
        this.git = git;
        this.clock = clock;
    }

    /**
     * The publisher configured by the environment ({@code AVALIAR_API_KEY}, {@code AVALIAR_ENDPOINT})
     * and the JUnit configuration parameters ({@code avaliar.publish}, {@code avaliar.publish.timeout}).
     */
    public static TestRunPublisher fromEnvironment(
            Map<String, String> env, Function<String, Optional<String>> junitConfig) {
        return new TestRunPublisher(
                PublishSettings.of(env, junitConfig), env, TestRunEnvironment::git, Retry.Clock.SYSTEM);
    }

    PublishSettings settings() {
        return settings;
    }

    /**
     * Sends the spooled batches of earlier runs, then this run's spans, each root span with its
     * test's outcome, then the run record; spools what could not be sent under
     * {@code avaliarDir/spool}.
     *
     * @param spans every span of the run
     * @param outcomeByTestId JUnit unique id to the test's outcome (successful, failed, aborted, skipped)
     * @param avaliarDir the report directory, usually {@code target/avaliar}
     * @return the summary line to print, or empty when publishing is off
     */
    public Optional<String> publish(List<SpanData> spans, Map<String, String> outcomeByTestId, Path avaliarDir) {
        return publish(spans, outcomeByTestId, avaliarDir, null);
    }

    /**
     * As {@link #publish(List, Map, Path)}, as this run (so the report and the published run
     * share one run id); null to detect it.
     */
    public Optional<String> publish(
            List<SpanData> spans, Map<String, String> outcomeByTestId, Path avaliarDir, TestRunEnvironment run) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        if (settings.endpoint() == null
                && settings.problems().stream().noneMatch(p -> p.startsWith(PublishSettings.ENDPOINT))) {
            return Optional.of("Avaliar: AVALIAR_API_KEY is set but AVALIAR_ENDPOINT is not, so nothing was published"
                    + " (Avaliar documents no ingestion host to default to). Set AVALIAR_ENDPOINT to the base URL of"
                    + " your Avaliar or OTLP/HTTP receiver, or avaliar.publish=false to silence this.");
        }
        TestRunEnvironment environment = run != null ? run : TestRunEnvironment.detect(env, git);
        try {
            return Optional.of(
                    new Publishing(settings, clock, encoder, avaliarDir, environment).run(spans, outcomeByTestId));
        } catch (LinkageError e) {
            LOG.log(Level.WARNING, "Avaliar: publishing failed", e);
            return Optional.of("Avaliar: nothing more was published: the OpenTelemetry OTLP exporter on the class path"
                    + " does not match the one Avaliar was built with (" + e + "). Align io.opentelemetry:"
                    + "opentelemetry-exporter-otlp-common with the OpenTelemetry BOM Avaliar uses; "
                    + keepAsJson(spans, avaliarDir, environment));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Avaliar: publishing failed unexpectedly", e);
            return Optional.of("Avaliar: publishing failed unexpectedly (" + e + "); this run's traces are in "
                    + display(avaliarDir.resolve("traces.jsonl"))
                    + ". Please report this at the Avaliar for Java issue tracker.");
        }
    }

    /**
     * Keeps spans that could not be encoded as OTLP in the spool as JSON lines (one trace a line, as
     * in {@code traces.jsonl}, with the run id), so the run is not lost once the report is replaced.
     * Not sent by a later run: it says where they are.
     */
    private String keepAsJson(List<SpanData> spans, Path avaliarDir, TestRunEnvironment run) {
        if (spans.isEmpty()) {
            return "this run had no spans to publish.";
        }
        try {
            StringBuilder lines = new StringBuilder();
            for (ai.avaliar.trace.data.Trace trace : ai.avaliar.trace.data.Trace.of(spans)) {
                com.fasterxml.jackson.databind.node.ObjectNode line = TraceJson.trace(trace);
                line.put("runId", run.runId());
                lines.append(TraceJson.MAPPER.writeValueAsString(line)).append('\n');
            }
            Spool spool = new Spool(avaliarDir.resolve(SPOOL_DIRECTORY), settings.spoolLimitBytes(), run.runId());
            Optional<Path> kept =
                    spool.write(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Spool.UNENCODED);
            if (kept.isPresent()) {
                return "this run's " + spans.size() + " spans are kept as JSON lines in " + display(kept.get())
                        + " (not sent automatically: they are not OTLP).";
            }
            return "the spool is full, so this run's spans are only in " + display(avaliarDir.resolve("traces.jsonl"))
                    + ".";
        } catch (IOException | RuntimeException | LinkageError e) {
            return "this run's spans could not be kept (" + e + "); they are in "
                    + display(avaliarDir.resolve("traces.jsonl")) + ".";
        }
    }

    /** The spans under the run's resource, each root span (no parent in the run) with its test's outcome. */
    public static List<SpanData> published(
            List<SpanData> spans, Map<String, String> outcomeByTestId, Resource runResource) {
        Set<String> ids = new HashSet<>();
        for (SpanData span : spans) {
            ids.add(span.getTraceId() + span.getSpanId());
        }
        List<SpanData> published = new ArrayList<>(spans.size());
        for (SpanData span : spans) {
            SpanContext parent = span.getParentSpanContext();
            boolean root = !parent.isValid() || !ids.contains(parent.getTraceId() + parent.getSpanId());
            String outcome = null;
            if (root) {
                String testId = span.getAttributes().get(AvaliarAttributes.TEST_ID);
                String raw = testId == null ? null : outcomeByTestId.get(testId);
                outcome = raw == null ? null : TestRunRecord.normalized(raw);
            }
            published.add(new PublishedSpan(span, runResource, outcome));
        }
        return published;
    }

    /** Batches of at most {@code avaliar.publish.batchSize} spans; a trace is split only when it does not fit in one. */
    List<List<SpanData>> batches(List<SpanData> spans) {
        return TraceBatch.batches(spans, settings.batchSize());
    }

    /** The path relative to the working directory when under it, as build logs show paths. */
    public static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return absolute.startsWith(here) && !absolute.equals(here)
                ? here.relativize(absolute).toString()
                : absolute.toString();
    }
}
