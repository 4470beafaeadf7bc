package ai.avaliar.detection.internal;

import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Json;
import ai.avaliar.trace.internal.Retry;
import ai.avaliar.trace.internal.RetryingHttpClient;
import ai.avaliar.trace.internal.Sdk;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The client of Avaliar's detection service ({@link DetectionMode#CLOUD}), speaking the protocol
 * of {@code docs/detection-protocol.md}: {@code POST <endpoint>/v1/detections} answered at once
 * (200) or later (202, then {@code GET <endpoint>/v1/detections/{id}} polled with backoff).
 * Redirects are not followed (the key would go to the other host).
 * Transient failures (5xx, 429, I/O errors, timeouts) are retried by {@link RetryingHttpClient}
 * with exponential backoff and jitter, a bounded number of times; a {@code Retry-After} is taken
 * as asked, without jitter; everything happens within one deadline. It never throws: what goes wrong is a {@code FAILED} result saying how to fix it, and
 * no answer by the deadline a {@code PENDING} one.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class CloudDetectionClient {

    public static final String PATH = "/v1/detections";
    /** The {@code stage} of a blocking span's prompt, screened before the model is called. */
    public static final String STAGE_PROMPT = "prompt";
    /** The {@code stage} of a span's text checked after the call ended. */
    public static final String STAGE_SPAN = "span";
    /** Most characters of the input, and of the output, sent to the service; the rest is not checked. */
    public static final int MAX_SENT_CHARS = 100_000;

    private final String configuredBase;
    private final URI base;
    private final String apiKey;
    private final Duration deadline;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final RetryingHttpClient http;
    private final Retry.Clock clock = Retry.Clock.SYSTEM;

    CloudDetectionClient(URI base, String apiKey, Duration deadline) {
        this(base, apiKey, deadline, Duration.ofSeconds(5), 4, Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    CloudDetectionClient(
            URI base,
            String apiKey,
            Duration deadline,
            Duration requestTimeout,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff) {
        String text = base.toString();
        this.configuredBase = text;
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.apiKey = apiKey;
        this.deadline = deadline;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.http = RetryingHttpClient.builder()
                .requestTimeout(requestTimeout)
                .connectTimeout(requestTimeout.compareTo(deadline) < 0 ? requestTimeout : deadline)
                .maxAttempts(maxAttempts)
                .backoff(initialBackoff, maxBackoff)
                // Retry-After is the service's own pacing: taken as asked, without jitter.
                .retryAfter(RetryingHttpClient.RetryAfterUse.INSTEAD_OF_BACKOFF)
                .clock(clock)
                .build();
    }

    /** Whether this client is the one for these settings. */
    boolean serves(String endpoint, String key, Duration wait) {
        return configuredBase.equals(endpoint) && apiKey.equals(key) && deadline.equals(wait);
    }

    /** Asks the service about one span's text after the call; see {@link #detect(String, String, Collection, DetectionText, String)}. */
    List<DetectionResult> detect(String traceId, String spanId, Collection<DetectorType> types, DetectionText text) {
        return detect(traceId, spanId, types, text, STAGE_SPAN);
    }

    /**
     * Asks the service about one span's text; one result per type, in the order asked. At most
     * {@link #MAX_SENT_CHARS} of the input and of the output are sent, and the results say when
     * the text was cut. Never throws.
     *
     * @param stage {@link #STAGE_PROMPT} or {@link #STAGE_SPAN}
     */
    List<DetectionResult> detect(
            String traceId, String spanId, Collection<DetectorType> types, DetectionText text, String stage) {
        long until = clock.nanoTime() + deadline.toNanos();
        String note = null;
        if (text.input().length() > MAX_SENT_CHARS || text.output().length() > MAX_SENT_CHARS) {
            note = "note: only the first " + MAX_SENT_CHARS + " characters of the "
                    + (text.input().length() > MAX_SENT_CHARS && text.output().length() > MAX_SENT_CHARS
                            ? "input and of the output"
                            : text.input().length() > MAX_SENT_CHARS ? "input" : "output")
                    + " were sent to the detection service; the rest was not checked";
            text = new DetectionText(cut(text.input()), cut(text.output()));
        }
        try {
            return Detections.noted(ask(traceId, spanId, types, text, stage, until), note);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all(types, DetectionStatus.FAILED, "interrupted while waiting for the detection service");
        } catch (RuntimeException e) {
            return all(
                    types,
                    DetectionStatus.FAILED,
                    "the detection service's answer could not be read: " + Detections.describe(e));
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_SENT_CHARS ? text : text.substring(0, MAX_SENT_CHARS);
    }

    private List<DetectionResult> ask(
            String traceId, String spanId, Collection<DetectorType> types, DetectionText text, String stage, long until)
            throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trace_id", traceId);
        body.put("span_id", spanId);
        body.put("stage", stage);
        List<String> detectors = new ArrayList<>();
        types.forEach(t -> detectors.add(DetectionEvents.lowerName(t)));
        body.put("detectors", detectors);
        body.put("input", text.input());
        body.put("output", text.output());
        String json = Json.write(body, Integer.MAX_VALUE);
        URI uri = base.resolve(base.getPath() + PATH);
        // One key per logical request, the same on every retry, so the service can answer a retried
        // POST with the detection it already started.
        String idempotencyKey = UUID.randomUUID().toString();

        Answer posted = exchange(
                request(uri).header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json)),
                until,
                "POST " + uri);
        if (posted.failure != null) {
            return all(types, DetectionStatus.FAILED, posted.failure);
        }
        Map<String, Object> answer = posted.json;
        String id = answer.get("id") == null ? null : String.valueOf(answer.get("id"));
        int polls = 0;
        long wait = atLeastInitial(posted.retryAfterNanos.orElse(initialBackoff.toNanos()));
        boolean told = posted.retryAfterNanos.isPresent(); // Retry-After is a floor: no jitter below it
        while (isPending(answer)) {
            if (id == null || id.isBlank()) {
                return all(
                        types,
                        DetectionStatus.FAILED,
                        "malformed answer from the detection service: a pending" + " answer without an id to poll");
            }
            long left = until - clock.nanoTime();
            if (left <= 0 || wait >= left) {
                return stillPending(types, deadline, id);
            }
            clock.sleep(told ? Duration.ofNanos(wait) : Retry.jitter(Duration.ofNanos(wait), clock));
            URI poll = base.resolve(base.getPath() + PATH + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            Answer polled = exchange(request(poll).GET(), until, "GET " + poll);
            if (polled.failure != null) {
                if (polled.timedOut) {
                    return stillPending(types, deadline, id);
                }
                return all(types, DetectionStatus.FAILED, polled.failure);
            }
            answer = polled.json;
            polls++;
            told = polled.retryAfterNanos.isPresent();
            wait = atLeastInitial(polled.retryAfterNanos.orElse(
                    Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() << Math.min(polls, 16))));
        }
        return results(answer, types);
    }

    /** A wait of at least the initial backoff, so {@code Retry-After: 0} cannot make a tight loop. */
    private long atLeastInitial(long nanos) {
        return Math.max(nanos, initialBackoff.toNanos());
    }

    private static boolean isPending(Map<String, Object> answer) {
        return "pending".equalsIgnoreCase(String.valueOf(answer.get("status")));
    }

    /** The answer's results, one per type asked; a type it left out is a failed result. */
    private static List<DetectionResult> results(Map<String, Object> answer, Collection<DetectorType> types) {
        String status = String.valueOf(answer.get("status"));
        if ("failed".equalsIgnoreCase(status)) {
            Object reason = answer.get("reason");
            return all(
                    types,
                    DetectionStatus.FAILED,
                    "the detection service could not run the detectors" + (reason == null ? "" : ": " + reason));
        }
        Object list = answer.get("results");
        if (!"completed".equalsIgnoreCase(status) || !(list instanceof List<?>)) {
            return all(
                    types,
                    DetectionStatus.FAILED,
                    "malformed answer from the detection service: expected status"
                            + " pending, completed or failed and, when completed, a list of results; got status "
                            + status);
        }
        Map<DetectorType, DetectionResult> byType = new EnumMap<>(DetectorType.class);
        try {
            for (Object item : (List<?>) list) {
                DetectionResult result = DetectionEvents.fromJson((Map<?, ?>) item, DetectionMode.CLOUD);
                byType.put(result.detector(), result);
            }
        } catch (RuntimeException e) {
            return all(
                    types,
                    DetectionStatus.FAILED,
                    "malformed answer from the detection service: a result is not"
                            + " {detector, status, issues: [{type, category, severity, score, message, spans, method}], reason}"
                            + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + excerpt(e.getMessage())) + ")");
        }
        List<DetectionResult> results = new ArrayList<>();
        for (DetectorType type : types) {
            DetectionResult result = byType.get(type);
            results.add(
                    result != null
                            ? result
                            : DetectionResult.failed(
                                    type,
                                    DetectionMode.CLOUD,
                                    "the detection service answered without a result for "
                                            + DetectionEvents.lowerName(type)));
        }
        return results;
    }

    // ---- one exchange: RetryingHttpClient sends and retries, this reads the answer ----

    /** What one exchange came to: JSON, or why not. */
    private static final class Answer {
        Map<String, Object> json;
        String failure;
        boolean timedOut;
        OptionalLong retryAfterNanos = OptionalLong.empty();
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "avaliar-java/" + Sdk.VERSION);
    }

    private Answer exchange(HttpRequest.Builder request, long until, String what) throws InterruptedException {
        Answer answer = new Answer();
        RetryingHttpClient.Outcome outcome = http.send(request, until);
        switch (outcome.kind()) {
            case INTERRUPTED -> throw new InterruptedException("interrupted on " + what);
            case OUT_OF_TIME -> {
                String lastProblem = problem(outcome);
                answer.timedOut = true;
                answer.failure = "the detection service did not answer within " + Durations.format(deadline)
                        + (lastProblem == null ? "" : " (last: " + lastProblem + ")")
                        + "; check that AVALIAR_DETECTION_ENDPOINT (or AVALIAR_ENDPOINT) is reachable, or raise AVALIAR_DETECTION_TIMEOUT";
                return answer;
            }
            case EXHAUSTED -> {
                answer.failure = "the detection service failed " + outcome.attempts() + " times in a row (last: "
                        + problem(outcome) + ") on " + what + "; it may be down, try again later";
                return answer;
            }
            case ANSWERED -> {
                // read below
            }
        }
        HttpResponse<byte[]> response = outcome.response();
        int code = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (code == 200 || code == 201 || code == 202) {
            try {
                answer.json = strictObject(body);
            } catch (IOException | RuntimeException e) {
                answer.failure = "malformed answer from the detection service to " + what + " (HTTP " + code
                        + "): not the JSON object of docs/detection-protocol.md; it began with <"
                        + excerpt(body) + ">";
                return answer;
            }
            answer.retryAfterNanos = retryAfter(response);
            return answer;
        }
        if (code >= 300 && code < 400) {
            String location = response.headers().firstValue("Location").orElse("");
            String host;
            try {
                URI to = response.uri().resolve(location);
                host = to.getHost() == null ? location : to.getHost() + (to.getPort() < 0 ? "" : ":" + to.getPort());
            } catch (IllegalArgumentException e) {
                host = "<" + excerpt(location) + ">";
            }
            answer.failure = "the endpoint redirects to " + host + " (HTTP " + code + " on " + what + "), and the"
                    + " SDK does not follow redirects, so the API key goes to no other host; set"
                    + " AVALIAR_DETECTION_ENDPOINT to the final URL";
            return answer;
        }
        answer.failure = refused(code, what, body);
        return answer;
    }

    /** The last failed attempt, in a few words; null when no attempt was made. */
    private static String problem(RetryingHttpClient.Outcome outcome) {
        if (outcome.response() != null) {
            return "HTTP " + outcome.response().statusCode();
        }
        Throwable error = outcome.error();
        if (error == null) {
            return null;
        }
        return error instanceof HttpTimeoutException
                ? "timed out"
                : error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + excerpt(error.getMessage()));
    }

    private static Map<String, Object> strictObject(String body) throws IOException {
        Map<String, Object> json = Json.MAPPER.readValue(
                body, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
        if (json == null) {
            throw new IOException("not a JSON object");
        }
        return json;
    }

    private static String refused(int code, String what, String body) {
        String detail = body == null || body.isBlank() ? "" : " It said <" + excerpt(body) + ">.";
        if (code == 401 || code == 403) {
            return "the detection service refused the API key (HTTP " + code + "): check AVALIAR_API_KEY (an Avaliar"
                    + " key, avl_...) and that it may use detection." + detail;
        }
        if (code == 404) {
            return "the detection service has no " + what + " (HTTP 404): check AVALIAR_DETECTION_ENDPOINT (or"
                    + " AVALIAR_ENDPOINT); it is the base URL, without /v1/detections." + detail;
        }
        if (code == 413) {
            return "the detection service refused the span's text as too large (HTTP 413): the SDK sends at most "
                    + MAX_SENT_CHARS + " characters of the input and of the output, which is more than this service"
                    + " takes; detect on a span with less text (a single message rather than the whole conversation)."
                    + detail;
        }
        return "the detection service rejected " + what + " (HTTP " + code + "); see docs/detection-protocol.md."
                + detail;
    }

    /** PENDING results for a request the service accepted and had not answered by the deadline. */
    private static List<DetectionResult> stillPending(Collection<DetectorType> types, Duration deadline, String id) {
        return all(
                types,
                DetectionStatus.PENDING,
                "no answer from the detection service within " + Durations.format(deadline) + " (request " + id
                        + "); it may still answer on Avaliar, or raise AVALIAR_DETECTION_TIMEOUT");
    }

    /** {@code Retry-After}, read as {@link Retry} reads it; empty when absent or unreadable. */
    private OptionalLong retryAfter(HttpResponse<?> response) {
        return Retry.retryAfter(response.headers().firstValue("Retry-After"), clock)
                .map(wait -> OptionalLong.of(wait.toNanos()))
                .orElse(OptionalLong.empty());
    }

    private static List<DetectionResult> all(Collection<DetectorType> types, DetectionStatus status, String reason) {
        return Detections.all(types, status, DetectionMode.CLOUD, reason);
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }
}
