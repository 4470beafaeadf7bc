package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input gives a message that says what was wrong and how to fix it. */
class ReplayErrorsTest {

    @TempDir
    Path cassettes;

    static final String HELLO =
            "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";

    @AvaliarRecording
    static class OneRequest {
        @Test
        void asks(ProviderEndpoints endpoints) {
            String reply = Http.post(
                    endpoints.openai() + "/chat/completions",
                    "{\"messages\": [{\"content\": \"Hi\", \"role\": \"user\"}], \"model\": \"gpt-4o-mini\", \"temperature\": 0.2}");
            assertThat(reply).startsWith("200 ");
        }
    }

    private Path cassetteOf(Class<?> fixture, String method) {
        return cassettes.resolve("ReplayErrorsTest$" + fixture.getSimpleName()).resolve(method + ".json");
    }

    @Test
    void fails_with_nearest_request_when_nothing_matches() {
        Path file = Http.write(cassetteOf(OneRequest.class, "asks"), Http.cassette(HELLO, "{\"id\": 1}"));

        var results = Kit.run(OneRequest.class, cassettes);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(
                                        instanceOf(AssertionError.class),
                                        message(
                                                "No recorded interaction matches request POST openai /v1/chat/completions (cassette "
                                                        + file
                                                        + ", mode REPLAY; nothing was sent to the network).\n"
                                                        + "Nearest recorded interaction: #1 POST openai /v1/chat/completions\n"
                                                        + "Differences (recorded vs request):\n"
                                                        + "  $.messages[0].content: recorded \"Hello\", request has \"Hi\"\n"
                                                        + "  $.temperature: not in recording, request has 0.2\n"
                                                        + "If the request changed on purpose, record again with"
                                                        + " -Davaliar.recording.mode=RECORD_MISSING (adds it) or RECORD (rewrites the cassette)."))));
    }

    @Test
    void fails_when_the_cassette_is_missing_and_says_how_to_record() {
        var results = Kit.run(OneRequest.class, cassettes);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(
                                        instanceOf(AssertionError.class),
                                        message("No cassette at "
                                                + cassetteOf(OneRequest.class, "asks")
                                                + " for request POST openai /v1/chat/completions (mode REPLAY; nothing was sent"
                                                + " to the network). Record it by running the test once with"
                                                + " -Davaliar.recording.mode=RECORD (or RECORD_MISSING) and the provider's API"
                                                + " key set."))));
    }

    @Test
    void fails_on_a_malformed_cassette_naming_the_file_line_and_column() {
        Path file = Http.write(cassetteOf(OneRequest.class, "asks"), "{\"interactions\": [\n  {\"request\": }\n]}");

        var results = Kit.run(OneRequest.class, cassettes);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(
                                        instanceOf(ExtensionConfigurationException.class),
                                        message(m -> m.startsWith("Malformed cassette " + file
                                                        + " at line 2, column 15: Unexpected character ('}'")
                                                && m.endsWith(". Fix the file, or delete it and record it again with"
                                                        + " -Davaliar.recording.mode=RECORD.")))));
    }

    @Test
    void fails_on_a_cassette_of_the_wrong_shape_naming_the_field() {
        Path file = Http.write(
                cassetteOf(OneRequest.class, "asks"),
                "{\"interactions\": [{\"request\": {\"upstream\": \"openai\", \"method\": \"POST\", \"path\": \"/v1\"},"
                        + " \"response\": {\"headers\": {}}}]}");

        Kit.run(OneRequest.class, cassettes)
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(
                                        message(
                                                "Malformed cassette "
                                                        + file
                                                        + " at $.interactions[0].response.status: expected an HTTP status code. Fix the"
                                                        + " file, or delete it and record it again with -Davaliar.recording.mode=RECORD."))));
    }

    @Test
    void rejects_an_unknown_mode_listing_the_valid_ones() {
        var results = Kit.run(OneRequest.class, cassettes, Map.of("avaliar.recording.mode", "replai"));

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(
                                        instanceOf(ExtensionConfigurationException.class),
                                        message(
                                                "Unknown recording mode 'replai' in the configuration parameter or system property"
                                                        + " avaliar.recording.mode. Valid modes: REPLAY, RECORD, RECORD_MISSING,"
                                                        + " PASSTHROUGH."))));
    }

    @Test
    void reports_a_port_conflict() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            var results =
                    Kit.run(OneRequest.class, cassettes, Map.of("avaliar.recording.port", Integer.toString(port)));

            results.testEvents()
                    .assertThatEvents()
                    .haveExactly(
                            1,
                            event(
                                    test("asks"),
                                    finishedWithFailure(
                                            instanceOf(ExtensionConfigurationException.class),
                                            message(
                                                    "avaliar-recording could not start its WireMock server on 127.0.0.1:"
                                                            + port
                                                            + ": the port is already in use. Remove the configuration parameter"
                                                            + " avaliar.recording.port to use a free port, or set it to a free one."))));
        }
    }

    @Test
    void does_not_write_a_cassette_when_replaying() {
        Kit.run(OneRequest.class, cassettes);

        assertThat(Files.exists(cassetteOf(OneRequest.class, "asks"))).isFalse();
    }
}
