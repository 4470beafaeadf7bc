package ai.avaliar.examples;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.Avaliar;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Never silently nothing: a stream whose tokens never reach its llm span fails the test in strict
 * mode, saying what the span was fed and how to get the tokens. Here the Anthropic stream of
 * {@link ClaudeStoryTest}, with only its text deltas handed to {@code updateCurrentLlmRun}.
 */
class StreamWithoutUsageTest {

    @Test
    void an_anthropic_stream_fed_only_its_text_deltas_fails_the_test_naming_message_start_and_message_delta() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(TextDeltasOnly.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("feeds_only_the_text_deltas"),
                                finishedWithFailure(
                                        message(
                                                "Avaliar strict mode: this test misused the tracing SDK (set avaliar.strict=false to only log"
                                                        + " it):\n  - NO_USAGE_IN_STREAM: llm span 'claude_stream' ended without token counts: it"
                                                        + " was fed 4 provider objects (4 RawMessageStreamEvent) and none carried token usage. An"
                                                        + " Anthropic stream carries the input tokens in message_start and the output tokens in"
                                                        + " message_delta: feed every RawMessageStreamEvent (or BetaRawMessageStreamEvent), not only"
                                                        + " the content deltas, or the accumulator's message() once the stream has ended."))));
    }

    @CaptureTraces
    static class TextDeltasOnly {

        @Test
        @AvaliarRecording(
                cassette = "ClaudeStoryTest/"
                        + "an_anthropic_stream_records_the_whole_text_and_the_tokens_of_message_start_and_message_delta"
                        + ".handwritten.json")
        void feeds_only_the_text_deltas(ProviderEndpoints endpoints) {
            var anthropic = Clients.anthropic(endpoints);
            try (Stream<RawMessageStreamEvent> events = Avaliar.llm("claude_stream").stream(() -> {
                StreamResponse<RawMessageStreamEvent> response = anthropic
                        .messages()
                        .createStreaming(MessageCreateParams.builder()
                                .model("claude-sonnet-4-5")
                                .maxTokens(1024)
                                .addUserMessage("Tell me a short story.")
                                .build());
                return response.stream()
                        .onClose(response::close)
                        .filter(RawMessageStreamEvent::isContentBlockDelta) // the mistake: the text only
                        .peek(Avaliar::updateCurrentLlmRun);
            })) {
                events.forEach(event -> {});
            }
        }
    }
}
