package ai.avaliar.detection.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarConfig;
import ai.avaliar.trace.InMemoryTraceExporter;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.internal.Json;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cloud detection client against a local WireMock standing in for Avaliar's detection service. */
class CloudDetectionClientTest {

    private static final DetectionText TEXT = new DetectionText("Who is Ana?", "Ana, ana@example.com");
    private static final List<DetectorType> PII_AND_TOXICITY = List.of(DetectorType.PII, DetectorType.TOXICITY);
    private static final String COMPLETED = "{\"id\":\"det-1\",\"status\":\"completed\",\"results\":["
            + "{\"detector\":\"pii\",\"status\":\"completed\",\"has_issues\":true,\"issues\":[{\"type\":\"pii\","
            + "\"category\":\"EMAIL_ADDRESS\",\"severity\":\"high\",\"score\":0.98,\"message\":\"an e-mail address\","
            + "\"spans\":[{\"field\":\"output\",\"start\":5,\"end\":20}],\"method\":\"rule\"}],\"reason\":\"\"},"
            + "{\"detector\":\"toxicity\",\"status\":\"completed\",\"has_issues\":false,\"issues\":[],\"reason\":\"\"}]}";

    private WireMockServer service;

    @BeforeEach
    void start() {
        service = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    private CloudDetectionClient client(Duration deadline) {
        return new CloudDetectionClient(
                URI.create(service.baseUrl()),
                "test-key",
                deadline,
                Duration.ofSeconds(2),
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(40));
    }

    private List<DetectionResult> detect(Duration deadline) {
        return client(deadline).detect("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", PII_AND_TOXICITY, TEXT);
    }

    private static void assertCompleted(List<DetectionResult> results) {
        assertThat(results)
                .extracting(DetectionResult::detector, DetectionResult::status, DetectionResult::mode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                DetectorType.PII, DetectionStatus.COMPLETED, DetectionMode.CLOUD),
                        org.assertj.core.groups.Tuple.tuple(
                                DetectorType.TOXICITY, DetectionStatus.COMPLETED, DetectionMode.CLOUD));
        assertThat(results.get(0).issues()).singleElement().satisfies(issue -> {
            assertThat(issue.category()).isEqualTo("EMAIL_ADDRESS");
            assertThat(issue.severity()).isEqualTo(Severity.HIGH);
            assertThat(issue.method()).isEqualTo(DetectionMethod.RULE);
            assertThat(issue.ranges()).containsExactly(new TextRange(TextRange.Field.OUTPUT, 5, 20));
        });
        assertThat(results.get(1).hasIssues()).isFalse();
    }

    @Test
    void an_immediate_answer_is_read_and_the_request_carries_the_key_and_the_span() {
        service.stubFor(post("/v1/detections").willReturn(okJson(COMPLETED)));

        assertCompleted(detect(Duration.ofSeconds(5)));

        service.verify(postRequestedFor(urlEqualTo("/v1/detections"))
                .withHeader("X-API-Key", equalTo("test-key"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Idempotency-Key", matching("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .withRequestBody(equalToJson(
                        "{\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\",\"span_id\":\"b7ad6b7169203331\","
                                + "\"stage\":\"span\",\"detectors\":[\"pii\",\"toxicity\"],\"input\":\"Who is Ana?\","
                                + "\"output\":\"Ana, ana@example.com\"}")));
    }

    @Test
    void an_accepted_request_is_polled_until_it_completes() {
        service.stubFor(post("/v1/detections")
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"det-1\",\"status\":\"pending\"}")));
        service.stubFor(get("/v1/detections/det-1")
                .inScenario("poll")
                .whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"id\":\"det-1\",\"status\":\"pending\"}"))
                .willSetStateTo("answered"));
        service.stubFor(get("/v1/detections/det-1")
                .inScenario("poll")
                .whenScenarioStateIs("answered")
                .willReturn(okJson(COMPLETED)));

        assertCompleted(detect(Duration.ofSeconds(5)));

        service.verify(
                2, getRequestedFor(urlEqualTo("/v1/detections/det-1")).withHeader("X-API-Key", equalTo("test-key")));
    }

    @Test
    void a_refused_key_fails_at_once_saying_to_check_the_key() {
        service.stubFor(
                post("/v1/detections").willReturn(aResponse().withStatus(401).withBody("{\"error\":\"bad key\"}")));

        List<DetectionResult> results = detect(Duration.ofSeconds(5));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DetectionStatus.FAILED);
            assertThat(r.reason())
                    .isEqualTo(
                            "the detection service refused the API key (HTTP 401): check AVALIAR_API_KEY"
                                    + " (an Avaliar key, avl_...) and that it may use detection. It said <{\"error\":\"bad key\"}>.");
        });
        service.verify(1, postRequestedFor(urlEqualTo("/v1/detections")));
    }

    @Test
    void a_wrong_endpoint_says_which_variable_to_check() {
        List<DetectionResult> results = detect(Duration.ofSeconds(5)); // nothing stubbed: WireMock answers 404

        assertThat(results.get(0).reason())
                .startsWith("the detection service has no POST " + service.baseUrl()
                        + "/v1/detections (HTTP 404): check AVALIAR_DETECTION_ENDPOINT (or AVALIAR_ENDPOINT)");
    }

    @Test
    void a_server_error_is_retried_and_the_next_answer_used() {
        service.stubFor(post("/v1/detections")
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        service.stubFor(post("/v1/detections")
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(okJson(COMPLETED)));

        assertCompleted(detect(Duration.ofSeconds(5)));

        service.verify(2, postRequestedFor(urlEqualTo("/v1/detections")));
        // One logical request: the retry carries the same Idempotency-Key, a new detect(...) a new one.
        List<String> keys = service.findAll(postRequestedFor(urlEqualTo("/v1/detections"))).stream()
                .map(r -> r.getHeader("Idempotency-Key"))
                .collect(java.util.stream.Collectors.toList());
        assertThat(keys).hasSize(2).doesNotContainNull();
        assertThat(keys.get(1)).isEqualTo(keys.get(0));
        detect(Duration.ofSeconds(5));
        assertThat(service.findAll(postRequestedFor(urlEqualTo("/v1/detections")))
                        .get(2)
                        .getHeader("Idempotency-Key"))
                .isNotEqualTo(keys.get(0));
    }

    @Test
    void too_many_requests_is_retried_after_the_time_the_service_asks_for() {
        service.stubFor(post("/v1/detections")
                .inScenario("busy")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("free"));
        service.stubFor(post("/v1/detections")
                .inScenario("busy")
                .whenScenarioStateIs("free")
                .willReturn(okJson(COMPLETED)));

        long start = System.nanoTime();
        assertCompleted(detect(Duration.ofSeconds(5)));

        // The client's own backoff is 10 ms: only Retry-After explains waiting a second.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        service.verify(2, postRequestedFor(urlEqualTo("/v1/detections")));
    }

    @Test
    void retry_after_zero_on_a_pending_answer_does_not_make_a_tight_polling_loop() {
        service.stubFor(post("/v1/detections")
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Retry-After", "0")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"det-0\",\"status\":\"pending\"}")));
        service.stubFor(get("/v1/detections/det-0")
                .willReturn(okJson("{\"id\":\"det-0\",\"status\":\"pending\"}").withHeader("Retry-After", "0")));
        CloudDetectionClient client = new CloudDetectionClient(
                URI.create(service.baseUrl()),
                "test-key",
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                3,
                Duration.ofMillis(100),
                Duration.ofMillis(400));

        List<DetectionResult> results = client.detect("t", "s", PII_AND_TOXICITY, TEXT);

        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(DetectionStatus.PENDING));
        // At least 100 ms (the initial backoff) between polls: at most 5 in 500 ms, not hundreds.
        assertThat(service.findAll(getRequestedFor(urlEqualTo("/v1/detections/det-0"))))
                .hasSizeBetween(1, 5);
    }

    @Test
    void a_redirect_is_not_followed_so_the_key_goes_to_no_other_host() {
        WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        other.start();
        try {
            other.stubFor(post("/steal").willReturn(okJson(COMPLETED)));
            service.stubFor(post("/v1/detections")
                    .willReturn(aResponse()
                            .withStatus(307)
                            .withHeader("Location", "http://localhost:" + other.port() + "/steal")));

            List<DetectionResult> results = detect(Duration.ofSeconds(5));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(DetectionStatus.FAILED);
                assertThat(r.reason())
                        .isEqualTo("the endpoint redirects to localhost:" + other.port() + " (HTTP 307 on POST "
                                + service.baseUrl()
                                + "/v1/detections), and the SDK does not follow redirects, so the API key goes"
                                + " to no other host; set AVALIAR_DETECTION_ENDPOINT to the final URL");
                assertThat(r.reason()).doesNotContain("test-key");
            });
            assertThat(other.getAllServeEvents()).isEmpty();
        } finally {
            other.stop();
        }
    }

    @Test
    void at_most_the_documented_number_of_characters_is_sent_and_the_results_say_the_rest_was_not_checked() {
        service.stubFor(post("/v1/detections").willReturn(okJson(COMPLETED)));
        DetectionText longText = new DetectionText("q", "x".repeat(CloudDetectionClient.MAX_SENT_CHARS + 5));

        List<DetectionResult> results = client(Duration.ofSeconds(5)).detect("t", "s", PII_AND_TOXICITY, longText);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DetectionStatus.COMPLETED);
            assertThat(r.reason())
                    .isEqualTo("note: only the first 100000 characters of the output were sent to the"
                            + " detection service; the rest was not checked");
        });
        String sent = service.findAll(postRequestedFor(urlEqualTo("/v1/detections")))
                .get(0)
                .getBodyAsString();
        assertThat(sent).contains("\"output\":\"" + "x".repeat(CloudDetectionClient.MAX_SENT_CHARS) + "\"");
    }

    @Test
    void too_large_says_how_much_the_sdk_sends_and_what_to_do() {
        service.stubFor(post("/v1/detections").willReturn(aResponse().withStatus(413)));

        List<DetectionResult> results = detect(Duration.ofSeconds(5));

        assertThat(results.get(0).reason())
                .isEqualTo(
                        "the detection service refused the span's text as too large (HTTP 413):"
                                + " the SDK sends at most 100000 characters of the input and of the output, which is more than this service"
                                + " takes; detect on a span with less text (a single message rather than the whole conversation).");
    }

    @Test
    void a_persistent_server_error_fails_after_the_bounded_attempts() {
        service.stubFor(post("/v1/detections").willReturn(aResponse().withStatus(500)));

        List<DetectionResult> results = detect(Duration.ofSeconds(5));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DetectionStatus.FAILED);
            assertThat(r.reason())
                    .isEqualTo("the detection service failed 3 times in a row (last: HTTP 500) on POST "
                            + service.baseUrl() + "/v1/detections; it may be down, try again later");
        });
        service.verify(3, postRequestedFor(urlEqualTo("/v1/detections")));
    }

    @Test
    void a_service_that_does_not_answer_in_time_fails_within_the_deadline() {
        service.stubFor(post("/v1/detections").willReturn(okJson(COMPLETED).withFixedDelay(3_000)));
        CloudDetectionClient client = new CloudDetectionClient(
                URI.create(service.baseUrl()),
                "test-key",
                Duration.ofMillis(600),
                Duration.ofMillis(150),
                10,
                Duration.ofMillis(10),
                Duration.ofMillis(40));

        List<DetectionResult> results = client.detect("t", "s", PII_AND_TOXICITY, TEXT);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DetectionStatus.FAILED);
            assertThat(r.reason()).startsWith("the detection service did not answer within 600 ms (last: timed out)");
            assertThat(r.reason()).contains("raise AVALIAR_DETECTION_TIMEOUT");
        });
    }

    @Test
    void an_answer_that_is_not_json_is_a_malformed_answer() {
        service.stubFor(
                post("/v1/detections").willReturn(aResponse().withStatus(200).withBody("<html>gateway</html>")));

        List<DetectionResult> results = detect(Duration.ofSeconds(5));

        assertThat(results.get(0).status()).isEqualTo(DetectionStatus.FAILED);
        assertThat(results.get(0).reason())
                .startsWith("malformed answer from the detection service to POST ")
                .endsWith(
                        "(HTTP 200): not the JSON object of docs/detection-protocol.md; it began with <<html>gateway</html>>");
    }

    @Test
    void a_result_in_the_wrong_shape_is_a_malformed_answer() {
        service.stubFor(
                post("/v1/detections")
                        .willReturn(
                                okJson(
                                        "{\"id\":\"det-1\",\"status\":\"completed\",\"results\":["
                                                + "{\"detector\":\"pii\",\"status\":\"completed\",\"issues\":[{\"category\":\"EMAIL_ADDRESS\",\"severity\":\"extreme\"}]}]}")));

        List<DetectionResult> results = detect(Duration.ofSeconds(5));

        assertThat(results)
                .allSatisfy(
                        r -> assertThat(r.reason())
                                .startsWith(
                                        "malformed answer from the detection service: a result is not {detector, status, issues:"));
    }

    @Test
    void a_type_the_service_left_out_fails_on_its_own() {
        service.stubFor(post("/v1/detections")
                .willReturn(okJson("{\"id\":\"det-1\",\"status\":\"completed\",\"results\":["
                        + "{\"detector\":\"pii\",\"status\":\"completed\",\"issues\":[]}]}")));

        List<DetectionResult> results = detect(Duration.ofSeconds(5));

        assertThat(results.get(0).status()).isEqualTo(DetectionStatus.COMPLETED);
        assertThat(results.get(1).status()).isEqualTo(DetectionStatus.FAILED);
        assertThat(results.get(1).reason()).isEqualTo("the detection service answered without a result for toxicity");
    }

    @Test
    void no_answer_by_the_deadline_is_pending() {
        service.stubFor(post("/v1/detections")
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"det-9\",\"status\":\"pending\"}")));
        service.stubFor(get("/v1/detections/det-9").willReturn(okJson("{\"id\":\"det-9\",\"status\":\"pending\"}")));

        List<DetectionResult> results = detect(Duration.ofMillis(300));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(DetectionStatus.PENDING);
            assertThat(r.mode()).isEqualTo(DetectionMode.CLOUD);
            assertThat(r.reason())
                    .isEqualTo("no answer from the detection service within 300 ms (request det-9); it may"
                            + " still answer on Avaliar, or raise AVALIAR_DETECTION_TIMEOUT");
        });
    }

    @Test
    void a_cloud_span_is_sent_with_its_ids_and_records_the_service_s_results() throws Exception {
        service.stubFor(post("/v1/detections").willReturn(okJson(COMPLETED)));
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build()) {
            Avaliar.configure(AvaliarConfig.builder()
                    .openTelemetry(sdk)
                    .apiKey("test-key")
                    .detectionEndpoint(service.baseUrl())
                    .build());

            String answer = Avaliar.llm("answer")
                    .input("question", "Who is Ana?")
                    .detect(DetectorType.PII, DetectorType.TOXICITY)
                    .detectionMode(DetectionMode.CLOUD)
                    .call(() -> "Ana, ana@example.com");

            assertThat(answer).isEqualTo("Ana, ana@example.com");
            assertThat(Avaliar.awaitDetections(Duration.ofSeconds(10))).isTrue();
            CapturedSpan span = exporter.traces().get(0).root();
            assertThat(span.detectionMode()).contains(DetectionMode.CLOUD);
            // Recorded in the order of DetectorType: TOXICITY, then PII.
            assertThat(span.detections())
                    .extracting(DetectionResult::detector)
                    .containsExactly(DetectorType.TOXICITY, DetectorType.PII);
            assertCompleted(List.of(span.detections().get(1), span.detections().get(0)));
            service.verify(postRequestedFor(urlEqualTo("/v1/detections"))
                    .withRequestBody(matchingJsonPath("$.trace_id", equalTo(span.traceId())))
                    .withRequestBody(matchingJsonPath("$.span_id", equalTo(span.spanId())))
                    .withRequestBody(matchingJsonPath("$.input", equalTo("Who is Ana?"))));
        } finally {
            Avaliar.shutdown();
        }
    }

    @Test
    void a_blocking_span_s_prompt_is_sent_as_stage_prompt_and_its_text_after_the_call_as_stage_span() throws Exception {
        service.stubFor(post("/v1/detections")
                .willReturn(okJson("{\"id\":\"det-1\",\"status\":\"completed\",\"results\":["
                        + "{\"detector\":\"prompt_injection\",\"status\":\"completed\",\"issues\":[]}]}")));
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build()) {
            Avaliar.configure(AvaliarConfig.builder()
                    .openTelemetry(sdk)
                    .apiKey("test-key")
                    .detectionEndpoint(service.baseUrl())
                    .build());

            String answer = Avaliar.llm("chat")
                    .input("prompt", "hello")
                    .detect(DetectorType.PROMPT_INJECTION)
                    .detectionMode(DetectionMode.CLOUD)
                    .blocking(true)
                    .call(() -> "hi");

            assertThat(answer).isEqualTo("hi");
            assertThat(Avaliar.awaitDetections(Duration.ofSeconds(10))).isTrue();
            List<com.github.tomakehurst.wiremock.verification.LoggedRequest> sent =
                    service.findAll(postRequestedFor(urlEqualTo("/v1/detections")));
            assertThat(sent)
                    .extracting(r -> Json.MAPPER
                            .readTree(r.getBodyAsString())
                            .get("stage")
                            .asText())
                    .containsExactly("prompt", "span");
            assertThat(sent.get(0).getHeader("Idempotency-Key"))
                    .isNotEqualTo(sent.get(1).getHeader("Idempotency-Key"));
        } finally {
            Avaliar.shutdown();
        }
    }

    @Test
    void configured_with_only_an_open_telemetry_the_service_comes_from_system_properties() throws Exception {
        // As under the JUnit extension, which configures Avaliar with its own SDK and nothing else.
        service.stubFor(post("/v1/detections").willReturn(okJson(COMPLETED)));
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        System.setProperty("avaliar.apiKey", "test-key");
        System.setProperty("avaliar.detection.endpoint", service.baseUrl());
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build()) {
            Avaliar.configure(sdk);

            Avaliar.llm("answer")
                    .detect(DetectorType.PII)
                    .detectionMode(DetectionMode.CLOUD)
                    .call(() -> "ok");

            assertThat(Avaliar.awaitDetections(Duration.ofSeconds(10))).isTrue();
            assertThat(exporter.traces().get(0).root().detections())
                    .singleElement()
                    .satisfies(pii -> assertThat(pii.status()).isEqualTo(DetectionStatus.COMPLETED));
            service.verify(postRequestedFor(urlEqualTo("/v1/detections")).withHeader("X-API-Key", equalTo("test-key")));
        } finally {
            System.clearProperty("avaliar.apiKey");
            System.clearProperty("avaliar.detection.endpoint");
            Avaliar.shutdown();
        }
    }
}
