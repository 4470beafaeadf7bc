package ai.avaliar.trace.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.internal.RetryingHttpClient.Kind;
import ai.avaliar.trace.internal.RetryingHttpClient.Outcome;
import ai.avaliar.trace.internal.RetryingHttpClient.RetryAfterUse;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one HTTP exchange with retries, against a real WireMock server. Time is a fake clock that
 * moves only when the client waits, so no test sleeps and the deadline is exact.
 */
class RetryingHttpClientTest {

    /** Time that passes only by waiting; the random part of jitter is the middle of its range. */
    static class FakeClock implements Retry.Clock {
        final List<Duration> waits = new ArrayList<>();
        long nanos = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Instant now() {
            return Instant.parse("2015-10-21T07:28:00Z").plusNanos(nanos);
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            nanos += duration.toNanos();
        }

        @Override
        public double random() {
            return 0.5;
        }
    }

    private final WireMockServer server =
            new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final FakeClock clock = new FakeClock();

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private RetryingHttpClient.Builder client() {
        return RetryingHttpClient.builder()
                .requestTimeout(Duration.ofSeconds(5))
                .maxAttempts(4)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .clock(clock);
    }

    private HttpRequest.Builder postTo(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("X-API-Key", "test-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"));
    }

    private long inSeconds(int seconds) {
        return clock.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    }

    /** Answers {@code path} with the given responses in turn, the last one from then on. */
    private void answerInTurn(String path, ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            server.stubFor(post(path)
                    .inScenario(path)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after " + i)
                    .willReturn(responses[i])
                    .willSetStateTo(i == responses.length - 1 ? "after " + i : "after " + (i + 1)));
        }
    }

    @Test
    void retries_a_503_and_a_429_then_returns_the_answer_with_its_body() {
        answerInTurn(
                "/v1/x",
                aResponse().withStatus(503),
                aResponse().withStatus(429),
                aResponse().withStatus(200).withBody("done"));

        Outcome outcome = client().build().send(postTo("/v1/x"), inSeconds(10));

        assertThat(outcome.kind()).isEqualTo(Kind.ANSWERED);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.response().statusCode()).isEqualTo(200);
        assertThat(new String(outcome.response().body(), StandardCharsets.UTF_8))
                .isEqualTo("done");
        // 100 ms doubling, half fixed and half jitter (random 0.5): 50 + 25, then 100 + 50.
        assertThat(clock.waits).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150));
        server.verify(3, postRequestedFor(urlEqualTo("/v1/x")).withHeader("X-API-Key", equalTo("test-key")));
    }

    @Test
    void does_not_retry_a_4xx() {
        server.stubFor(post("/v1/x").willReturn(aResponse().withStatus(400).withBody("bad")));

        Outcome outcome = client().build().send(postTo("/v1/x"), inSeconds(10));

        assertThat(outcome.kind()).isEqualTo(Kind.ANSWERED);
        assertThat(outcome.attempts()).isOne();
        assertThat(outcome.response().statusCode()).isEqualTo(400);
        assertThat(clock.waits).isEmpty();
        server.verify(1, postRequestedFor(urlEqualTo("/v1/x")));
    }

    @Test
    void retries_the_statuses_it_is_told_to_and_no_others() {
        server.stubFor(post("/v1/x").willReturn(aResponse().withStatus(408)));

        Outcome byDefault = client().build().send(postTo("/v1/x"), inSeconds(10));
        Outcome with408 = client().maxAttempts(2)
                .retrying(status -> status == 408 || RetryingHttpClient.TRANSIENT.test(status))
                .build()
                .send(postTo("/v1/x"), inSeconds(10));

        assertThat(byDefault.kind()).isEqualTo(Kind.ANSWERED);
        assertThat(with408.kind()).isEqualTo(Kind.EXHAUSTED);
        assertThat(with408.attempts()).isEqualTo(2);
        assertThat(with408.response().statusCode()).isEqualTo(408);
    }

    @Test
    void by_default_waits_at_least_as_long_as_retry_after_asks() {
        answerInTurn(
                "/v1/x",
                aResponse().withStatus(429).withHeader("Retry-After", "3"),
                aResponse().withStatus(503).withHeader("Retry-After", "0"),
                aResponse().withStatus(200));

        Outcome outcome = client().build().send(postTo("/v1/x"), inSeconds(10));

        assertThat(outcome.kind()).isEqualTo(Kind.ANSWERED);
        // Retry-After: 3 is longer than the backoff; after Retry-After: 0 the backoff (150 ms) applies.
        assertThat(clock.waits).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(150));
    }

    @Test
    void instead_of_backoff_takes_retry_after_as_asked_but_never_below_the_initial_backoff() {
        answerInTurn(
                "/v1/x",
                aResponse().withStatus(429).withHeader("Retry-After", "3"),
                aResponse().withStatus(503).withHeader("Retry-After", "0"),
                aResponse().withStatus(503),
                aResponse().withStatus(200));

        Outcome outcome =
                client().retryAfter(RetryAfterUse.INSTEAD_OF_BACKOFF).build().send(postTo("/v1/x"), inSeconds(10));

        assertThat(outcome.kind()).isEqualTo(Kind.ANSWERED);
        assertThat(outcome.attempts()).isEqualTo(4);
        // 3 s as asked; 0 s raised to the initial 100 ms; no Retry-After: the third backoff, 200 + 100.
        assertThat(clock.waits).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofMillis(300));
    }

    @Test
    void gives_up_without_waiting_when_retry_after_would_pass_the_deadline() {
        server.stubFor(post("/v1/x").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));

        Outcome outcome = client().build().send(postTo("/v1/x"), inSeconds(5));

        assertThat(outcome.kind()).isEqualTo(Kind.OUT_OF_TIME);
        assertThat(outcome.attempts()).isOne();
        assertThat(outcome.response().statusCode()).isEqualTo(503);
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(clock.waits).isEmpty();
    }

    @Test
    void stops_at_the_deadline_between_attempts() {
        server.stubFor(post("/v1/x").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")));

        Outcome outcome = client().maxAttempts(10).build().send(postTo("/v1/x"), inSeconds(5));

        // Waits 2 s twice (at 4 s); a third wait would end at 6 s, past the deadline.
        assertThat(outcome.kind()).isEqualTo(Kind.OUT_OF_TIME);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(clock.waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        server.verify(3, postRequestedFor(urlEqualTo("/v1/x")));
    }

    @Test
    void sends_nothing_when_the_deadline_has_passed() {
        Outcome outcome = client().build().send(postTo("/v1/x"), clock.nanoTime());

        assertThat(outcome.kind()).isEqualTo(Kind.OUT_OF_TIME);
        assertThat(outcome.attempts()).isZero();
        assertThat(outcome.response()).isNull();
        assertThat(outcome.error()).isNull();
        server.verify(0, postRequestedFor(urlEqualTo("/v1/x")));
    }

    @Test
    void retries_a_refused_connection_and_reports_it_when_the_attempts_run_out() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/v1/x"))
                .POST(HttpRequest.BodyPublishers.noBody());

        Outcome outcome = client().maxAttempts(3).build().send(request, inSeconds(10));

        assertThat(outcome.kind()).isEqualTo(Kind.EXHAUSTED);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.response()).isNull();
        assertThat(outcome.error()).isInstanceOf(ConnectException.class);
        assertThat(clock.waits).hasSize(2);
    }

    @Test
    void does_not_follow_redirects() {
        server.stubFor(
                post("/v1/x").willReturn(aResponse().withStatus(307).withHeader("Location", "http://elsewhere/")));

        Outcome outcome = client().build().send(postTo("/v1/x"), inSeconds(10));

        assertThat(outcome.kind()).isEqualTo(Kind.ANSWERED);
        assertThat(outcome.response().statusCode()).isEqualTo(307);
        assertThat(outcome.response().headers().firstValue("Location")).contains("http://elsewhere/");
    }

    @Test
    void an_interrupt_ends_the_exchange_and_keeps_the_flag() {
        server.stubFor(post("/v1/x").willReturn(aResponse().withStatus(503)));
        RetryingHttpClient client = client().clock(new FakeClock() {
                    @Override
                    public void sleep(Duration duration) throws InterruptedException {
                        throw new InterruptedException();
                    }
                })
                .build();

        Outcome outcome = client.send(postTo("/v1/x"), inSeconds(10));
        boolean interrupted = Thread.interrupted(); // read and clear, for the next tests

        assertThat(outcome.kind()).isEqualTo(Kind.INTERRUPTED);
        assertThat(outcome.attempts()).isOne();
        assertThat(outcome.response().statusCode()).isEqualTo(503);
        assertThat(interrupted).isTrue();
    }
}
