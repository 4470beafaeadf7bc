package ai.avaliar.recording;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.suppressed;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** RECORD, RECORD_MISSING and PASSTHROUGH against a local WireMock standing in for the provider. */
@Execution(ExecutionMode.SAME_THREAD)
class RecordingModesTest {

    @TempDir
    Path cassettes;

    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    final WireMockServer upstream =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void start() {
        upstream.start();
    }

    @AfterEach
    void stop() {
        upstream.stop();
    }

    private Map<String, String> settings(String mode) {
        return settings(mode, upstream.port());
    }

    private static Map<String, String> settings(String mode, int port) {
        return Map.of("avaliar.recording.mode", mode, "avaliar.recording.upstream.openai", "http://127.0.0.1:" + port);
    }

    private Path cassette(Class<?> fixture, String method) {
        return cassettes
                .resolve("RecordingModesTest$" + fixture.getSimpleName())
                .resolve(method + ".json");
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] deflate(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @AvaliarRecording(redactHeaders = "x-internal-trace", redactBodyFields = "account.email")
    static class TwoQuestions {
        @Test
        void asks(ProviderEndpoints endpoints) {
            String url = endpoints.openai() + "/chat/completions";
            SEEN.put("one", Http.post(url, MatchingBehaviourTest.ask("one")));
            SEEN.put("two", Http.post(url, MatchingBehaviourTest.ask("two")));
        }
    }

    @Test
    void decompresses_gzip_and_deflate_responses_before_saving_and_redacts_configured_fields() throws Exception {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("\"one\""))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withHeader("content-encoding", "gzip")
                        .withHeader("x-internal-trace", "trace-1")
                        .withBody(gzip("{\"answer\": \"gzipped\", \"account\": {\"email\": \"a@b.c\"}}"))));
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("\"two\""))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withHeader("content-encoding", "deflate")
                        .withBody(deflate("{\"answer\": \"deflated\"}"))));

        Kit.run(TwoQuestions.class, cassettes, settings("RECORD")).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(SEEN).containsEntry("one", "200 {\"answer\": \"gzipped\", \"account\": {\"email\": \"a@b.c\"}}");
        assertThat(SEEN).containsEntry("two", "200 {\"answer\": \"deflated\"}");
        String json = Files.readString(cassette(TwoQuestions.class, "asks"));
        assertThat(json)
                // the redacted body becomes JSON; the other stays the exact text it was
                .contains("\"answer\" : \"gzipped\"", "\"bodyText\" : \"{\\\"answer\\\": \\\"deflated\\\"}\"")
                .contains("\"email\" : \"<redacted>\"")
                .doesNotContain("a@b.c", "content-encoding", "x-internal-trace", "authorization", "sk-test");
    }

    @Test
    void record_missing_replays_what_is_recorded_and_records_only_the_rest() {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withBody("{\"answer\": \"live\"}")));
        Http.write(
                cassette(TwoQuestions.class, "asks"),
                Http.cassette(MatchingBehaviourTest.ask("one"), "{\"answer\": \"recorded\"}"));

        Kit.run(TwoQuestions.class, cassettes, settings("record-missing"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));

        assertThat(SEEN).containsEntry("one", "200 {\"answer\":\"recorded\"}");
        assertThat(SEEN).containsEntry("two", "200 {\"answer\": \"live\"}");
        upstream.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        Cassette written = CassetteFiles.read(cassette(TwoQuestions.class, "asks"));
        assertThat(written.interactions()).hasSize(2);
        // not compact JSON as received, so kept as its exact text
        assertThat(written.interactions().get(1).response().bodyText()).isEqualTo("{\"answer\": \"live\"}");
    }

    @Test
    void passthrough_sends_everything_upstream_and_writes_nothing() {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withBody("{\"answer\": \"live\"}")));

        Kit.run(TwoQuestions.class, cassettes, settings("PASSTHROUGH"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));

        upstream.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        assertThat(Files.exists(cassette(TwoQuestions.class, "asks"))).isFalse();
    }

    static final String WITH_EMAIL =
            "{\"model\": \"gpt-4o-mini\", \"metadata\": {\"customer_email\": \"ada@example.com\"},"
                    + " \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}";

    @AvaliarRecording(redactBodyFields = "metadata.customer_email")
    static class RedactedRequestField {
        @Test
        void asks(ProviderEndpoints endpoints) {
            SEEN.put("redacted", Http.post(endpoints.openai() + "/chat/completions", WITH_EMAIL));
        }
    }

    @Test
    void replays_a_request_whose_redacted_field_holds_the_real_value_again() throws Exception {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withBody("{\"answer\": \"live\"}")));
        Kit.run(RedactedRequestField.class, cassettes, settings("RECORD"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        assertThat(Files.readString(cassette(RedactedRequestField.class, "asks")))
                .contains("\"customer_email\" : \"<redacted>\"")
                .doesNotContain("ada@example.com");
        SEEN.clear();
        int port = upstream.port();
        upstream.stop();

        var replayed = Kit.run(RedactedRequestField.class, cassettes, settings("REPLAY", port));

        replayed.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN).containsEntry("redacted", "200 {\"answer\": \"live\"}");
    }

    @AvaliarRecording
    static class FailsAfterAsking {
        @Test
        void asks(ProviderEndpoints endpoints) {
            Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("one"));
            throw new AssertionError("the answer was wrong");
        }
    }

    @Test
    void keeps_the_previous_cassette_when_the_recorded_test_fails() throws Exception {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withBody("{\"answer\": \"new\"}")));
        Path file = cassette(FailsAfterAsking.class, "asks");

        for (String mode : List.of("RECORD", "RECORD_MISSING")) {
            String previous =
                    Files.readString(Http.write(file, Http.cassette(MatchingBehaviourTest.ask("other"), "{}")));

            Kit.run(FailsAfterAsking.class, cassettes, settings(mode))
                    .testEvents()
                    .assertThatEvents()
                    .haveExactly(
                            1,
                            event(
                                    test("asks"),
                                    finishedWithFailure(
                                            message("the answer was wrong"),
                                            suppressed(
                                                    0,
                                                    message(
                                                            "Test failed; cassette "
                                                                    + file
                                                                    + " not written (mode "
                                                                    + mode
                                                                    + "), the previous one is kept. Record again once the test passes.")))));
            assertThat(Files.readString(file)).as(mode).isEqualTo(previous);
        }
    }

    @Test
    void writes_no_cassette_when_the_first_recording_of_a_test_fails() {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withBody("{}")));
        Path file = cassette(FailsAfterAsking.class, "asks");

        Kit.run(FailsAfterAsking.class, cassettes, settings("RECORD"))
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(
                                        message("the answer was wrong"),
                                        suppressed(
                                                0,
                                                message("Test failed; cassette "
                                                        + file
                                                        + " not written (mode RECORD); there was none before. Record again once"
                                                        + " the test passes.")))));
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void refuses_to_record_responses_that_reject_the_credentials() throws Exception {
        for (int status : List.of(401, 403)) {
            upstream.resetAll();
            upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                    .willReturn(aResponse()
                            .withStatus(status)
                            .withHeader("content-type", "application/json")
                            .withBody("{\"error\": {\"message\": \"Incorrect API key provided\"}}")));
            Path file = Http.write(
                    cassette(TwoQuestions.class, "asks"), Http.cassette(MatchingBehaviourTest.ask("one"), "{}"));
            String previous = Files.readString(file);

            var results = Kit.run(TwoQuestions.class, cassettes, settings("RECORD"));

            assertThat(SEEN.get("one")).startsWith(status + " {\"error\"");
            results.testEvents()
                    .assertThatEvents()
                    .haveExactly(
                            1,
                            event(
                                    test("asks"),
                                    finishedWithFailure(message("The upstream 'openai' rejected the credentials ("
                                            + status
                                            + ") for POST openai /v1/chat/completions (mode RECORD); cassette "
                                            + file
                                            + " not written, the previous one is kept. Check OPENAI_API_KEY, then"
                                            + " record again."))));
            assertThat(Files.readString(file)).isEqualTo(previous);
        }
    }

    @AvaliarRecording
    static class Credentials {
        static volatile String key;

        @Test
        void asks(ProviderEndpoints endpoints) {
            SEEN.put(
                    "credentials",
                    Http.post(
                            endpoints.upstream("gemini") + "/v1beta/models/gemini:generateContent?alt=sse&key=" + key
                                    + "&Api_Key=" + key + "&access_token=" + key + "&token=" + key + "&api-key=" + key,
                            MatchingBehaviourTest.ask("hi"),
                            "x-goog-api-key",
                            key,
                            "x-custom-auth",
                            key,
                            "x-session-id",
                            "session-" + key,
                            "x-client-secret",
                            key,
                            "anthropic-version",
                            "2023-06-01",
                            "anthropic-beta",
                            "token-efficient-tools-2025-02-19"));
        }
    }

    @Test
    void redacts_credential_headers_and_query_parameters_and_replays_with_another_key() throws Exception {
        upstream.stubFor(post(urlPathEqualTo("/v1beta/models/gemini:generateContent"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withHeader("x-ratelimit-remaining-tokens", "149984")
                        .withHeader("anthropic-ratelimit-input-tokens-limit", "400000")
                        .withHeader("anthropic-priority-output-tokens-reset", "2026-01-01T00:00:00Z")
                        .withHeader("x-amz-security-token", "FwoGZXIvYXdzEJr")
                        .withHeader("x-upstream-session", "sess-42")
                        .withHeader("www-authenticate", "Bearer realm=\"api\"")
                        .withBody("{\"answer\": \"recorded\"}")));
        Map<String, String> settings = Map.of(
                "avaliar.recording.mode",
                "RECORD",
                "avaliar.recording.upstream.gemini",
                "http://127.0.0.1:" + upstream.port());
        Credentials.key = "recording-key-1111";

        Kit.run(Credentials.class, cassettes, settings).testEvents().assertStatistics(s -> s.succeeded(1));

        String json = Files.readString(cassette(Credentials.class, "asks"));
        assertThat(json)
                .doesNotContain("recording-key-1111", "FwoGZXIvYXdzEJr", "sess-42", "realm")
                .doesNotContain("x-goog-api-key", "x-custom-auth", "x-session-id", "x-client-secret")
                .doesNotContain("x-amz-security-token", "x-upstream-session", "www-authenticate")
                .contains(
                        "\"query\" : \"alt=sse&key=<redacted>&Api_Key=<redacted>&access_token=<redacted>&token=<redacted>"
                                + "&api-key=<redacted>\"")
                .contains("\"anthropic-version\"", "\"anthropic-beta\"", "\"x-ratelimit-remaining-tokens\"")
                .contains("\"anthropic-ratelimit-input-tokens-limit\"", "\"anthropic-priority-output-tokens-reset\"");

        // when: replayed with another key and the upstream gone
        SEEN.clear();
        Credentials.key = "another-key-2222";
        upstream.stop();
        Kit.run(Credentials.class, cassettes)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(SEEN).containsEntry("credentials", "200 {\"answer\": \"recorded\"}");
    }

    static final String FAKE_KEY_PROMPT = MatchingBehaviourTest.ask("Is sk-test-0000000000000000000000 a leaked key?");

    @AvaliarRecording
    static class FakeKeyInPrompt {
        @Test
        void asks(ProviderEndpoints endpoints) {
            SEEN.put("fake", Http.post(endpoints.openai() + "/chat/completions", FAKE_KEY_PROMPT));
        }
    }

    @AvaliarRecording(allowSecretsMatching = "sk-test-0+")
    static class AllowedFakeKeyInPrompt {
        @Test
        void asks(ProviderEndpoints endpoints) {
            SEEN.put("fake", Http.post(endpoints.openai() + "/chat/completions", FAKE_KEY_PROMPT));
        }
    }

    @Test
    void records_a_prompt_holding_a_fake_key_only_when_the_key_is_allowed() throws Exception {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withBody("{\"leaked\": true}")));

        Kit.run(FakeKeyInPrompt.class, cassettes, settings("RECORD"))
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(message(m -> m.startsWith("Refusing to write cassette "
                                        + cassette(FakeKeyInPrompt.class, "asks")
                                        + ": it contains a string shaped like an API key at"
                                        + " $.interactions[0].request.body.messages[0].content (sk-tes...00).")))));

        Kit.run(AllowedFakeKeyInPrompt.class, cassettes, settings("RECORD"))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        assertThat(Files.readString(cassette(AllowedFakeKeyInPrompt.class, "asks")))
                .contains("Is sk-test-0000000000000000000000 a leaked key?");
        SEEN.clear();
        int port = upstream.port();
        upstream.stop();

        Kit.run(AllowedFakeKeyInPrompt.class, cassettes, settings("REPLAY", port))
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN).containsEntry("fake", "200 {\"leaked\": true}");
    }

    @AvaliarRecording(allowSecretsMatching = "sk-test-(")
    static class BadAllowedPattern {
        @Test
        void asks(ProviderEndpoints endpoints) {}
    }

    @Test
    void says_which_allowed_secret_pattern_is_not_a_regular_expression() {
        Kit.run(BadAllowedPattern.class, cassettes, settings("RECORD"))
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(message(
                                        "@AvaliarRecording(allowSecretsMatching = \"sk-test-(\") is not a valid regular"
                                                + " expression: Unclosed group near index 9."))));
    }

    @Test
    void keeps_credential_query_parameters_out_of_failure_messages() {
        Credentials.key = "message-key-3333";

        Kit.run(Credentials.class, cassettes, settings("REPLAY"))
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(message(m -> m.startsWith("No cassette at "
                                                + cassette(Credentials.class, "asks")
                                                + " for request POST gemini /v1beta/models/gemini:generateContent?alt=sse"
                                                + "&key=<redacted>&Api_Key=<redacted>&access_token=<redacted>"
                                                + "&token=<redacted>&api-key=<redacted> (mode REPLAY;")
                                        && !m.contains("message-key-3333")))));
    }

    @AvaliarRecording
    static class Leaky {
        @Test
        void asks(ProviderEndpoints endpoints) {
            Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("leak"));
        }
    }

    @Test
    void refuses_to_write_a_cassette_holding_a_key_shaped_string() {
        recordingIsRefusedFor(
                "application/json",
                "{\"debug\": {\"key\": \"sk-ant-api03-notreal0000000000000000XY\"}}",
                "$.interactions[0].response.bodyText");
    }

    @Test
    void refuses_to_write_a_stream_that_sends_a_key_split_across_its_events() {
        String key = "sk-ant-api03-" + "notreal0000000000000000XY";
        StringBuilder stream = new StringBuilder();
        for (String piece : new String[] {"Here: " + key.substring(0, 10), key.substring(10, 22), key.substring(22)}) {
            stream.append("data: {\"choices\":[{\"delta\":{\"content\":\"")
                    .append(piece)
                    .append("\"}}]}\n\n");
        }

        recordingIsRefusedFor(
                "text/event-stream",
                stream + "data: [DONE]\n\n",
                "$.interactions[0].response.events[0..2].data.choices[0].delta.content");
    }

    /** Records an answer holding the fake key sk-ant-...XY and expects the cassette refused, naming where. */
    private void recordingIsRefusedFor(String contentType, String answer, String at) {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withHeader("content-type", contentType).withBody(answer)));
        Path file = cassette(Leaky.class, "asks");

        var results = Kit.run(Leaky.class, cassettes, settings("RECORD"));

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(message("Refusing to write cassette "
                                        + file
                                        + ": it contains a string shaped like an API key at "
                                        + at
                                        + " (sk-ant...XY). Nothing was written."
                                        + " Redact the header with @AvaliarRecording(redactHeaders = ...) or the body field"
                                        + " with @AvaliarRecording(redactBodyFields = ...), then record again."))));
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void reports_an_unreachable_upstream_in_record_mode() {
        int port = upstream.port();
        upstream.stop();

        var results = Kit.run(Leaky.class, cassettes, settings("RECORD", port));

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(message(
                                        m -> m.startsWith("Could not reach the upstream 'openai' at http://127.0.0.1:"
                                                + port
                                                + " (mode RECORD): java.net.ConnectException")))));
        assertThat(List.of(cassettes.toFile().list())).isEmpty();
    }

    @Test
    void replay_never_contacts_the_upstream_even_when_nothing_matches() {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withBody("{}")));
        Http.write(cassette(Leaky.class, "asks"), Http.cassette(MatchingBehaviourTest.ask("other"), "{}"));

        var results = Kit.run(Leaky.class, cassettes, settings("REPLAY"));

        results.testEvents().assertStatistics(s -> s.failed(1));
        upstream.verify(0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @AvaliarRecording(cassette = "python/test_agent.yaml")
    static class IntoVcr {
        @Test
        void asks(ProviderEndpoints endpoints) {}
    }

    @Test
    void refuses_to_record_into_a_vcr_cassette() {
        Kit.run(IntoVcr.class, cassettes, settings("RECORD"))
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(message("Cannot record into the VCR.py cassette "
                                        + cassettes.resolve("python/test_agent.yaml")
                                        + ": VCR.py cassettes are replayed only. Name a .json cassette to record."))));
    }
}
