package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key-shape scan: provider key shapes are found, ordinary ids are not. */
class RedactorTest {

    /** Fake keys in the shapes of the providers' (built here so no scanner takes them for real). */
    static Stream<String> keyShaped() {
        String a = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
        return Stream.of(
                "sk-" + a,
                "sk-proj-" + a,
                "sk-ant-api03-" + a,
                "AIza" + "Sy" + a,
                "xai-" + a,
                "gsk_" + a,
                "hf_" + a,
                "sk_live_" + a,
                "pk_live_" + a,
                "ghp_" + a,
                "github_pat_11ABCDEFG0" + a,
                "AKIA" + "IOSFODNN7EXAMPLE",
                "avl_" + a,
                "Bearer " + a);
    }

    @ParameterizedTest
    @MethodSource("keyShaped")
    void finds_a_key_shaped_string_on_its_own_and_inside_text(String key) {
        assertThat(Redactor.defaults().secrets(cassetteWith(key))).hasSize(1);
        assertThat(Redactor.defaults().secrets(cassetteWith("my key is " + key + ", keep it")))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "chatcmpl-B9MHDbslfQsDUnE3zXkw1N2s8aOd6",
                "msg_01XFDUDYJgAACzvnptvVoYEL",
                "toolu_01A09q90qw90lq917835lq9",
                "call_abc123def456ghi789jkl012",
                "task-1234567890abcdefghijklmnop",
                "risk-assessment-of-the-quarterly-plan",
                "ask-the-user-for-their-preferences-first",
                "fhf_abcdefghijklmnopqrstuvwxyz0123",
                "EqQBCkgIBBABGAIiQL3hf_abcdefghijklmnopqrstuvwxyzAKIAIOSFODNN7EXAMPLEx",
                "sk-short",
                "The bearer of bad news"
            })
    void takes_ordinary_ids_and_words_for_what_they_are(String text) {
        assertThat(Redactor.defaults().secrets(cassetteWith(text))).isEmpty();
    }

    @Test
    void finds_no_key_in_the_projects_own_cassettes() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/cassettes"))) {
            files = walk.filter(f -> f.toString().endsWith(".json")).toList();
        }

        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(Redactor.defaults().secrets(CassetteFiles.read(file)))
                    .as(file.toString())
                    .isEmpty();
        }
    }

    @Test
    void lets_allowed_fake_keys_through_but_not_others_in_the_same_text() {
        Redactor redactor = new Redactor(new String[0], new String[0], new String[] {"sk-test-.*"});
        String fake = "sk-test-" + "0".repeat(24);
        String real = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2";

        assertThat(redactor.secrets(cassetteWith("find " + fake))).isEmpty();
        assertThat(redactor.secrets(cassetteWith("Bearer " + fake))).isEmpty();
        assertThat(redactor.secrets(cassetteWith(fake + " and " + real)))
                .containsExactly("$.interactions[0].request.body.content (sk-pro...l2)");
    }

    @Test
    void finds_a_key_a_stream_split_across_its_events() {
        String key = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4";
        List<SseEvent> events = SseEvent.parse(delta("Your key is " + key.substring(0, 12))
                + delta(key.substring(12, 24))
                + delta(key.substring(24) + ", keep it safe.")
                + "data: [DONE]\n\n");
        RecordedResponse stream = new RecordedResponse(
                200, Map.of("content-type", List.of("text/event-stream")), null, events, null, null);

        assertThat(Redactor.defaults().secrets(withResponse(stream)))
                .containsExactly("$.interactions[0].response.events[0..2].data.choices[0].delta.content (sk-pro...n4)");
        // the same stream kept as text (as a stream with unusual line ends is) is scanned the same way
        RecordedResponse text = new RecordedResponse(
                200, Map.of("content-type", List.of("text/event-stream")), null, null, SseEvent.render(events), null);
        assertThat(Redactor.defaults().secrets(withResponse(text)))
                .containsExactly("$.interactions[0].response.events[0..2].data.choices[0].delta.content (sk-pro...n4)");
    }

    @Test
    void reports_a_key_inside_one_event_once() {
        String key = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4";
        List<SseEvent> events = SseEvent.parse(delta("Your key is ") + delta(key) + delta(" indeed"));
        RecordedResponse stream = new RecordedResponse(
                200, Map.of("content-type", List.of("text/event-stream")), null, events, null, null);

        assertThat(Redactor.defaults().secrets(withResponse(stream)))
                .containsExactly("$.interactions[0].response.events[1].data.choices[0].delta.content (sk-pro...n4)");
    }

    private static String delta(String content) {
        return "data: {\"choices\":[{\"delta\":{\"content\":" + Json.MAPPER.valueToTree(content) + "}}]}\n\n";
    }

    private static Cassette withResponse(RecordedResponse response) {
        RecordedRequest request =
                new RecordedRequest("openai", "POST", "/v1/chat/completions", "", Headers.of(), null, null);
        return new Cassette(
                Json.MAPPER.createObjectNode(), List.of(new Interaction(request, response, null, null, null)));
    }

    static Cassette cassetteWith(String text) {
        var body = Json.MAPPER.createObjectNode().put("content", text);
        RecordedRequest request =
                new RecordedRequest("openai", "POST", "/v1/chat/completions", "", Headers.of(), body, null);
        RecordedResponse response = new RecordedResponse(200, Map.of(), null, null, null, null);
        return new Cassette(
                Json.MAPPER.createObjectNode(), List.of(new Interaction(request, response, null, null, null)));
    }
}
