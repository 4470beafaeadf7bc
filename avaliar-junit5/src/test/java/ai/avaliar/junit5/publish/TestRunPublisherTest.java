package ai.avaliar.junit5.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.internal.TraceJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Publishing against a real HTTP server standing in for Avaliar: up, down, slow, failing, too small, refusing. */
@Timeout(20)
class TestRunPublisherTest {

    private static final Map<String, String> OUTCOMES = Map.of(
            PublishFixtures.testId(0), "SUCCESSFUL",
            PublishFixtures.testId(1), "FAILED",
            PublishFixtures.testId(2), "ABORTED");

    @TempDir
    Path avaliarDir;

    private WireMockServer receiver =
            new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private void up() {
        receiver.start();
        receiver.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post("/v1/runs").willReturn(aResponse().withStatus(202)));
    }

    /** The requests to a path the receiver answered 2xx, oldest first. */
    private List<byte[]> accepted(String path) {
        return served(path).stream()
                .filter(e -> e.getResponse().getStatus() / 100 == 2)
                .map(e -> e.getRequest().getBody())
                .toList();
    }

    private List<ServeEvent> served(String path) {
        List<ServeEvent> events = new ArrayList<>(receiver.getAllServeEvents());
        events.removeIf(e -> !e.getRequest().getUrl().equals(path));
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events;
    }

    private List<OtlpReceived.Span> receivedSpans() {
        return accepted("/v1/traces").stream()
                .flatMap(body -> OtlpReceived.decode(body).spans().stream())
                .toList();
    }

    private static Set<String> ids(List<SpanData> spans) {
        return spans.stream().map(s -> s.getTraceId() + "/" + s.getSpanId()).collect(Collectors.toSet());
    }

    private Path spoolDir() {
        return avaliarDir.resolve("spool");
    }

    private List<String> spooled() throws IOException {
        if (!Files.isDirectory(spoolDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spoolDir())) {
            return files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private String spoolShown() {
        return TestRunPublisher.display(spoolDir());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sends_the_runs_spans_as_otlp_protobuf_with_the_key_the_run_and_each_tests_outcome() throws IOException {
        up();
        List<SpanData> spans = PublishFixtures.traces(3, 3);

        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(spans, OUTCOMES, avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .isEqualTo("Avaliar: published 9 spans of 3 traces to " + receiver.baseUrl() + "; nothing left in "
                        + spoolShown());
        ServeEvent request = served("/v1/traces").get(0);
        assertThat(request.getRequest().getHeader("X-API-Key")).isEqualTo("test-key");
        assertThat(request.getRequest().getHeader("Content-Type")).isEqualTo("application/x-protobuf");
        List<OtlpReceived.Span> received = receivedSpans();
        assertThat(received).extracting(OtlpReceived.Span::id).containsExactlyInAnyOrderElementsOf(ids(spans));
        assertThat(received)
                .allSatisfy(span -> assertThat(span.resource())
                        .containsEntry("service.name", "agent-tests")
                        .containsEntry("vcs.ref.head.revision", "0123456789abcdef0123456789abcdef01234567")
                        .containsEntry("vcs.ref.head.name", "main")
                        .containsEntry("avaliar.ci.provider", "github-actions")
                        .containsEntry("cicd.pipeline.run.url.full", "https://github.com/acme/agents/actions/runs/4242")
                        .containsKey("avaliar.test.run.id"));
        assertThat(received.stream()
                        .map(s -> s.resource().get("avaliar.test.run.id"))
                        .distinct())
                .hasSize(1);
        Map<String, Object> outcomes = received.stream()
                .filter(s -> s.attributes().containsKey("avaliar.test.outcome"))
                .collect(Collectors.toMap(
                        OtlpReceived.Span::name, s -> s.attributes().get("avaliar.test.outcome")));
        assertThat(outcomes)
                .as("the outcome is on root spans only")
                .isEqualTo(Map.of("agent-0", "successful", "agent-1", "failed", "agent-2", "aborted"));
        assertThat(spooled()).isEmpty();
    }

    @Test
    void sends_a_small_json_run_record_after_the_traces() throws IOException {
        up();
        PublishFixtures.publisher(receiver.baseUrl()).publish(PublishFixtures.traces(3, 2), OUTCOMES, avaliarDir);

        List<ServeEvent> runs = served("/v1/runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getRequest().getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(runs.get(0).getRequest().getHeader("X-API-Key")).isEqualTo("test-key");
        assertThat(runs.get(0).getRequest().getLoggedDate())
                .isAfterOrEqualTo(served("/v1/traces").get(0).getRequest().getLoggedDate());
        JsonNode record = new ObjectMapper().readTree(runs.get(0).getRequest().getBody());
        assertThat(record.get("schema").asText()).isEqualTo("avaliar.test.run/v1");
        assertThat(record.get("run_id").asText())
                .isEqualTo(OtlpReceived.decode(accepted("/v1/traces").get(0))
                        .spans()
                        .get(0)
                        .resource()
                        .get("avaliar.test.run.id"));
        assertThat(record.get("vcs").toString())
                .isEqualTo("{\"revision\":\"0123456789abcdef0123456789abcdef01234567\",\"branch\":\"main\"}");
        assertThat(record.get("ci").get("build_url").asText())
                .isEqualTo("https://github.com/acme/agents/actions/runs/4242");
        assertThat(record.get("totals").toString())
                .isEqualTo(
                        "{\"tests\":3,\"successful\":1,\"failed\":1,\"aborted\":1,\"skipped\":0,\"traces\":3,\"spans\":6}");
        assertThat(record.get("tests_not_successful").toString())
                .isEqualTo(
                        "["
                                + "{\"test_id\":\"[engine:junit-jupiter]/[class:Agents]/[method:t1()]\",\"outcome\":\"failed\"},"
                                + "{\"test_id\":\"[engine:junit-jupiter]/[class:Agents]/[method:t2()]\",\"outcome\":\"aborted\"}]");
    }

    @Test
    void batches_spans_keeping_traces_whole_when_they_fit() {
        up();
        List<SpanData> spans = new ArrayList<>(PublishFixtures.traces(3, 3));
        spans.addAll(PublishFixtures.traces(1, 10));
        TestRunPublisher publisher = PublishFixtures.publisher(
                receiver.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 4, 1 << 20);

        String summary = publisher.publish(spans, OUTCOMES, avaliarDir).orElseThrow();

        assertThat(summary).startsWith("Avaliar: published 19 spans of 4 traces to ");
        List<List<OtlpReceived.Span>> batches = accepted("/v1/traces").stream()
                .map(b -> OtlpReceived.decode(b).spans())
                .toList();
        assertThat(batches).extracting(List::size).containsExactly(3, 3, 3, 4, 4, 2);
        assertThat(batches.subList(0, 3))
                .allSatisfy(batch -> assertThat(
                                batch.stream().map(OtlpReceived.Span::traceId).distinct())
                        .hasSize(1));
        assertThat(receivedSpans()).extracting(OtlpReceived.Span::id).containsExactlyInAnyOrderElementsOf(ids(spans));
    }

    @Test
    void retries_a_failing_receiver_and_sends_once_it_recovers() throws IOException {
        receiver.start();
        receiver.stubFor(post("/v1/traces")
                .inScenario("restart")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        receiver.stubFor(post("/v1/traces")
                .inScenario("restart")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post("/v1/runs").willReturn(aResponse().withStatus(202)));
        List<SpanData> spans = PublishFixtures.traces(2, 3);

        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(spans, OUTCOMES, avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .isEqualTo("Avaliar: published 6 spans of 2 traces to " + receiver.baseUrl() + "; nothing left in "
                        + spoolShown());
        assertThat(served("/v1/traces"))
                .extracting(e -> e.getResponse().getStatus())
                .containsExactly(503, 200);
        assertThat(receivedSpans()).extracting(OtlpReceived.Span::id).containsExactlyInAnyOrderElementsOf(ids(spans));
        assertThat(spooled()).isEmpty();
    }

    @Test
    void a_receiver_that_keeps_failing_gets_a_bounded_number_of_attempts_and_the_run_is_spooled() throws IOException {
        receiver.start();
        receiver.stubFor(
                post("/v1/traces").willReturn(aResponse().withStatus(503).withBody("overloaded")));
        List<SpanData> spans = PublishFixtures.traces(3, 2);
        TestRunPublisher publisher = PublishFixtures.publisher(
                receiver.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 2, 1 << 20);

        String summary = publisher.publish(spans, OUTCOMES, avaliarDir).orElseThrow();

        assertThat(summary)
                .isEqualTo("Avaliar: published 0 of 6 spans (3 traces) to " + receiver.baseUrl()
                        + "; the receiver was unavailable (HTTP 503: overloaded after 3 attempts)"
                        + "; 6 spans of this run spooled in 3 batches; 4 files left in " + spoolShown()
                        + ", sent by the next run");
        assertThat(served("/v1/traces"))
                .as("the first batch's attempts, then no more tries")
                .hasSize(3);
        assertThat(served("/v1/runs")).isEmpty();
        assertThat(spooled())
                .hasSize(4)
                .filteredOn(name -> name.endsWith(".otlp"))
                .hasSize(3);
        assertThat(spooled()).filteredOn(name -> name.endsWith(".run.json")).hasSize(1);
    }

    @Test
    void a_receiver_that_is_down_costs_a_few_refused_connections_and_nothing_is_lost() throws IOException {
        List<SpanData> spans = PublishFixtures.traces(2, 2);
        String endpoint = "http://127.0.0.1:" + closedPort();

        String summary = PublishFixtures.publisher(endpoint)
                .publish(spans, OUTCOMES, avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .startsWith("Avaliar: published 0 of 4 spans (2 traces) to " + endpoint
                        + "; the receiver was unavailable (connection refused");
        assertThat(summary)
                .endsWith("after 3 attempts); 4 spans of this run spooled in 1 batch; 2 files left in " + spoolShown()
                        + ", sent by the next run");
        assertThat(spooled()).hasSize(2);
    }

    @Test
    void a_slow_receiver_is_given_up_on_at_the_deadline_and_the_run_is_spooled() throws IOException {
        receiver.start();
        receiver.stubFor(
                post("/v1/traces").willReturn(aResponse().withStatus(200).withFixedDelay(600)));
        List<SpanData> spans = PublishFixtures.traces(3, 2);
        TestRunPublisher publisher = PublishFixtures.publisher(
                receiver.baseUrl(), Duration.ofMillis(500), Duration.ofMillis(200), 5, 2, 1 << 20);

        long started = System.nanoTime();
        String summary = publisher.publish(spans, OUTCOMES, avaliarDir).orElseThrow();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took)
                .as("bounded by the 500 ms deadline, with room for a slow machine")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(summary)
                .startsWith(
                        "Avaliar: published 0 of 6 spans (3 traces) to " + receiver.baseUrl()
                                + "; out of time: publishing stops after 500 ms (avaliar.publish.timeout), the last try: no answer within ");
        assertThat(summary)
                .endsWith("; 6 spans of this run spooled in 3 batches; 4 files left in " + spoolShown()
                        + ", sent by the next run");
    }

    @Test
    void a_413_halves_the_batch_until_the_receiver_takes_it_and_every_span_arrives_once() throws IOException {
        receiver.start();
        int limit = OtlpWire.encode(PublishFixtures.traces(1, 3)).length + 100;
        receiver.stubFor(post("/v1/traces")
                .andMatching(request -> MatchResult.of(request.getBody().length > limit))
                .atPriority(1)
                .willReturn(aResponse().withStatus(413)));
        receiver.stubFor(post("/v1/traces").atPriority(2).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post("/v1/runs").willReturn(aResponse().withStatus(202)));
        List<SpanData> spans = PublishFixtures.traces(8, 2);

        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(spans, OUTCOMES, avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .isEqualTo("Avaliar: published 16 spans of 8 traces to " + receiver.baseUrl() + "; nothing left in "
                        + spoolShown());
        assertThat(served("/v1/traces"))
                .extracting(e -> e.getResponse().getStatus())
                .contains(413, 200);
        assertThat(accepted("/v1/traces"))
                .allSatisfy(body -> assertThat(body.length).isLessThanOrEqualTo(limit));
        List<String> received =
                receivedSpans().stream().map(OtlpReceived.Span::id).toList();
        assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(spans));
        assertThat(receivedSpans())
                .allSatisfy(span -> assertThat(span.resource()).containsKey("avaliar.test.run.id"));
    }

    @Test
    void a_413_on_a_spooled_body_cuts_it_between_traces_and_every_span_arrives_once() throws IOException {
        // given: an earlier run's four traces in the spool, and a receiver taking a third of them at most
        List<SpanData> earlier = PublishFixtures.traces(4, 2);
        byte[] body = OtlpWire.encodePerTrace(earlier, OtlpWire::encode);
        new Spool(spoolDir(), 1 << 20, "earlier-run").write(body, Spool.TRACES);
        int limit = body.length / 3;
        receiver.start();
        receiver.stubFor(post("/v1/traces")
                .andMatching(request -> MatchResult.of(request.getBody().length > limit))
                .atPriority(1)
                .willReturn(aResponse().withStatus(413)));
        receiver.stubFor(post("/v1/traces").atPriority(2).willReturn(aResponse().withStatus(200)));

        // when
        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(List.of(), Map.of(), avaliarDir)
                .orElseThrow();

        // then
        assertThat(summary).contains("8 spooled spans of earlier runs").contains("nothing left in " + spoolShown());
        assertThat(served("/v1/traces").get(0).getResponse().getStatus()).isEqualTo(413);
        assertThat(accepted("/v1/traces"))
                .hasSize(4)
                .allSatisfy(accepted -> assertThat(accepted.length).isLessThanOrEqualTo(limit));
        assertThat(receivedSpans().stream().map(OtlpReceived.Span::id).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids(earlier));
        assertThat(spooled()).isEmpty();
    }

    @Test
    void a_single_span_too_large_for_the_receiver_is_kept_aside_and_said_so() throws IOException {
        receiver.start();
        receiver.stubFor(post("/v1/traces")
                .andMatching(request -> MatchResult.of(request.getBody().length > 2_000))
                .atPriority(1)
                .willReturn(aResponse().withStatus(413)));
        receiver.stubFor(post("/v1/traces").atPriority(2).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post("/v1/runs").willReturn(aResponse().withStatus(202)));
        List<SpanData> spans = new ArrayList<>(PublishFixtures.traces(1, 2));
        spans.addAll(PublishFixtures.traces(1, 2, "x".repeat(5_000)));

        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(spans, Map.of(), avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .startsWith("Avaliar: published 3 of 4 spans (2 traces) to " + receiver.baseUrl()
                        + "; a single span larger than the receiver takes (HTTP 413); nothing left in " + spoolShown()
                        + "; 1 refused for good, kept in " + spoolShown() + "/rejected");
        try (Stream<Path> rejected = Files.list(spoolDir().resolve("rejected"))) {
            List<Path> files = rejected.toList();
            assertThat(files)
                    .singleElement()
                    .satisfies(file -> assertThat(OtlpReceived.decode(Files.readAllBytes(file))
                                    .spans())
                            .singleElement()
                            .satisfies(span -> assertThat(span.name()).isEqualTo("tool-0-1")));
        }
    }

    @Test
    void a_refused_key_stops_at_the_first_request_and_says_to_check_the_key() throws IOException {
        receiver.start();
        receiver.stubFor(
                post("/v1/traces").willReturn(aResponse().withStatus(401).withBody("unknown key")));
        TestRunPublisher publisher = PublishFixtures.publisher(
                receiver.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(2), 5, 2, 1 << 20);

        String summary = publisher
                .publish(PublishFixtures.traces(4, 2), OUTCOMES, avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .isEqualTo("Avaliar: published 0 of 8 spans (4 traces) to " + receiver.baseUrl()
                        + "; the receiver refused the key (HTTP 401: unknown key): check AVALIAR_API_KEY"
                        + "; 8 spans of this run spooled in 4 batches; 5 files left in " + spoolShown()
                        + ", sent by the next run");
        assertThat(receiver.getAllServeEvents())
                .as("no retry storm: one request in all")
                .hasSize(1);
    }

    @Test
    void a_redirect_is_a_wrong_endpoint_it_stops_names_the_location_and_spools_the_batches() throws IOException {
        receiver.start();
        receiver.stubFor(post("/v1/traces")
                .willReturn(aResponse()
                        .withStatus(301)
                        .withHeader("Location", "https://user:secret@ingest.example.com/v1/traces?token=secret")));
        receiver.stubFor(post("/v1/runs").willReturn(aResponse().withStatus(202)));

        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(PublishFixtures.traces(2, 2), OUTCOMES, avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .contains(
                        receiver.baseUrl() + "/v1/traces redirected (HTTP 301 to https://ingest.example.com/v1/traces)"
                                + ": set AVALIAR_ENDPOINT to where it points")
                .doesNotContain("secret");
        assertThat(receiver.getAllServeEvents())
                .as("stopped at the first redirect, not followed")
                .hasSize(1);
        assertThat(spooled())
                .filteredOn(name -> name.endsWith(".otlp"))
                .singleElement()
                .satisfies(name -> assertThat(OtlpReceived.decode(
                                        Files.readAllBytes(spoolDir().resolve(name)))
                                .spans())
                        .hasSize(4));
        assertThat(spooled()).filteredOn(name -> name.endsWith(".run.json")).hasSize(1);
        assertThat(spoolDir().resolve("rejected")).doesNotExist();
    }

    @Test
    void an_exporter_that_does_not_match_loses_no_span_they_are_kept_as_json_lines() throws IOException {
        up();
        List<SpanData> spans = PublishFixtures.traces(2, 3);
        TestRunPublisher publisher = PublishFixtures.publisher(receiver.baseUrl())
                .withEncoder(batch -> {
                    throw new NoSuchMethodError(
                            "'TraceRequestMarshaler TraceRequestMarshaler.create(java.util.Collection)'");
                });

        String summary = publisher.publish(spans, OUTCOMES, avaliarDir).orElseThrow();

        assertThat(summary)
                .startsWith("Avaliar: nothing more was published: the OpenTelemetry OTLP exporter on the class path"
                        + " does not match")
                .contains("this run's 6 spans are kept as JSON lines in " + spoolShown() + "/");
        assertThat(spooled()).singleElement().satisfies(name -> {
            assertThat(name).endsWith(".spans.jsonl");
            List<String> lines = Files.readAllLines(spoolDir().resolve(name));
            assertThat(lines).hasSize(2);
            assertThat(lines)
                    .allSatisfy(
                            line -> assertThat(TraceJson.MAPPER.readTree(line).get("spans"))
                                    .hasSize(3));
        });
        assertThat(new Spool(spoolDir(), 1 << 20, "x").entries())
                .as("not OTLP, so never sent")
                .isEmpty();
    }

    @Test
    void a_refused_run_record_is_kept_as_json_not_as_otlp() throws IOException {
        receiver.start();
        receiver.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post("/v1/runs").willReturn(aResponse().withStatus(400).withBody("bad run")));

        PublishFixtures.publisher(receiver.baseUrl())
                .publish(PublishFixtures.traces(1, 1), OUTCOMES, avaliarDir)
                .orElseThrow();

        try (Stream<Path> rejected = Files.list(spoolDir().resolve("rejected"))) {
            assertThat(rejected.map(file -> file.getFileName().toString()))
                    .singleElement()
                    .satisfies(name -> assertThat(name).endsWith(".run.json"));
        }
    }

    @Test
    void an_endpoint_with_nothing_at_v1_traces_stops_and_says_to_check_the_endpoint() {
        receiver.start();

        String summary = PublishFixtures.publisher(receiver.baseUrl() + "/wrong")
                .publish(PublishFixtures.traces(1, 1), Map.of(), avaliarDir)
                .orElseThrow();

        assertThat(summary).contains("; " + receiver.baseUrl() + "/wrong/v1/traces answered HTTP 404");
        assertThat(summary)
                .contains(
                        ": check AVALIAR_ENDPOINT, the base URL of an OTLP/HTTP receiver (spans go to <endpoint>/v1/traces)");
        assertThat(receiver.getAllServeEvents()).hasSize(1);
    }

    @Test
    void an_opentelemetry_collector_takes_the_traces_and_no_run_record_which_is_not_spooled() throws IOException {
        receiver.start();
        receiver.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)));
        // The OTLP receiver of an OpenTelemetry collector answers this to paths it does not serve.
        receiver.stubFor(post("/v1/runs").willReturn(aResponse().withStatus(404).withBody("404 page not found\n")));

        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(PublishFixtures.traces(1, 2), OUTCOMES, avaliarDir)
                .orElseThrow();

        assertThat(summary)
                .isEqualTo("Avaliar: published 2 spans of 1 trace to " + receiver.baseUrl()
                        + "; " + receiver.baseUrl()
                        + "/v1/runs answered HTTP 404: 404 page not found, so no run record was sent (an OpenTelemetry"
                        + " collector takes none; the run is on every span's resource); nothing left in "
                        + spoolShown());
        assertThat(spooled()).isEmpty();
    }

    @Test
    void no_trace_is_lost_across_an_outage_the_next_run_sends_the_spool_and_nothing_twice() throws IOException {
        int port = closedPort();
        String endpoint = "http://127.0.0.1:" + port;
        List<SpanData> duringOutage = PublishFixtures.traces(5, 3);
        TestRunPublisher small =
                PublishFixtures.publisher(endpoint, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 4, 1 << 20);

        // given: a run while the backend is down
        String first = small.publish(duringOutage, OUTCOMES, avaliarDir).orElseThrow();
        assertThat(first).contains("15 spans of this run spooled in 5 batches; 6 files left in " + spoolShown());

        // when: the next run, with the backend up again on the same address
        receiver = new WireMockServer(wireMockConfig().port(port).bindAddress("127.0.0.1"));
        up();
        List<SpanData> nextRun = PublishFixtures.traces(2, 2);
        String second = small.publish(nextRun, OUTCOMES, avaliarDir).orElseThrow();

        // then
        assertThat(second)
                .isEqualTo("Avaliar: published 4 spans of 2 traces to " + endpoint
                        + ", and 15 spooled spans of earlier runs (6 files); nothing left in " + spoolShown());
        assertThat(spooled()).isEmpty();
        List<String> received =
                receivedSpans().stream().map(OtlpReceived.Span::id).toList();
        Set<String> expected = new HashSet<>(ids(duringOutage));
        expected.addAll(ids(nextRun));
        assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        Map<Object, Long> spansByRun = receivedSpans().stream()
                .collect(Collectors.groupingBy(s -> s.resource().get("avaliar.test.run.id"), Collectors.counting()));
        assertThat(spansByRun.values())
                .as("each span under the run that made it")
                .containsExactlyInAnyOrder(15L, 4L);
        assertThat(accepted("/v1/runs")).hasSize(2);
        assertThat(served("/v1/traces").get(0).getRequest().getBody())
                .as("the spool goes first")
                .satisfies(body -> assertThat(OtlpReceived.decode(body)
                                .spans()
                                .get(0)
                                .resource()
                                .get("avaliar.test.run.id"))
                        .isNotEqualTo(spansByRun.keySet().stream()
                                .filter(id -> spansByRun.get(id) == 4L)
                                .findFirst()
                                .orElseThrow()));
    }

    @Test
    void a_full_spool_keeps_what_it_has_and_says_loudly_what_it_could_not_keep(@TempDir Path elsewhere)
            throws IOException {
        List<SpanData> spans = PublishFixtures.traces(3, 2);
        String endpoint = "http://127.0.0.1:" + closedPort();
        PublishFixtures.publisher(endpoint, Duration.ofSeconds(5), Duration.ofSeconds(2), 1, 2, 1 << 20)
                .publish(spans, Map.of(), elsewhere);
        long oneBatch; // about 1.1 KB: the limit is one and a half of them
        try (Stream<Path> files = Files.list(elsewhere.resolve("spool"))) {
            oneBatch = files.filter(f -> f.toString().endsWith(".otlp"))
                    .findFirst()
                    .map(f -> f.toFile().length())
                    .orElseThrow();
        }
        TestRunPublisher publisher = PublishFixtures.publisher(
                endpoint, Duration.ofSeconds(5), Duration.ofSeconds(2), 1, 2, oneBatch + oneBatch / 2);

        String summary = publisher.publish(spans, Map.of(), avaliarDir).orElseThrow();

        assertThat(summary)
                .contains(
                        "; 2 spans of this run spooled in 1 batch; SPOOL FULL (1 KB limit): 4 spans of this run could not be spooled and will not be published (they are in "
                                + TestRunPublisher.display(avaliarDir.resolve("traces.jsonl")) + ")");
        assertThat(spooled()).filteredOn(name -> name.endsWith(".otlp")).hasSize(1);
    }

    @Test
    void a_damaged_spool_file_is_moved_aside_not_sent_and_not_lost() throws IOException {
        up();
        Files.createDirectories(spoolDir());
        Files.writeString(spoolDir().resolve("0000000000001-000001-old.otlp"), "not protobuf at all");

        String summary = PublishFixtures.publisher(receiver.baseUrl())
                .publish(PublishFixtures.traces(1, 1), Map.of(), avaliarDir)
                .orElseThrow();

        assertThat(summary).contains("0000000000001-000001-old.otlp is no OTLP request (not an OTLP request:");
        assertThat(spoolDir().resolve("rejected/0000000000001-000001-old.otlp")).hasContent("not protobuf at all");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void two_jvms_sharing_a_spool_never_send_a_file_twice() throws Exception {
        List<SpanData> spooledSpans = PublishFixtures.traces(12, 2);
        TestRunPublisher offline = PublishFixtures.publisher(
                "http://127.0.0.1:" + closedPort(), Duration.ofSeconds(5), Duration.ofSeconds(2), 1, 2, 1 << 20);
        offline.publish(spooledSpans, Map.of(), avaliarDir);
        assertThat(spooled()).hasSize(13);
        up();

        TestRunPublisher a = PublishFixtures.publisher(receiver.baseUrl());
        TestRunPublisher b = PublishFixtures.publisher(receiver.baseUrl());
        Thread other = new Thread(() -> b.publish(List.of(), Map.of(), avaliarDir));
        other.start();
        a.publish(List.of(), Map.of(), avaliarDir);
        other.join(10_000);

        assertThat(spooled()).isEmpty();
        assertThat(receivedSpans().stream().map(OtlpReceived.Span::id).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids(spooledSpans));
        assertThat(accepted("/v1/runs")).hasSize(1);
    }
}
