package ai.avaliar.junit5.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.internal.Retry;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PublishTransportTest {

    private final WireMockServer receiver =
            new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final RecordingClock clock = new RecordingClock();

    /** Real time, but waits are recorded instead of slept. */
    static final class RecordingClock implements Retry.Clock {
        final List<Duration> waits = new ArrayList<>();
        double random = 0.5;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public java.time.Instant now() {
            return java.time.Instant.now();
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }

        @Override
        public double random() {
            return random;
        }
    }

    @BeforeEach
    void start() {
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private PublishTransport transport(int maxAttempts) {
        return new PublishTransport(
                PublishSettings.forTest(
                        URI.create(receiver.baseUrl()),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2),
                        maxAttempts,
                        512,
                        1024),
                clock);
    }

    private long inSeconds(int seconds) {
        return System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    }

    @Test
    void posts_the_body_with_the_key_and_content_type() {
        receiver.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)));

        PublishTransport.Result result =
                transport(3).post("/v1/traces", "application/x-protobuf", new byte[] {1, 2}, inSeconds(5));

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.SENT);
        assertThat(result.attempts()).isOne();
        receiver.verify(postRequestedFor(urlEqualTo("/v1/traces"))
                .withHeader("X-API-Key", equalTo("test-key"))
                .withHeader("Content-Type", equalTo("application/x-protobuf")));
    }

    @Test
    void retries_a_503_and_a_429_with_growing_backoff_then_succeeds() {
        receiver.stubFor(post("/v1/traces")
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("busy"));
        receiver.stubFor(post("/v1/traces")
                .inScenario("flaky")
                .whenScenarioStateIs("busy")
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("up"));
        receiver.stubFor(post("/v1/traces")
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

        PublishTransport.Result result =
                transport(5).post("/v1/traces", "application/x-protobuf", new byte[] {1}, inSeconds(5));

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.SENT);
        assertThat(result.attempts()).isEqualTo(3);
        // 10 ms doubling, half fixed and half jitter (random 0.5): 5 + 3, then 10 + 5.
        assertThat(clock.waits).containsExactly(Duration.ofMillis(8), Duration.ofMillis(15));
    }

    @Test
    void backoff_is_capped_and_jittered_within_its_bounds() {
        PublishTransport transport = transport(10);
        clock.random = 0.0;
        assertThat(transport.backoff(1)).isEqualTo(Duration.ofMillis(5));
        assertThat(transport.backoff(10)).isEqualTo(Duration.ofMillis(25));
        clock.random = 0.999;
        assertThat(transport.backoff(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(transport.backoff(10)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void honours_retry_after() {
        receiver.stubFor(post("/v1/traces")
                .inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("up"));
        receiver.stubFor(post("/v1/traces")
                .inScenario("limited")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

        PublishTransport.Result result =
                transport(3).post("/v1/traces", "application/x-protobuf", new byte[] {1}, inSeconds(5));

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.SENT);
        assertThat(clock.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void gives_up_at_once_when_retry_after_is_past_the_deadline() {
        receiver.stubFor(
                post("/v1/traces").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));

        PublishTransport.Result result =
                transport(5).post("/v1/traces", "application/x-protobuf", new byte[] {1}, inSeconds(5));

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.OUT_OF_TIME);
        assertThat(result.attempts()).isOne();
        assertThat(result.detail()).isEqualTo("HTTP 503; asked to retry after 120 s");
        assertThat(clock.waits).isEmpty();
    }

    @Test
    void stops_after_the_last_attempt_and_says_what_the_receiver_said() {
        receiver.stubFor(
                post("/v1/traces").willReturn(aResponse().withStatus(500).withBody("database is down\nstack...")));

        PublishTransport.Result result =
                transport(3).post("/v1/traces", "application/x-protobuf", new byte[] {1}, inSeconds(5));

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.UNAVAILABLE);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.detail()).isEqualTo("HTTP 500: database is down");
        receiver.verify(3, postRequestedFor(urlEqualTo("/v1/traces")));
    }

    @Test
    void a_refused_key_is_not_retried() {
        receiver.stubFor(
                post("/v1/traces").willReturn(aResponse().withStatus(401).withBody("invalid api key")));

        PublishTransport.Result result =
                transport(5).post("/v1/traces", "application/x-protobuf", new byte[] {1}, inSeconds(5));

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.KEY_REFUSED);
        assertThat(result.detail()).isEqualTo("HTTP 401: invalid api key");
        receiver.verify(1, postRequestedFor(urlEqualTo("/v1/traces")));
    }

    @Test
    void tells_413_404_and_400_apart_without_retrying_them() {
        receiver.stubFor(post("/big").willReturn(aResponse().withStatus(413)));
        receiver.stubFor(post("/bad").willReturn(aResponse().withStatus(400)));

        PublishTransport transport = transport(5);
        assertThat(transport
                        .post("/big", "application/x-protobuf", new byte[] {1}, inSeconds(5))
                        .verdict())
                .isEqualTo(PublishTransport.Verdict.TOO_LARGE);
        assertThat(transport
                        .post("/nothing-here", "application/x-protobuf", new byte[] {1}, inSeconds(5))
                        .verdict())
                .isEqualTo(PublishTransport.Verdict.NO_RECEIVER);
        assertThat(transport
                        .post("/bad", "application/x-protobuf", new byte[] {1}, inSeconds(5))
                        .verdict())
                .isEqualTo(PublishTransport.Verdict.REJECTED);
        assertThat(clock.waits).isEmpty();
    }

    @Test
    @Timeout(10)
    void a_closed_port_is_retried_then_reported_as_refused() {
        PublishTransport transport = transport(2);
        receiver.stop();

        PublishTransport.Result result =
                transport.post("/v1/traces", "application/x-protobuf", new byte[] {1}, inSeconds(5));

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.UNAVAILABLE);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.detail()).startsWith("connection refused");
    }

    @Test
    @Timeout(10)
    void a_receiver_slower_than_the_request_timeout_is_given_up_on_at_the_deadline() {
        receiver.stubFor(
                post("/v1/traces").willReturn(aResponse().withStatus(200).withFixedDelay(600)));
        PublishTransport transport = new PublishTransport(
                PublishSettings.forTest(
                        URI.create(receiver.baseUrl()), Duration.ofSeconds(1), Duration.ofMillis(150), 10, 512, 1024),
                Retry.Clock.SYSTEM);

        PublishTransport.Result result = transport.post(
                "/v1/traces",
                "application/x-protobuf",
                new byte[] {1},
                System.nanoTime() + Duration.ofMillis(400).toNanos());

        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.OUT_OF_TIME);
        assertThat(result.detail()).startsWith("no answer within ");
        assertThat(result.attempts()).isBetween(2, 4);
    }

    @Test
    @Timeout(10)
    void a_receiver_that_answers_at_once_but_trickles_its_body_is_not_waited_for() {
        receiver.stubFor(post("/v1/traces")
                .willReturn(
                        aResponse().withStatus(200).withBody("x".repeat(200)).withChunkedDribbleDelay(20, 2_000)));
        PublishTransport transport = new PublishTransport(
                PublishSettings.forTest(
                        URI.create(receiver.baseUrl()), Duration.ofSeconds(1), Duration.ofMillis(150), 1, 512, 1024),
                Retry.Clock.SYSTEM);

        long started = System.nanoTime();
        PublishTransport.Result result = transport.post(
                "/v1/traces",
                "application/x-protobuf",
                new byte[] {1},
                System.nanoTime() + Duration.ofMillis(400).toNanos());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
        assertThat(result.verdict()).isEqualTo(PublishTransport.Verdict.UNAVAILABLE);
        assertThat(result.detail()).isEqualTo("no answer within 150 ms");
    }
}
