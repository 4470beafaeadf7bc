package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class MultiProviderTest implements ExampleTest {

    @Test
    void the_same_question_to_both_providers_breaks_down_by_provider(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        MultiProvider compare = new MultiProvider(Clients.openai(endpoints), Clients.anthropic(endpoints));

        MultiProvider.Answers answers = compare.ask("What is the capital of France?");

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape("""
                        compare_providers       (agent)
                          ├── openai_generate     (llm)
                          └── anthropic_generate  (llm)
                        """)
                .hasNoErrors()
                .child("openai_generate")
                .hasProvider("openai")
                .hasModel("gpt-4o")
                .hasOutput(answers.openai())
                .backToTrace()
                .child("anthropic_generate")
                .hasProvider("anthropic")
                .hasModel("claude-sonnet-4-5")
                .hasGenerationInfo("max_tokens", 256)
                .hasOutput(answers.anthropic());
        assertThatTrace(trace).tokensByProvider().containsOnlyKeys("openai", "anthropic");
        assertThatTrace(trace).costUsdByProvider().containsOnlyKeys("openai", "anthropic");
        // latency by provider: each call is timed on its own, inside the agent's time
        Map<String, Duration> latency = trace.spans(SpanType.LLM).stream()
                .collect(Collectors.toMap(
                        span -> span.provider().orElseThrow(), CapturedSpan::duration, Duration::plus));
        assertThat(latency).containsOnlyKeys("openai", "anthropic");
        assertThat(latency.get("openai").plus(latency.get("anthropic")))
                .isPositive()
                .isLessThanOrEqualTo(trace.root().duration());
        if (!Recording.replaying()) {
            return;
        }
        // the recorded conversation
        assertThat(answers)
                .isEqualTo(new MultiProvider.Answers(
                        "The capital of France is Paris.", "Paris is the capital of France."));
        // gpt-4o: 27 in at $2.50/M, 8 out at $10/M; claude-sonnet-4-5: 25 in at $3/M, 12 out at $15/M
        double openaiUsd = (27 * 2.50 + 8 * 10.00) / 1e6;
        double anthropicUsd = (25 * 3.00 + 12 * 15.00) / 1e6;
        assertThatTrace(trace)
                .hasTotalTokensForProvider("openai", 35)
                .hasTotalTokensForProvider("anthropic", 37)
                .hasTotalCostUsdForProvider("openai", openaiUsd)
                .hasTotalCostUsdForProvider("anthropic", anthropicUsd)
                .hasTotalCostUsd(openaiUsd + anthropicUsd, 1e-12)
                .child("openai_generate")
                .hasInputTokens(27)
                .hasOutputTokens(8)
                .backToTrace()
                .child("anthropic_generate")
                .hasResponseModel("claude-sonnet-4-5-20250929")
                .hasInputTokens(25)
                .hasOutputTokens(12);
        assertThatTrace(trace).tokensByProvider().containsOnly(entry("openai", 35L), entry("anthropic", 37L));
        assertThatTrace(trace)
                .costUsdByProvider()
                .hasEntrySatisfying("openai", usd -> assertThat(usd).isCloseTo(openaiUsd, within(1e-12)))
                .hasEntrySatisfying("anthropic", usd -> assertThat(usd).isCloseTo(anthropicUsd, within(1e-12)));
    }
}
