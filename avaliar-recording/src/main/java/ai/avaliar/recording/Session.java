package ai.avaliar.recording;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.core.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** One test's recording state: its cassette, what was used, what was recorded, what failed. */
final class Session {

    private static final int MAX_DIFF_LINES = 20;

    private final String id;
    private final RecordingMode mode;
    private final ReplayPace pace;
    private final Path cassetteFile;
    private final Cassette loaded;
    private final List<String> ignoredFields;
    private final Redactor redactor;
    private final boolean failOnUnused;
    private final Function<String, String> upstreamUrls;
    private final Upstream upstream;

    private final List<Matching.Key> keys = new ArrayList<>();
    private final boolean[] used;
    private final List<Interaction> fresh = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    Session(
            String id,
            RecordingMode mode,
            ReplayPace pace,
            Path cassetteFile,
            Cassette loaded,
            List<String> ignoredFields,
            Redactor redactor,
            boolean failOnUnused,
            Function<String, String> upstreamUrls,
            Upstream upstream) {
        this.id = id;
        this.mode = mode;
        this.pace = pace;
        this.cassetteFile = cassetteFile;
        this.loaded = loaded;
        this.ignoredFields = ignoredFields;
        this.redactor = redactor;
        this.failOnUnused = failOnUnused;
        this.upstreamUrls = upstreamUrls;
        this.upstream = upstream;
        List<Interaction> interactions = loaded == null ? List.of() : loaded.interactions();
        for (Interaction i : interactions) {
            keys.add(Matching.key(i.request(), ignoredFields));
        }
        this.used = new boolean[interactions.size()];
    }

    String id() {
        return id;
    }

    RecordingMode mode() {
        return mode;
    }

    /** Answers one request according to the mode. */
    Reply handle(RecordedRequest request, byte[] rawBody) {
        Matching.Key key = Matching.key(request, ignoredFields);
        if (mode == RecordingMode.REPLAY || mode == RecordingMode.RECORD_MISSING) {
            Interaction hit = take(key);
            if (hit != null) {
                return Reply.of(hit.response(), pace);
            }
            if (mode == RecordingMode.REPLAY) {
                return fail(loaded == null ? missingCassette(request) : noMatch(request, key));
            }
        }
        String baseUrl = upstreamUrls.apply(request.upstream());
        if (baseUrl == null) {
            return fail("No URL is configured for the upstream '"
                    + request.upstream()
                    + "' (mode "
                    + mode
                    + "). Set the configuration parameter or system property avaliar.recording.upstream."
                    + request.upstream()
                    + "=https://...");
        }
        Upstream.Proxied proxied;
        try {
            proxied = upstream.send(baseUrl, request, rawBody);
        } catch (IOException | RuntimeException e) {
            return fail("Could not reach the upstream '" + request.upstream() + "' at " + baseUrl + " (mode " + mode
                    + "): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("Interrupted while waiting for the upstream '" + request.upstream() + "'.");
        }
        int status = proxied.recorded().status();
        if (mode != RecordingMode.PASSTHROUGH && (status == 401 || status == 403)) {
            // the client still sees what the upstream said; the test fails and nothing is written
            synchronized (this) {
                failures.add(rejectedCredentials(request, status));
            }
            return proxied.reply();
        }
        if (mode != RecordingMode.PASSTHROUGH) {
            synchronized (this) {
                fresh.add(new Interaction(
                        request,
                        proxied.recorded(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        Headers.first(request.headers(), "user-agent"),
                        Matching.hash(request, ignoredFields)));
            }
        }
        return proxied.reply();
    }

    /** The first unused recorded interaction equal to the request, in recorded order. */
    private synchronized Interaction take(Matching.Key key) {
        for (int i = 0; i < keys.size(); i++) {
            if (!used[i] && Matching.differences(keys.get(i), key).isEmpty()) {
                used[i] = true;
                return loaded.interactions().get(i);
            }
        }
        return null;
    }

    private synchronized Reply fail(String message) {
        failures.add(message);
        return Reply.error(message);
    }

    private String rejectedCredentials(RecordedRequest request, int status) {
        String check = switch (request.upstream()) {
            case "openai" -> "Check OPENAI_API_KEY";
            case "anthropic" -> "Check ANTHROPIC_API_KEY";
            default -> "Check the credentials the test sends to '" + request.upstream() + "'";
        };
        return "The upstream '"
                + request.upstream()
                + "' rejected the credentials ("
                + status
                + ") for "
                + request.describe()
                + " (mode "
                + mode
                + "); cassette "
                + cassetteFile
                + " not written, "
                + previousCassette()
                + " "
                + check
                + ", then record again.";
    }

    private String previousCassette() {
        return Files.exists(cassetteFile) ? "the previous one is kept." : "there was none before.";
    }

    private String missingCassette(RecordedRequest request) {
        return "No cassette at "
                + cassetteFile
                + " for request "
                + request.describe()
                + " (mode REPLAY; nothing was sent to the network). Record it by running the test once with"
                + " -Davaliar.recording.mode=RECORD (or RECORD_MISSING) and the provider's API key set.";
    }

    private synchronized String noMatch(RecordedRequest request, Matching.Key key) {
        StringBuilder out = new StringBuilder("No recorded interaction matches request ")
                .append(request.describe())
                .append(" (cassette ")
                .append(cassetteFile)
                .append(", mode REPLAY; nothing was sent to the network).");
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        boolean bestUsed = false;
        for (int i = 0; i < keys.size(); i++) {
            int d = Matching.distance(keys.get(i), key);
            // prefer an unused interaction at equal distance
            if (d < bestDistance || (d == bestDistance && bestUsed && !used[i])) {
                best = i;
                bestDistance = d;
                bestUsed = used[i];
            }
        }
        if (best < 0) {
            out.append("\nThe cassette has no interactions.");
        } else {
            List<String> diffs = Matching.differences(keys.get(best), key);
            out.append("\nNearest recorded interaction: #")
                    .append(best + 1)
                    .append(" ")
                    .append(keys.get(best).describe());
            if (diffs.isEmpty()) {
                long same = 0;
                for (int i = 0; i < keys.size(); i++) {
                    if (Matching.differences(keys.get(i), key).isEmpty()) {
                        same++;
                    }
                }
                out.append("\nIt matches, but all ")
                        .append(same)
                        .append(" recorded interactions equal to this request were already replayed:")
                        .append(" the test sends it more often than when it was recorded.");
            } else {
                out.append("\nDifferences (recorded vs request):");
                diffs.stream()
                        .limit(MAX_DIFF_LINES)
                        .forEach(line -> out.append("\n  ").append(line));
                if (diffs.size() > MAX_DIFF_LINES) {
                    out.append("\n  ... and ")
                            .append(diffs.size() - MAX_DIFF_LINES)
                            .append(" more");
                }
            }
        }
        out.append("\nIf the request changed on purpose, record again with"
                + " -Davaliar.recording.mode=RECORD_MISSING (adds it) or RECORD (rewrites the cassette).");
        return out.toString();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Ends the test: writes the cassette in the recording modes when the test passed, and reports
     * unused interactions when asked to. A failed test writes nothing: what it recorded may be an
     * error, and the cassette it would replace is likely good. Returns the message to fail the
     * test with (added to its failure when it failed), or null.
     */
    synchronized String finish(boolean testFailed) {
        boolean writes = mode == RecordingMode.RECORD || (mode == RecordingMode.RECORD_MISSING && !fresh.isEmpty());
        if (writes && testFailed) {
            return "Test failed; cassette "
                    + cassetteFile
                    + " not written (mode "
                    + mode
                    + (Files.exists(cassetteFile) ? "), the previous one is kept." : "); there was none before.")
                    + " Record again once the test passes.";
        }
        if (writes) {
            List<Interaction> all = new ArrayList<>();
            if (mode == RecordingMode.RECORD_MISSING && loaded != null) {
                all.addAll(loaded.interactions());
            }
            all.addAll(fresh);
            Cassette cassette = redactor.redact(new Cassette(metadata(all), all));
            String json = CassetteFiles.toJson(cassette);
            redactor.refuseSecrets(cassetteFile, cassette);
            CassetteFiles.write(cassetteFile, json);
        }
        if (failOnUnused && !testFailed && mode == RecordingMode.REPLAY && loaded != null) {
            List<String> unused = new ArrayList<>();
            for (int i = 0; i < used.length; i++) {
                if (!used[i]) {
                    unused.add("#" + (i + 1) + " " + keys.get(i).describe());
                }
            }
            if (!unused.isEmpty()) {
                return "Cassette "
                        + cassetteFile
                        + " has "
                        + unused.size()
                        + " recorded interaction(s) this test never requested: "
                        + String.join(", ", unused)
                        + ". Record it again with -Davaliar.recording.mode=RECORD to drop stale ones,"
                        + " or set failOnUnusedInteractions = false.";
            }
        }
        return null;
    }

    private static ObjectNode metadata(List<Interaction> interactions) {
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.put("recordedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put("recorder", "avaliar-recording/" + recorderVersion());
        metadata.put("wiremock", Version.getCurrentVersion());
        metadata.put("java", System.getProperty("java.version"));
        Set<String> clients = new LinkedHashSet<>();
        interactions.forEach(i -> {
            if (i.client() != null) {
                clients.add(i.client());
            }
        });
        ArrayNode list = metadata.putArray("clients");
        clients.forEach(list::add);
        return metadata;
    }

    static String recorderVersion() {
        String version = Session.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
