package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body a cassette cannot give back as recorded (binary that is not base64, an event stream
 * cut mid-event, an encoding it cannot undo) fails with the cassette, the interaction, the line
 * and the fix; nothing is replayed from it.
 */
class UnreadableBodiesTest {

    @TempDir
    Path dir;

    static final String VCR_FIX =
            "Record the cassette again (with VCR.py's decode_compressed_response=True for a compressed"
                    + " body), or mend that body by hand.";

    static final String JSON_FIX = "Record it again with -Davaliar.recording.mode=RECORD, or mend that body by hand"
            + " (bodyBase64 is standard base64 without line breaks; bodies are kept decoded, without"
            + " content-encoding; an event stream ends with a blank line).";

    @Test
    void fails_on_a_binary_body_that_is_not_base64() {
        Path yaml = Http.write(
                dir.resolve("bad.yaml"),
                ExactReplayTest.vcrDownload(
                        "https://www.example.org/dummy.pdf",
                        "application/pdf",
                        "",
                        "!!binary |\n          JVBERi*xLjQK\n"));

        assertThatThrownBy(() -> VcrCassettes.read(yaml))
                .isInstanceOf(CassetteFormatException.class)
                .hasMessage("Cassette "
                        + yaml
                        + ": the response body of interactions[0] at line 11 is marked !!binary but is not"
                        + " valid base64 (Illegal character '*' (code 0x2a) in base64 content). "
                        + VCR_FIX);
    }

    @Test
    void fails_on_an_event_stream_cut_mid_event() {
        Path yaml = Http.write(
                dir.resolve("cut.yaml"),
                ExactReplayTest.vcrDownload(
                        "https://api.anthropic.com/v1/messages",
                        "text/event-stream; charset=utf-8",
                        "",
                        "\"event: message_start\\ndata: {\\\"type\\\":\\\"message_start\\\"}\\n\\nevent: message_delta\\ndata:"
                                + " {\\\"type\\\":\\\"message_del\""));

        assertThatThrownBy(() -> VcrCassettes.read(yaml))
                .isInstanceOf(CassetteFormatException.class)
                .hasMessage("Cassette "
                        + yaml
                        + ": the response body of interactions[0] (GET anthropic /v1/messages) at line 11 is an"
                        + " event stream cut short: it ends in the middle of an event: 'event: message_delta\\ndata:"
                        + " {\"type\":\"message_del' is not followed by a blank line. "
                        + VCR_FIX);
    }

    @Test
    void fails_on_a_content_encoding_it_cannot_decode() {
        Path yaml = Http.write(
                dir.resolve("br.yaml"),
                ExactReplayTest.vcrDownload(
                        "https://api.openai.com/v1/models",
                        "application/json",
                        "      content-encoding:\n      - br\n",
                        ExactReplayTest.binary(new byte[] {(byte) 0x8b, 0x02, (byte) 0x80, 0x7b, 0x7d, 0x03})));

        assertThatThrownBy(() -> VcrCassettes.read(yaml))
                .isInstanceOf(CassetteFormatException.class)
                .hasMessage("Cassette "
                        + yaml
                        + ": the response body of interactions[0] (GET openai /v1/models) at line 11 has"
                        + " Content-Encoding 'br', which avaliar-recording cannot decode (it decodes gzip and"
                        + " deflate). "
                        + VCR_FIX);
    }

    @Test
    void fails_the_test_replaying_a_json_cassette_whose_base64_body_is_damaged() {
        Path cassette = Http.write(dir.resolve("exchange.json"), """
            {"interactions": [
              {"request": {"upstream": "files", "method": "GET", "path": "/dummy.pdf"},
               "response": {"status": 200, "headers": {"content-type": ["application/pdf"]},
                            "bodyBase64": "JVBERi0xLjQK$$$"}}]}
            """);

        Kit.run(ExactReplayTest.JsonFixture.class, dir)
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("sends"),
                                finishedWithFailure(message("Cassette "
                                        + cassette
                                        + ": the response body of interactions[0] (GET files /dummy.pdf) at line 4 is"
                                        + " not valid base64 (Illegal base64 character 24). "
                                        + JSON_FIX))));
    }
}
