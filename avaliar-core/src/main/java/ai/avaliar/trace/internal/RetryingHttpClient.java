package ai.avaliar.trace.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;

/**
 * The one HTTP exchange with retries that Avaliar's clients (cloud detection, publishing) share:
 * it sends a request until it gets an answer that is not transient, the attempts run out or the
 * deadline comes, waiting between attempts as {@link Retry} says. Callers keep their protocol:
 * what to send, and what an {@link Outcome} means to their users.
 *
 * <pre>{@code
 * RetryingHttpClient http = RetryingHttpClient.builder()
 *         .requestTimeout(Duration.ofSeconds(5))
 *         .maxAttempts(4)
 *         .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
 *         .build();
 * RetryingHttpClient.Outcome outcome = http.send(HttpRequest.newBuilder(uri).POST(body), deadlineNanos);
 * if (outcome.kind() == RetryingHttpClient.Kind.ANSWERED) {
 *     read(outcome.response().statusCode(), outcome.response().body());
 * }
 * }</pre>
 *
 * <p>Redirects are never followed: the requests carry an API key, which must not go to a host the
 * user did not name. Every wait goes through the {@link Retry.Clock}, so tests do not sleep; the
 * deadline is on its {@link Retry.Clock#nanoTime()}. It never throws for what the network does;
 * an interrupt ends the exchange as {@link Kind#INTERRUPTED} with the thread's flag set again.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class RetryingHttpClient {

    /** Statuses that may pass later: 429 and 5xx. */
    public static final IntPredicate TRANSIENT = status -> status == 429 || status >= 500;

    /** How a {@code Retry-After} on a transient answer sets the wait before the next attempt. */
    public enum RetryAfterUse {
        /** The wait asked for replaces the backoff (no jitter), but is never below the initial backoff. */
        INSTEAD_OF_BACKOFF,
        /** The backoff, unless the wait asked for is longer. */
        AT_LEAST
    }

    /** How an exchange ended. */
    public enum Kind {
        /** A response whose status is not retried; it may still be an error for the caller. */
        ANSWERED,
        /** Every attempt failed transiently. */
        EXHAUSTED,
        /** The deadline came before an attempt, or the next wait would end after it. */
        OUT_OF_TIME,
        /** The thread was interrupted while sending or waiting; its flag is set again. */
        INTERRUPTED
    }

    /**
     * What an exchange came to.
     *
     * @param kind how it ended
     * @param attempts requests started
     * @param response for {@link Kind#ANSWERED} the answer; otherwise the last failed attempt's
     *     answer, if it got one
     * @param error the last failed attempt's exception, if it got no answer; a timeout is an
     *     {@link HttpTimeoutException} saying how long was waited
     * @param retryAfter on {@link Kind#OUT_OF_TIME} because the next wait would end past the deadline,
     *     the {@code Retry-After} the last answer asked for, if any
     */
    public record Outcome(
            Kind kind, int attempts, HttpResponse<byte[]> response, Throwable error, Duration retryAfter) {

        /**
         * Whether the exchange got a response it did not retry.
         *
         * @return {@code kind() == ANSWERED}
         */
        public boolean answered() {
            return kind == Kind.ANSWERED;
        }
    }

    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final IntPredicate retried;
    private final RetryAfterUse retryAfterUse;
    private final Retry.Clock clock;

    private RetryingHttpClient(Builder builder) {
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(builder.connectTimeout == null ? builder.requestTimeout : builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (builder.version != null) {
            http.version(builder.version);
        }
        this.http = http.build();
        this.requestTimeout = builder.requestTimeout;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.retried = builder.retried;
        this.retryAfterUse = builder.retryAfterUse;
        this.clock = builder.clock;
    }

    /**
     * A client with the defaults: 5 s per request, 4 attempts, backoff from 200 ms to 2 s,
     * {@link #TRANSIENT} statuses retried, {@link RetryAfterUse#AT_LEAST}, the system clock.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the request until it is answered with a status not retried, the attempts run out, or
     * {@code deadlineNanos} (on the clock's {@link Retry.Clock#nanoTime()}) comes. I/O errors,
     * timeouts and the JDK client's unchecked failures are retried. Each attempt waits at most the
     * request timeout or what is left before the deadline, for the whole response, body included.
     *
     * @param request the request, without a timeout (each attempt sets its own); copied per attempt
     * @param deadlineNanos when to give up
     * @return what happened
     */
    public Outcome send(HttpRequest.Builder request, long deadlineNanos) {
        HttpResponse<byte[]> lastResponse = null;
        Throwable lastError = null;
        int attempt = 0;
        while (true) {
            long remaining = deadlineNanos - clock.nanoTime();
            if (remaining <= 0) {
                return new Outcome(Kind.OUT_OF_TIME, attempt, lastResponse, lastError, null);
            }
            attempt++;
            Duration timeout = Duration.ofNanos(Math.max(Math.min(requestTimeout.toNanos(), remaining), 1_000_000));
            try {
                HttpResponse<byte[]> response =
                        exchange(request.copy().timeout(timeout).build(), timeout);
                if (!retried.test(response.statusCode())) {
                    return new Outcome(Kind.ANSWERED, attempt, response, null, null);
                }
                lastResponse = response;
                lastError = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(Kind.INTERRUPTED, attempt, lastResponse, lastError, null);
            } catch (IOException | RuntimeException e) {
                // RuntimeException: the JDK client reports some failures (a closed selector) unchecked.
                lastResponse = null;
                lastError = e;
            }
            if (attempt >= maxAttempts) {
                return new Outcome(Kind.EXHAUSTED, attempt, lastResponse, lastError, null);
            }
            Optional<Duration> retryAfter = lastResponse == null
                    ? Optional.empty()
                    : Retry.retryAfter(lastResponse.headers().firstValue("Retry-After"), clock);
            Duration wait = waitAfter(attempt, retryAfter);
            if (clock.nanoTime() + wait.toNanos() >= deadlineNanos) {
                return new Outcome(Kind.OUT_OF_TIME, attempt, lastResponse, lastError, retryAfter.orElse(null));
            }
            try {
                clock.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(Kind.INTERRUPTED, attempt, lastResponse, lastError, null);
            }
        }
    }

    /** The wait after failed attempt {@code attempt}; jitter is drawn only when the backoff is used. */
    private Duration waitAfter(int attempt, Optional<Duration> retryAfter) {
        if (retryAfterUse == RetryAfterUse.INSTEAD_OF_BACKOFF && retryAfter.isPresent()) {
            // Never below the initial backoff, so Retry-After: 0 cannot make a tight loop.
            return retryAfter.get().compareTo(initialBackoff) < 0 ? initialBackoff : retryAfter.get();
        }
        Duration backoff = Retry.backoff(attempt, initialBackoff, maxBackoff, clock);
        return retryAfter.filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff);
    }

    /**
     * The whole response within the timeout: the JDK's request timeout ends at the response's
     * headers, so a server trickling its body would hold the caller without this.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw noAnswerWithin(timeout);
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw noAnswerWithin(timeout);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    private static HttpTimeoutException noAnswerWithin(Duration timeout) {
        return new HttpTimeoutException("no answer within " + Durations.format(timeout));
    }

    /** Settings of a {@link RetryingHttpClient}. */
    public static final class Builder {
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration connectTimeout;
        private HttpClient.Version version;
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private IntPredicate retried = TRANSIENT;
        private RetryAfterUse retryAfterUse = RetryAfterUse.AT_LEAST;
        private Retry.Clock clock = Retry.Clock.SYSTEM;

        private Builder() {}

        /**
         * The longest wait for one attempt's whole response.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * The longest wait for a connection; the request timeout unless set.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * The HTTP version to ask for; the JDK's default (HTTP/2, falling back) unless set.
         *
         * @param version the version
         * @return this builder
         */
        public Builder version(HttpClient.Version version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        /**
         * Most requests sent per exchange, the first included.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * The backoff: {@code initial} after the first failure, doubling up to {@code max}, with
         * jitter ({@link Retry#backoff}).
         *
         * @param initial the first wait
         * @param max the longest wait
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        /**
         * Which statuses are retried; {@link #TRANSIENT} unless set.
         *
         * @param statuses true for a status worth another attempt
         * @return this builder
         */
        public Builder retrying(IntPredicate statuses) {
            this.retried = Objects.requireNonNull(statuses);
            return this;
        }

        /**
         * How a {@code Retry-After} sets the next wait; {@link RetryAfterUse#AT_LEAST} unless set.
         *
         * @param use the rule
         * @return this builder
         */
        public Builder retryAfter(RetryAfterUse use) {
            this.retryAfterUse = Objects.requireNonNull(use);
            return this;
        }

        /**
         * The clock for deadlines, waits and jitter; {@link Retry.Clock#SYSTEM} unless set.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Retry.Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * The client.
         *
         * @return a new client, with its own JDK {@link HttpClient}
         */
        public RetryingHttpClient build() {
            return new RetryingHttpClient(this);
        }
    }
}
