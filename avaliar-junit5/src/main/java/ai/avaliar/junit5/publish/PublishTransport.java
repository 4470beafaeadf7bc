package ai.avaliar.junit5.publish;

import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Retry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one request body to the receiver, retrying what may pass later (I/O errors, timeouts,
 * 408, 429 and 5xx) with exponential backoff and jitter, honouring {@code Retry-After}, within a
 * bounded number of attempts and never past the publisher's deadline.
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
    private final HttpClient client;

    PublishTransport(PublishSettings settings, Retry.Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts {@code body} to {@code <endpoint><path>} until it is settled or {@code deadlineNanos}
     * (on {@link Retry.Clock#nanoTime()}) comes.
     */
    Result post(String path, String contentType, byte[] body, long deadlineNanos) {
        URI uri = settings.resolve(path);
        String detail = null;
        int attempt = 0;
        while (true) {
            long remaining = deadlineNanos - clock.nanoTime();
            if (remaining <= 0) {
                return new Result(Verdict.OUT_OF_TIME, attempt, detail);
            }
            attempt++;
            Duration timeout = min(settings.requestTimeout(), Duration.ofNanos(remaining));
            Duration retryAfter = null;
            try {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("Content-Type", contentType)
                        .header("X-API-Key", settings.apiKey())
                        .header("User-Agent", USER_AGENT)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                HttpResponse<byte[]> response = send(request, timeout);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Result(Verdict.SENT, attempt, "HTTP " + status);
                }
                detail = "HTTP " + status + reason(response.body());
                if (status >= 300 && status < 400) {
                    return new Result(
                            Verdict.REDIRECTED,
                            attempt,
                            "HTTP " + status
                                    + response.headers()
                                            .firstValue("Location")
                                            .map(location -> " to " + PublishSettings.forDisplay(location))
                                            .orElse(" with no Location"));
                }
                if (status == 413) {
                    return new Result(Verdict.TOO_LARGE, attempt, detail);
                }
                if (status == 401 || status == 403) {
                    return new Result(Verdict.KEY_REFUSED, attempt, detail);
                }
                if (status == 404 || status == 405 || status == 501) {
                    return new Result(Verdict.NO_RECEIVER, attempt, detail);
                }
                if (status != 408 && status != 429 && status < 500) {
                    return new Result(Verdict.REJECTED, attempt, detail);
                }
                retryAfter = Retry.retryAfter(response.headers().firstValue("Retry-After"), clock)
                        .orElse(null);
            } catch (HttpTimeoutException e) {
                detail = "no answer within " + Durations.format(timeout);
            } catch (ConnectException e) {
                detail = "connection refused" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            } catch (IOException e) {
                detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(
                        Verdict.OUT_OF_TIME, attempt, detail == null ? "interrupted" : detail + "; interrupted");
            } catch (RuntimeException e) {
                // The JDK client reports some failures (a closed selector, a bad header) unchecked.
                detail = e.toString();
            }
            if (attempt >= settings.maxAttempts()) {
                return new Result(Verdict.UNAVAILABLE, attempt, detail);
            }
            Duration wait = backoff(attempt);
            if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                wait = retryAfter;
            }
            if (clock.nanoTime() + wait.toNanos() >= deadlineNanos) {
                return new Result(
                        Verdict.OUT_OF_TIME,
                        attempt,
                        detail + (retryAfter != null ? "; asked to retry after " + Durations.format(retryAfter) : ""));
            }
            try {
                clock.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Verdict.OUT_OF_TIME, attempt, detail + "; interrupted");
            }
        }
    }

    /**
     * The whole response within the timeout: the client's own request timeout ends at the
     * response's headers, so a receiver trickling its body would hold the build without this.
     */
    private HttpResponse<byte[]> send(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return response.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("no answer within " + Durations.format(timeout));
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
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

    private static Duration min(Duration a, Duration b) {
        Duration smaller = a.compareTo(b) <= 0 ? a : b;
        return smaller.toMillis() < 1 ? Duration.ofMillis(1) : smaller;
    }
}
