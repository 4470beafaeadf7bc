package ai.avaliar.junit5.publish;

import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Retry;
import ai.avaliar.trace.internal.RetryingHttpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts one request body to the receiver and says what became of it. Core's
 * {@link RetryingHttpClient} retries what may pass later (I/O errors, timeouts, 408, 429 and 5xx)
 * with exponential backoff and jitter, waiting at least as long as a {@code Retry-After} asks,
 * within a bounded number of attempts and never past the publisher's deadline; this class speaks
 * OTLP/HTTP's statuses.
 */
final class PublishTransport {

    /** What became of a request. */
    enum Verdict {
        /** 2xx. */
        SENT,
        /** 413: the receiver wants it smaller. */
        TOO_LARGE,
        /** 401 or 403: the key was refused. */
        KEY_REFUSED,
        /**
         * 3xx: the endpoint is configured wrong (redirects are not followed: a POST with the key
         * must not go where the user did not send it). Stops publishing; the batches are spooled.
         */
        REDIRECTED,
        /** 404, 405 or 501: nothing receives this path at the endpoint. */
        NO_RECEIVER,
        /** Another 4xx: the receiver will not take this request, now or later. */
        REJECTED,
        /** Still failing (I/O, timeout, 408, 429, 5xx) when the attempts ran out. */
        UNAVAILABLE,
        /** Not settled when the deadline came, or the next attempt would come after it. */
        OUT_OF_TIME
    }

    record Result(Verdict verdict, int attempts, String detail) {}

    private static final String USER_AGENT = "avaliar-java-junit5";

    private final PublishSettings settings;
    private final Retry.Clock clock;
    private final RetryingHttpClient http;

    PublishTransport(PublishSettings settings, Retry.Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = RetryingHttpClient.builder()
                .version(HttpClient.Version.HTTP_1_1)
                .requestTimeout(settings.requestTimeout())
                .maxAttempts(settings.maxAttempts())
                .backoff(settings.initialBackoff(), settings.maxBackoff())
                // 408 too: an OTLP receiver's request timeout passes on a later attempt.
                .retrying(status -> status == 408 || RetryingHttpClient.TRANSIENT.test(status))
                .retryAfter(RetryingHttpClient.RetryAfterUse.AT_LEAST)
                .clock(clock)
                .build();
    }

    /**
     * Posts {@code body} to {@code <endpoint><path>} until it is settled or {@code deadlineNanos}
     * (on {@link Retry.Clock#nanoTime()}) comes.
     */
    Result post(String path, String contentType, byte[] body, long deadlineNanos) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(settings.resolve(path))
                    .header("Content-Type", contentType)
                    .header("X-API-Key", settings.apiKey())
                    .header("User-Agent", USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (RuntimeException e) {
            // A header the JDK refuses (a control character in the key) will not pass later.
            return new Result(Verdict.UNAVAILABLE, 1, e.toString());
        }
        RetryingHttpClient.Outcome outcome = http.send(request, deadlineNanos);
        HttpResponse<byte[]> response = outcome.response();
        String detail = response != null ? "HTTP " + response.statusCode() + reason(response.body()) : detail(outcome);
        return switch (outcome.kind()) {
            case ANSWERED -> answered(response, outcome.attempts(), detail);
            case EXHAUSTED -> new Result(Verdict.UNAVAILABLE, outcome.attempts(), detail);
            case OUT_OF_TIME ->
                new Result(
                        Verdict.OUT_OF_TIME,
                        outcome.attempts(),
                        outcome.retryAfter() == null
                                ? detail
                                : detail + "; asked to retry after " + Durations.format(outcome.retryAfter()));
            case INTERRUPTED ->
                new Result(
                        Verdict.OUT_OF_TIME,
                        outcome.attempts(),
                        detail == null ? "interrupted" : detail + "; interrupted");
        };
    }

    /** The verdict on a status the client did not retry. */
    private static Result answered(HttpResponse<byte[]> response, int attempts, String detail) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Result(Verdict.SENT, attempts, "HTTP " + status);
        }
        if (status >= 300 && status < 400) {
            return new Result(
                    Verdict.REDIRECTED,
                    attempts,
                    "HTTP " + status
                            + response.headers()
                                    .firstValue("Location")
                                    .map(location -> " to " + PublishSettings.forDisplay(location))
                                    .orElse(" with no Location"));
        }
        if (status == 413) {
            return new Result(Verdict.TOO_LARGE, attempts, detail);
        }
        if (status == 401 || status == 403) {
            return new Result(Verdict.KEY_REFUSED, attempts, detail);
        }
        if (status == 404 || status == 405 || status == 501) {
            return new Result(Verdict.NO_RECEIVER, attempts, detail);
        }
        return new Result(Verdict.REJECTED, attempts, detail);
    }

    /** The last failed attempt's exception, in a few words; null when no attempt was made. */
    private static String detail(RetryingHttpClient.Outcome outcome) {
        Throwable e = outcome.error();
        if (e == null) {
            return null;
        }
        if (e instanceof HttpTimeoutException) {
            return e.getMessage(); // "no answer within <timeout>"
        }
        if (e instanceof ConnectException) {
            return "connection refused" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        if (e instanceof IOException) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return e.toString();
    }

    /** The wait after a failed attempt when the receiver asked for none: {@link Retry#backoff}. */
    Duration backoff(int attempt) {
        return Retry.backoff(attempt, settings.initialBackoff(), settings.maxBackoff(), clock);
    }

    /** The first line of a text response, shortened: receivers often say there what was wrong. */
    private static String reason(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline).strip();
        }
        if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            return ""; // binary (an OTLP Status message): nothing to show
        }
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }
}
