package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer on small inline VCR.py cassettes (the shared real ones run in a profile). */
class VcrCassettesTest {

    @TempDir
    Path dir;

    static final String PLAIN = """
      interactions:
      - request:
          body: '{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "Hi"}]}'
          headers:
            authorization:
            - Bearer sk-proj-notreal00000000000000
            content-type:
            - application/json
          method: POST
          uri: https://api.openai.com/v1/chat/completions?x=1
        response:
          body:
            string: "data: {\\"choices\\":[{\\"delta\\":{\\"content\\":\\"Hey\\"}}]}\\n\\ndata: [DONE]\\n\\n"
          headers:
            content-type:
            - text/event-stream; charset=utf-8
            openai-organization:
            - acme
            set-cookie:
            - __cf_bm=abc
          status:
            code: 200
            message: OK
      version: 1
      """;

    static final String PARSED = """
      interactions:
      - request:
          method: POST
          parsed_body:
            max_tokens: 10
            messages:
            - content: Hi
              role: user
            model: claude-3-5-haiku-latest
          uri: https://api.anthropic.com/v1/messages
        response:
          parsed_body:
            id: msg_1
            content:
            - text: Hello
              type: text
          status:
            code: 200
      """;

    @Test
    void reads_the_plain_body_string_form_with_streamed_events() throws Exception {
        Path yaml = Files.writeString(dir.resolve("plain.yaml"), PLAIN);

        Cassette cassette = VcrCassettes.read(yaml);

        Interaction only = cassette.interactions().get(0);
        assertThat(only.request().upstream()).isEqualTo("openai");
        assertThat(only.request().path()).isEqualTo("/v1/chat/completions");
        assertThat(only.request().query()).isEqualTo("x=1");
        assertThat(only.request().body().get("model").asText()).isEqualTo("gpt-4o");
        assertThat(only.response().events()).hasSize(2);
        assertThat(only.response().events().get(1).text()).isEqualTo("[DONE]");
    }

    @Test
    void reads_the_parsed_body_form() throws Exception {
        Path yaml = Files.writeString(dir.resolve("parsed.yaml"), PARSED);

        Interaction only = VcrCassettes.read(yaml).interactions().get(0);

        assertThat(only.request().upstream()).isEqualTo("anthropic");
        assertThat(only.request().body().get("max_tokens").asInt()).isEqualTo(10);
        assertThat(only.response().body().at("/content/0/text").asText()).isEqualTo("Hello");
    }

    @Test
    void converts_to_a_json_cassette_without_secrets() throws Exception {
        Path yaml = Files.writeString(dir.resolve("plain.yaml"), PLAIN);
        Path json = dir.resolve("out/plain.json");

        VcrCassettes.convert(yaml, json);

        String text = Files.readString(json);
        assertThat(text)
                .doesNotContain("sk-proj", "authorization", "acme", "set-cookie")
                .contains("\"events\"");
        assertThat(CassetteFiles.read(json).interactions().get(0).response().events())
                .hasSize(2);
    }

    @Test
    void reports_malformed_yaml_with_file_and_position() throws Exception {
        Path yaml = Files.writeString(dir.resolve("bad.yaml"), "interactions:\n- request: [unclosed\n");

        assertThatThrownBy(() -> VcrCassettes.read(yaml))
                .isInstanceOf(CassetteFormatException.class)
                .hasMessageStartingWith(
                        "Malformed cassette " + yaml + " at line 2, column 21: while parsing a flow sequence");
    }
}
