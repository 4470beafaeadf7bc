package ai.avaliar.recording;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.recording.SseBoundariesTest.Chunk;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Recording notes when each event of a stream arrived; {@code pace = RECORDED} replays each
 * event at that time again (the default sends them at once). Only lower bounds on time are
 * asserted: a busy machine may be late, never early.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ReplayPaceTest {

    @TempDir
    Path cassettes;

    static final AtomicReference<List<Chunk>> CHUNKS = new AtomicReference<>();

    @AvaliarRecording(cassette = "stream.json")
    static class AtOnce {
        @Test
        void streams(ProviderEndpoints endpoints) {
            CHUNKS.set(SseBoundariesTest.chunks(endpoints.anthropic() + "/v1/messages", "{\"stream\":true}"));
        }
    }

    @AvaliarRecording(cassette = "stream.json", pace = ReplayPace.RECORDED)
    static class AtRecordedPace {
        @Test
        void streams(ProviderEndpoints endpoints) {
            CHUNKS.set(SseBoundariesTest.chunks(endpoints.anthropic() + "/v1/messages", "{\"stream\":true}"));
        }
    }

    @Test
    void records_when_each_event_arrived() {
        WireMockServer upstream =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        upstream.start();
        try {
            upstream.stubFor(post(urlPathEqualTo("/v1/messages"))
                    .willReturn(aResponse()
                            .withHeader("content-type", "text/event-stream")
                            .withBody("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: {\"n\":3}\n\n")
                            // three pieces of 15 bytes, one event each, each after a 300 ms sleep
                            .withChunkedDribbleDelay(3, 900)));

            Kit.run(
                            AtOnce.class,
                            cassettes,
                            Map.of(
                                    "avaliar.recording.mode",
                                    "RECORD",
                                    "avaliar.recording.upstream.anthropic",
                                    "http://127.0.0.1:" + upstream.port()))
                    .testEvents()
                    .assertStatistics(s -> s.succeeded(1).failed(0));
        } finally {
            upstream.stop();
        }

        List<SseEvent> events = CassetteFiles.read(cassettes.resolve("stream.json"))
                .interactions()
                .get(0)
                .response()
                .events();
        // the upstream sleeps 300 ms before each piece: event n cannot have arrived before n * 300 ms
        assertThat(events).extracting(SseEvent::elapsedMs).doesNotContainNull().isSorted();
        assertThat(events.get(0).elapsedMs()).isGreaterThanOrEqualTo(290);
        assertThat(events.get(1).elapsedMs()).isGreaterThanOrEqualTo(590);
        assertThat(events.get(2).elapsedMs()).isGreaterThanOrEqualTo(890);
    }

    static final AtomicLong FIRST_EVENT_MS = new AtomicLong();
    static final AtomicLong CLOSED_MS = new AtomicLong();

    @AvaliarRecording(cassette = "slow.json", pace = ReplayPace.RECORDED)
    static class CancelsAfterTheFirstEvent {
        @Test
        void streams(ProviderEndpoints endpoints) {
            var client = Clients.anthropic(endpoints);
            long start = System.nanoTime();
            try (StreamResponse<RawMessageStreamEvent> stream =
                    client.messages().createStreaming(ReplayWithRealClientsTest.HELLO_IN_FRENCH)) {
                assertThat(stream.stream().findFirst()).isPresent();
                FIRST_EVENT_MS.set((System.nanoTime() - start) / 1_000_000);
            }
            CLOSED_MS.set((System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void a_real_client_gets_the_first_event_at_its_time_and_can_cancel_the_rest() {
        // the first event after 300 ms, the others only after 10 s
        List<SseEvent> events = new ArrayList<>();
        for (SseEvent event : SseEvent.parse(FakeProvider.ANTHROPIC_STREAM)) {
            events.add(event.withElapsedMs(events.isEmpty() ? 300L : 10_000L));
        }
        var body = Json.MAPPER
                .createObjectNode()
                .put("max_tokens", 256)
                .put("model", "claude-sonnet-4-5")
                .put("stream", true);
        body.putArray("messages")
                .addObject()
                .put("content", "Say hello in French")
                .put("role", "user");
        RecordedRequest request =
                new RecordedRequest("anthropic", "POST", "/v1/messages", "", Headers.of(), body, null);
        RecordedResponse response = new RecordedResponse(
                200, Map.of("content-type", List.of("text/event-stream")), null, events, null, null);
        Http.write(
                cassettes.resolve("slow.json"),
                CassetteFiles.toJson(new Cassette(
                        Json.MAPPER.createObjectNode(),
                        List.of(new Interaction(request, response, null, null, null)))));

        Kit.run(CancelsAfterTheFirstEvent.class, cassettes)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(FIRST_EVENT_MS.get()).isGreaterThanOrEqualTo(300);
        // closing the stream does not wait for the events still to come, due 9.7 s after the first
        assertThat(CLOSED_MS.get() - FIRST_EVENT_MS.get()).isLessThan(5000);
    }

    static final String PACED = """
      {"interactions": [{
        "request": {"upstream": "anthropic", "method": "POST", "path": "/v1/messages", "body": {"stream": true}},
        "response": {"status": 200, "headers": {"content-type": ["text/event-stream"]},
          "events": [{"data": {"n": 1}, "elapsedMs": 0}, {"data": {"n": 2}, "elapsedMs": 400},
                     {"data": {"n": 3}, "elapsedMs": 800}]}}]}
      """;

    @Test
    void replays_each_event_at_its_recorded_time_when_asked() {
        Http.write(cassettes.resolve("stream.json"), PACED);

        Kit.run(AtRecordedPace.class, cassettes)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));

        List<Chunk> chunks = CHUNKS.get();
        assertThat(chunks)
                .extracting(Chunk::text)
                .containsExactly("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: {\"n\":3}\n\n");
        assertThat(chunks.get(1).elapsedMs()).isGreaterThanOrEqualTo(400);
        assertThat(chunks.get(2).elapsedMs()).isGreaterThanOrEqualTo(800);
    }

    @Test
    void a_stream_without_event_times_is_sent_at_once_with_a_warning_when_its_pace_is_asked_for() {
        Http.write(cassettes.resolve("stream.json"), PACED.replaceAll(", \"elapsedMs\": \\d+", ""));
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("ai.avaliar.recording");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            Kit.run(AtRecordedPace.class, cassettes)
                    .testEvents()
                    .assertStatistics(s -> s.succeeded(1).failed(0));
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(CHUNKS.get()).hasSize(3);
        assertThat(warnings)
                .contains("Avaliar recording: pace = RECORDED, but this recorded stream has no time for each event (a"
                        + " VCR.py cassette, one recorded before pacing, or a stream kept as text); it is sent at once."
                        + " Record it again with avaliar-recording to replay it at its pace.");
    }
}
