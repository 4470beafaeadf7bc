package ai.avaliar.junit5.publish;

import ai.avaliar.junit5.internal.TestRunEnvironment;
import ai.avaliar.junit5.internal.TraceJson;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Retry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
            return Optional.of(new Publishing(avaliarDir, environment).run(spans, outcomeByTestId));
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

    /** One publishing: its deadline, where it stopped and why, and what it counted. */
    private final class Publishing {

        private final Path avaliarDir;
        private final long deadline;
        private final TestRunEnvironment run;
        private final Spool spool;
        private final PublishTransport transport;
        private final Map<String, Integer> notes = new LinkedHashMap<>();
        private String stopped;

        private long runSpansSent;
        private long spooledSpansSent;
        private int spooledFilesSent;
        private long spansSpooledNow;
        private int batchesSpooledNow;
        private long spansNotSpooled;
        private String notSpooledBecause;
        private int rejectedBatches;

        Publishing(Path avaliarDir, TestRunEnvironment run) {
            this.avaliarDir = avaliarDir;
            this.deadline = clock.nanoTime() + settings.timeout().toNanos();
            this.run = run;
            this.spool = new Spool(avaliarDir.resolve(SPOOL_DIRECTORY), settings.spoolLimitBytes(), run.runId());
            this.transport = new PublishTransport(settings, clock);
            settings.problems().forEach(this::note);
            if (settings.endpoint() == null) {
                stopped = "nothing was sent";
            } else if (!settings.apiKey().chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                stopped = "AVALIAR_API_KEY holds spaces, line breaks or other characters no key has (a copy-paste"
                        + " accident?), so nothing was sent";
            }
        }

        String run(List<SpanData> spans, Map<String, String> outcomeByTestId) {
            sendSpool();
            List<SpanData> published = published(spans, outcomeByTestId, Resource.create(run.resourceAttributes()));
            long traces =
                    published.stream().map(SpanData::getTraceId).distinct().count();
            for (List<SpanData> batch : batches(published)) {
                List<TraceBatch> unsent = new ArrayList<>();
                runSpansSent += sendTraces(new NewSpans(batch, encoder), unsent);
                for (TraceBatch piece : unsent) {
                    spoolNew(piece.spooled(), piece.spans());
                }
            }
            if (!outcomeByTestId.isEmpty() || !spans.isEmpty()) {
                sendRunRecord(TestRunRecord.json(run, outcomeByTestId, traces, spans.size(), Instant.now()));
            }
            return summary(spans.size(), traces);
        }

        /** Earlier runs' batches and run records, oldest first, until one cannot be sent. */
        private void sendSpool() {
            if (stopped != null) {
                return;
            }
            for (Spool.Entry entry : spool.entries()) {
                if (stopped != null) {
                    return;
                }
                Optional<Spool.Claim> claimed;
                try {
                    claimed = spool.claim(entry);
                } catch (IOException e) {
                    note("could not read " + display(entry.file()) + " (" + e + ")");
                    continue;
                }
                if (claimed.isEmpty()) {
                    continue; // another JVM is sending it
                }
                Spool.Claim claim = claimed.get();
                try {
                    if (entry.isRunRecord()) {
                        sendSpooledRunRecord(claim);
                    } else {
                        sendSpooledTraces(claim);
                    }
                } catch (IOException e) {
                    note("could not update the spool at " + display(entry.file()) + " (" + e + ")");
                }
            }
        }

        private void sendSpooledTraces(Spool.Claim claim) throws IOException {
            try {
                OtlpWire.spanCount(claim.body());
            } catch (IllegalArgumentException e) {
                Path kept = claim.reject();
                rejectedBatches++;
                note(display(claim.entry().file()) + " is no OTLP request (" + e.getMessage() + "); moved to "
                        + display(kept));
                return;
            }
            List<TraceBatch> unsent = new ArrayList<>();
            TraceBatch spooled = new SpooledBody(claim.body());
            long sent = sendTraces(spooled, unsent);
            spooledSpansSent += sent;
            if (unsent.isEmpty()) {
                claim.sent();
                spooledFilesSent++;
            } else if (sent == 0 && unsent.size() == 1 && unsent.get(0) == spooled) {
                claim.release();
            } else {
                // Split and partly sent: the rest replaces the file, written before the file goes.
                for (TraceBatch piece : unsent) {
                    spool.write(piece.spooled(), Spool.TRACES, true);
                }
                claim.sent();
            }
        }

        private void sendSpooledRunRecord(Spool.Claim claim) throws IOException {
            PublishTransport.Result result = transport.post(RUNS_PATH, JSON, claim.body(), deadline);
            switch (result.verdict()) {
                case SENT -> {
                    claim.sent();
                    spooledFilesSent++;
                }
                case NO_RECEIVER -> {
                    claim.sent();
                    noRunRecords(result);
                }
                case REJECTED, TOO_LARGE -> {
                    claim.reject();
                    rejectedBatches++;
                    note("the receiver refused a spooled run record (" + result.detail() + ")");
                }
                case KEY_REFUSED, REDIRECTED, UNAVAILABLE, OUT_OF_TIME -> {
                    claim.release();
                    stop(result, RUNS_PATH);
                }
            }
        }

        /**
         * Sends a trace request, halving it on 413 ({@link TraceBatch#halves}) as far as it goes.
         *
         * @param unsent receives what is left to spool (the batch itself when nothing was sent)
         * @return the number of spans sent
         */
        private long sendTraces(TraceBatch batch, List<TraceBatch> unsent) {
            if (stopped != null) {
                unsent.add(batch);
                return 0;
            }
            byte[] body = batch.body();
            PublishTransport.Result result = transport.post(TRACES_PATH, PROTOBUF, body, deadline);
            switch (result.verdict()) {
                case SENT:
                    return batch.spans();
                case TOO_LARGE:
                    List<TraceBatch> halves = batch.halves();
                    if (halves.isEmpty()) {
                        int spans = batch.spans();
                        reject(
                                body,
                                spans < 2
                                        ? "a single span larger than the receiver takes (" + result.detail() + ")"
                                        : "a spooled request of " + spans
                                                + " spans larger than the receiver takes, which"
                                                + " cannot be cut between traces (" + result.detail() + ")");
                        return 0;
                    }
                    long sent = 0;
                    for (TraceBatch half : halves) {
                        sent += sendTraces(half, unsent);
                    }
                    return sent;
                case REJECTED:
                    reject(body, "a batch the receiver refused (" + result.detail() + ")");
                    return 0;
                default:
                    stop(result, TRACES_PATH);
                    unsent.add(batch);
                    return 0;
            }
        }

        private void sendRunRecord(byte[] record) {
            if (stopped != null) {
                spoolNewRecord(record);
                return;
            }
            PublishTransport.Result result = transport.post(RUNS_PATH, JSON, record, deadline);
            switch (result.verdict()) {
                case SENT -> {}
                case NO_RECEIVER -> noRunRecords(result);
                case REJECTED, TOO_LARGE -> {
                    try {
                        spool.writeRejected(record, Spool.RUN_RECORD);
                        rejectedBatches++;
                        note("the receiver refused the run record (" + result.detail() + ")");
                    } catch (IOException e) {
                        note("the receiver refused the run record (" + result.detail() + ")");
                    }
                }
                case KEY_REFUSED, REDIRECTED, UNAVAILABLE, OUT_OF_TIME -> {
                    stop(result, RUNS_PATH);
                    spoolNewRecord(record);
                }
            }
        }

        private void note(String note) {
            notes.merge(note, 1, Integer::sum);
        }

        private void noRunRecords(PublishTransport.Result result) {
            note(
                    settings.endpointForDisplay() + RUNS_PATH + " answered " + result.detail()
                            + ", so no run record was sent (an OpenTelemetry collector takes none; the run is on every span's resource)");
        }

        private void stop(PublishTransport.Result result, String path) {
            if (stopped != null) {
                return;
            }
            String attempts = result.attempts() > 1 ? " after " + result.attempts() + " attempts" : "";
            stopped = switch (result.verdict()) {
                case KEY_REFUSED -> "the receiver refused the key (" + result.detail() + "): check AVALIAR_API_KEY";
                case REDIRECTED ->
                    settings.endpointForDisplay() + path + " redirected (" + result.detail()
                            + "): set AVALIAR_ENDPOINT to where it points (redirects are not followed, so the key goes"
                            + " nowhere else); the batches are spooled and sent by a later run";
                case NO_RECEIVER ->
                    settings.endpointForDisplay() + path + " answered " + result.detail()
                            + ": check AVALIAR_ENDPOINT, the base URL of an OTLP/HTTP receiver (spans go to <endpoint>/v1/traces)";
                case OUT_OF_TIME ->
                    "out of time: publishing stops after " + Durations.format(settings.timeout())
                            + " (avaliar.publish.timeout)"
                            + (result.detail() == null ? "" : ", the last try: " + result.detail());
                default -> "the receiver was unavailable (" + result.detail() + attempts + ")";
            };
        }

        private void reject(byte[] body, String what) {
            rejectedBatches++;
            try {
                spool.writeRejected(body, Spool.TRACES);
                note(what);
            } catch (IOException e) {
                spansNotSpooled += OtlpWire.spanCount(body);
                note(what + ", and it could not be kept (" + e + ")");
            }
        }

        private void spoolNew(byte[] body, int spans) {
            try {
                if (spool.write(body, Spool.TRACES).isPresent()) {
                    spansSpooledNow += spans;
                    batchesSpooledNow++;
                    return;
                }
                notSpooledBecause = "SPOOL FULL (" + size(settings.spoolLimitBytes()) + " limit)";
                LOG.log(
                        Level.WARNING,
                        "Avaliar: the spool " + display(spool.directory()) + " is full ("
                                + size(settings.spoolLimitBytes()) + " limit); " + spans + " spans of this run are not"
                                + " spooled and will not be published. Let a run reach the receiver, or delete the spool.");
            } catch (IOException e) {
                notSpooledBecause = "SPOOL NOT WRITTEN (" + e + ")";
                LOG.log(Level.WARNING, "Avaliar: could not write the spool " + display(spool.directory()), e);
            }
            spansNotSpooled += spans;
        }

        private void spoolNewRecord(byte[] record) {
            try {
                spool.write(record, Spool.RUN_RECORD, true);
            } catch (IOException e) {
                note("could not spool the run record (" + e + ")");
            }
        }

        private String summary(long spans, long traces) {
            StringBuilder line = new StringBuilder("Avaliar: ");
            String where = settings.endpointForDisplay();
            if (runSpansSent == spans) {
                line.append("published ")
                        .append(count(spans))
                        .append(spans == 1 ? " span" : " spans")
                        .append(" of ")
                        .append(count(traces))
                        .append(traces == 1 ? " trace" : " traces");
            } else {
                line.append("published ")
                        .append(count(runSpansSent))
                        .append(" of ")
                        .append(count(spans))
                        .append(" spans (")
                        .append(count(traces))
                        .append(traces == 1 ? " trace)" : " traces)");
            }
            if (settings.endpoint() != null) {
                line.append(" to ").append(where);
            }
            if (spooledFilesSent > 0 || spooledSpansSent > 0) {
                line.append(", and ")
                        .append(count(spooledSpansSent))
                        .append(" spooled spans of earlier runs (")
                        .append(spooledFilesSent)
                        .append(spooledFilesSent == 1 ? " file)" : " files)");
            }
            if (stopped != null) {
                line.append("; ").append(stopped);
            }
            notes.forEach(
                    (note, times) -> line.append("; ").append(note).append(times > 1 ? " (" + times + " times)" : ""));
            if (spansSpooledNow > 0) {
                line.append("; ")
                        .append(count(spansSpooledNow))
                        .append(spansSpooledNow == 1 ? " span" : " spans")
                        .append(" of this run spooled in ")
                        .append(batchesSpooledNow)
                        .append(batchesSpooledNow == 1 ? " batch" : " batches");
            }
            if (spansNotSpooled > 0) {
                line.append("; ")
                        .append(notSpooledBecause)
                        .append(": ")
                        .append(count(spansNotSpooled))
                        .append(" spans of this run could not be spooled and will not be published (they are in ")
                        .append(display(avaliarDir.resolve("traces.jsonl")))
                        .append(")");
            }
            int left = spool.entries().size();
            line.append("; ")
                    .append(left == 0 ? "nothing" : left + (left == 1 ? " file" : " files"))
                    .append(" left in ")
                    .append(display(spool.directory()));
            if (left > 0) {
                line.append(", sent by the next run");
            }
            if (rejectedBatches > 0) {
                line.append("; ")
                        .append(rejectedBatches)
                        .append(" refused for good, kept in ")
                        .append(display(spool.directory().resolve(Spool.REJECTED_DIRECTORY)));
            }
            return line.toString();
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

    /**
     * A trace request, and how to make it smaller when the receiver finds it too large: split
     * before encoding, never by rewriting an encoded message.
     */
    private interface TraceBatch {

        /** The request body. */
        byte[] body();

        /** How many spans it holds. */
        int spans();

        /** Two requests holding its spans between them; empty when it cannot be made smaller. */
        List<TraceBatch> halves();

        /** What the spool keeps when it is not sent: a body {@link SpooledBody#halves} can cut. */
        byte[] spooled();
    }

    /** This run's spans: halved as spans, each half encoded again, down to single spans. */
    private record NewSpans(List<SpanData> list, Function<List<SpanData>, byte[]> encoder) implements TraceBatch {

        @Override
        public byte[] body() {
            return encoder.apply(list);
        }

        @Override
        public int spans() {
            return list.size();
        }

        @Override
        public List<TraceBatch> halves() {
            int half = list.size() / 2;
            return list.size() < 2
                    ? List.of()
                    : List.of(
                            new NewSpans(list.subList(0, half), encoder),
                            new NewSpans(list.subList(half, list.size()), encoder));
        }

        @Override
        public byte[] spooled() {
            return OtlpWire.encodePerTrace(list, encoder);
        }
    }

    /** A body read back from the spool: no spans to encode again, so cut between its traces. */
    private record SpooledBody(byte[] body) implements TraceBatch {

        @Override
        public int spans() {
            return OtlpWire.spanCount(body);
        }

        @Override
        public List<TraceBatch> halves() {
            return OtlpWire.parts(body) < 2
                    ? List.of()
                    : OtlpWire.halves(body).stream()
                            .<TraceBatch>map(SpooledBody::new)
                            .toList();
        }

        @Override
        public byte[] spooled() {
            return body;
        }
    }

    /** Batches of at most {@code batchSize} spans; a trace is split only when it does not fit in one. */
    List<List<SpanData>> batches(List<SpanData> spans) {
        Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
        for (SpanData span : spans) {
            byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
        }
        int size = settings.batchSize();
        List<List<SpanData>> batches = new ArrayList<>();
        List<SpanData> current = new ArrayList<>();
        for (List<SpanData> trace : byTrace.values()) {
            if (current.size() + trace.size() > size && !current.isEmpty()) {
                batches.add(current);
                current = new ArrayList<>();
            }
            for (SpanData span : trace) {
                current.add(span);
                if (current.size() == size) {
                    batches.add(current);
                    current = new ArrayList<>();
                }
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static String size(long bytes) {
        return bytes >= 1024 * 1024
                ? bytes / (1024 * 1024) + " MB"
                : bytes >= 1024 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
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
