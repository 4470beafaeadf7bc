package ai.avaliar.junit5.publish;

import ai.avaliar.junit5.internal.TestRunEnvironment;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Retry;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One publishing of a test run: the spool of earlier runs first, then this run's spans, then its
 * record, all within one deadline; it counts what was sent and spooled and says where it stopped
 * and why, in the one line the run prints.
 */
final class Publishing {

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    private final PublishSettings settings;
    private final Retry.Clock clock;
    private final Function<List<SpanData>, byte[]> encoder;

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

    Publishing(
            PublishSettings settings,
            Retry.Clock clock,
            Function<List<SpanData>, byte[]> encoder,
            Path avaliarDir,
            TestRunEnvironment run) {
        this.settings = settings;
        this.clock = clock;
        this.encoder = encoder;
        this.avaliarDir = avaliarDir;
        this.deadline = clock.nanoTime() + settings.timeout().toNanos();
        this.run = run;
        this.spool = new Spool(
                avaliarDir.resolve(TestRunPublisher.SPOOL_DIRECTORY), settings.spoolLimitBytes(), run.runId());
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
        List<SpanData> published =
                TestRunPublisher.published(spans, outcomeByTestId, Resource.create(run.resourceAttributes()));
        long traces = published.stream().map(SpanData::getTraceId).distinct().count();
        for (List<SpanData> batch : TraceBatch.batches(published, settings.batchSize())) {
            List<TraceBatch> unsent = new ArrayList<>();
            runSpansSent += sendTraces(new TraceBatch.NewSpans(batch, encoder), unsent);
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
                note("could not read " + TestRunPublisher.display(entry.file()) + " (" + e + ")");
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
                note("could not update the spool at " + TestRunPublisher.display(entry.file()) + " (" + e + ")");
            }
        }
    }

    private void sendSpooledTraces(Spool.Claim claim) throws IOException {
        try {
            OtlpWire.spanCount(claim.body());
        } catch (IllegalArgumentException e) {
            Path kept = claim.reject();
            rejectedBatches++;
            note(TestRunPublisher.display(claim.entry().file()) + " is no OTLP request (" + e.getMessage()
                    + "); moved to " + TestRunPublisher.display(kept));
            return;
        }
        List<TraceBatch> unsent = new ArrayList<>();
        TraceBatch spooled = new TraceBatch.SpooledBody(claim.body());
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
        PublishTransport.Result result =
                transport.post(TestRunPublisher.RUNS_PATH, TestRunPublisher.JSON, claim.body(), deadline);
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
                stop(result, TestRunPublisher.RUNS_PATH);
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
        PublishTransport.Result result =
                transport.post(TestRunPublisher.TRACES_PATH, TestRunPublisher.PROTOBUF, body, deadline);
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
                stop(result, TestRunPublisher.TRACES_PATH);
                unsent.add(batch);
                return 0;
        }
    }

    private void sendRunRecord(byte[] record) {
        if (stopped != null) {
            spoolNewRecord(record);
            return;
        }
        PublishTransport.Result result =
                transport.post(TestRunPublisher.RUNS_PATH, TestRunPublisher.JSON, record, deadline);
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
                stop(result, TestRunPublisher.RUNS_PATH);
                spoolNewRecord(record);
            }
        }
    }

    private void note(String note) {
        notes.merge(note, 1, Integer::sum);
    }

    private void noRunRecords(PublishTransport.Result result) {
        note(
                settings.endpointForDisplay() + TestRunPublisher.RUNS_PATH + " answered " + result.detail()
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
                    "Avaliar: the spool " + TestRunPublisher.display(spool.directory()) + " is full ("
                            + size(settings.spoolLimitBytes()) + " limit); " + spans + " spans of this run are not"
                            + " spooled and will not be published. Let a run reach the receiver, or delete the spool.");
        } catch (IOException e) {
            notSpooledBecause = "SPOOL NOT WRITTEN (" + e + ")";
            LOG.log(
                    Level.WARNING,
                    "Avaliar: could not write the spool " + TestRunPublisher.display(spool.directory()),
                    e);
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
                    .append(TestRunPublisher.display(avaliarDir.resolve("traces.jsonl")))
                    .append(")");
        }
        int left = spool.entries().size();
        line.append("; ")
                .append(left == 0 ? "nothing" : left + (left == 1 ? " file" : " files"))
                .append(" left in ")
                .append(TestRunPublisher.display(spool.directory()));
        if (left > 0) {
            line.append(", sent by the next run");
        }
        if (rejectedBatches > 0) {
            line.append("; ")
                    .append(rejectedBatches)
                    .append(" refused for good, kept in ")
                    .append(TestRunPublisher.display(spool.directory().resolve(Spool.REJECTED_DIRECTORY)));
        }
        return line.toString();
    }

    private static String size(long bytes) {
        return bytes >= 1024 * 1024
                ? bytes / (1024 * 1024) + " MB"
                : bytes >= 1024 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
