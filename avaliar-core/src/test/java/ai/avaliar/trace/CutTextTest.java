package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.internal.Json;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A value cut at the payload limit is cut between characters, never inside a surrogate pair: a
 * lone half is text no UTF-8 encoder can write, and would break every exporter and report.
 */
class CutTextTest {

    @RegisterExtension
    final Capture capture = new Capture();

    /** 20,000 emoji: 40,000 chars, so the 32 KiB limit falls on a pair boundary or inside one. */
    private static final String EMOJI = "\uD83D\uDE00".repeat(20_000);

    /** One of the two puts the limit inside a pair, whatever comes before the text in the JSON. */
    private static final List<String> PREFIXES = List.of("x", "xy");

    @Test
    void an_output_cut_at_the_limit_keeps_whole_characters() throws Exception {
        for (String prefix : PREFIXES) {
            Avaliar.llm("long").call(() -> prefix + EMOJI);
        }

        for (CapturedSpan span :
                capture.awaitSpans(2).stream().flatMap(t -> t.spans().stream()).toList()) {
            String output = span.attributes().get(AvaliarAttributes.OUTPUT);
            assertThat(output).contains("[avaliar: truncated");
            assertEncodable(output);
            assertThat(Json.readValue(output)).asString().endsWith("chars kept]");
        }
    }

    @Test
    void a_streamed_output_cut_at_the_limit_keeps_whole_characters() throws Exception {
        for (String prefix : PREFIXES) {
            try (Stream<String> s = Avaliar.llm("stream").stream(() -> Stream.of(prefix, EMOJI))) {
                assertThat(s.count()).isEqualTo(2);
            }
        }

        for (CapturedSpan span :
                capture.awaitSpans(2).stream().flatMap(t -> t.spans().stream()).toList()) {
            String output = span.attributes().get(AvaliarAttributes.OUTPUT);
            assertThat(output).contains("[avaliar: truncated");
            assertEncodable(output);
        }
    }

    @Test
    void an_input_list_cut_at_the_limit_keeps_whole_characters() throws Exception {
        for (String prefix : PREFIXES) {
            Avaliar.tool("many").input("pages", List.of(prefix, EMOJI)).run(() -> {});
        }

        for (CapturedSpan span :
                capture.awaitSpans(2).stream().flatMap(t -> t.spans().stream()).toList()) {
            String input = span.attributes().get(AvaliarAttributes.INPUT);
            assertThat(input).contains("[avaliar: truncated");
            assertEncodable(input);
        }
    }

    private static void assertEncodable(String text) throws CharacterCodingException {
        StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text)); // throws on a lone surrogate
    }
}
