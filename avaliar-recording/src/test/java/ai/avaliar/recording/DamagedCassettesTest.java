package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A cassette damaged after it was recorded (cut short, from another format version, a response
 * edited by hand) fails its test with a message that says what happened and how to fix it; a
 * cassette only reformatted still replays.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.SAME_THREAD)
class DamagedCassettesTest {

    @TempDir
    Path cassettes;

    private Path cassette;

    @BeforeEach
    void record() {
        try (FakeProvider upstream = new FakeProvider()) {
            Kit.run(
                            RecordAndReplayTest.StreamingFixture.class,
                            cassettes,
                            Map.of(
                                    "avaliar.recording.mode", "RECORD",
                                    "avaliar.recording.upstream.openai", upstream.url(),
                                    "avaliar.recording.upstream.anthropic", upstream.url()))
                    .testEvents()
                    .assertStatistics(s -> s.succeeded(2));
        }
        cassette = cassettes.resolve("RecordAndReplayTest$StreamingFixture/openai_stream.json");
    }

    @Test
    void a_recorded_response_is_sealed_by_a_digest() throws Exception {
        assertThat(Files.readString(cassette)).containsPattern("\"responseDigest\" : \"sha256:[0-9a-f]{64}\"");
    }

    @Test
    void a_reformatted_cassette_still_replays() throws Exception {
        // keys in another order, other indentation, 12 written as 12.0: the same JSON values
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(cassette.toFile());
        String compact = Json.compact(root).replace("\"total_tokens\":12", "\"total_tokens\":12.0");
        Files.writeString(cassette, compact);

        replayOpenAi().testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void a_response_edited_by_hand_is_refused_naming_the_interaction() throws Exception {
        edit("\"content\" : \"Hello\"", "\"content\" : \"Howdy\"");

        replayFailsWith(message("Cassette "
                + cassette
                + ": the response of interactions[0] (POST /v1/chat/completions) was changed after it"
                + " was recorded; it no longer matches its responseDigest. Record it again with"
                + " -Davaliar.recording.mode=RECORD, or, if you edited it on purpose, delete the"
                + " \"responseDigest\" field of that interaction."));
    }

    @Test
    void an_edit_accepted_by_removing_the_digest_replays_the_edit() throws Exception {
        String text = Files.readString(cassette).replace("\"content\" : \"Hello\"", "\"content\" : \"Howdy\"");
        Files.writeString(cassette, text.replaceAll("\"responseDigest\" : \"sha256:[0-9a-f]{64}\",", ""));
        RecordAndReplayTest.SEEN.clear();

        replayOpenAi().testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(RecordAndReplayTest.SEEN).containsEntry("openai_stream", "Howdy, world | 12");
    }

    @Test
    void a_cassette_cut_short_says_it_was_probably_truncated() throws Exception {
        String text = Files.readString(cassette);
        Files.writeString(cassette, text.substring(0, text.length() / 2));

        replayFailsWith(message(m -> m.startsWith("Malformed cassette " + cassette + " at line ")
                && m.contains(": the file ends before its JSON does, so it was probably cut short")
                && m.endsWith(
                        "Fix the file, or delete it and record it again with" + " -Davaliar.recording.mode=RECORD.")));
    }

    @Test
    void a_cassette_from_a_newer_format_says_to_upgrade() throws Exception {
        edit("\"avaliarCassette\" : 1", "\"avaliarCassette\" : 2");

        replayFailsWith(message("Cassette "
                + cassette
                + " is in format 2, and this version of avaliar-recording reads format 1 only. It"
                + " was written by a newer avaliar-recording: upgrade ai.avaliar:avaliar-recording,"
                + " or record it again with -Davaliar.recording.mode=RECORD."));
    }

    @Test
    void a_format_version_that_is_not_a_number_is_malformed() throws Exception {
        edit("\"avaliarCassette\" : 1", "\"avaliarCassette\" : \"v1\"");

        replayFailsWith(message("Malformed cassette "
                + cassette
                + " at $.avaliarCassette: expected the format version 1, found \"v1\". Fix the file,"
                + " or delete it and record it again with -Davaliar.recording.mode=RECORD."));
    }

    private void replayFailsWith(Condition<Throwable> failure) {
        replayOpenAi()
                .testEvents()
                .assertThatEvents()
                .haveExactly(1, event(test("openai_stream"), finishedWithFailure(failure)));
    }

    private void edit(String from, String to) throws Exception {
        String text = Files.readString(cassette);
        assertThat(text).contains(from);
        Files.writeString(cassette, text.replace(from, to));
    }

    private EngineExecutionResults replayOpenAi() {
        return Kit.run(
                org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod(
                        RecordAndReplayTest.StreamingFixture.class, "openai_stream", ProviderEndpoints.class.getName()),
                cassettes);
    }
}
