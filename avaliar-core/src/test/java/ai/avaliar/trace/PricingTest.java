package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PricingTest {

    @RegisterExtension
    final Capture capture = new Capture();

    @Test
    void dated_snapshots_are_priced_as_the_longest_model_they_start_with() {
        Pricing pricing = Pricing.defaults();

        assertThat(pricing.priceOf("gpt-4o-2024-08-06").orElseThrow().inputPerMillion())
                .isEqualTo(2.50);
        assertThat(pricing.priceOf("gpt-4o-mini-2024-07-18").orElseThrow().inputPerMillion())
                .isEqualTo(0.15);
        assertThat(pricing.priceOf("claude-3-5-haiku-20241022").orElseThrow().outputPerMillion())
                .isEqualTo(4.00);
        assertThat(pricing.priceOf("claude-sonnet-4-5-20250929").orElseThrow().inputPerMillion())
                .isEqualTo(3.00);
        assertThat(pricing.priceOf("claude-3-7-sonnet-latest")).isPresent();
        assertThat(pricing.priceOf("claude-sonnet-4-0")).isPresent();
        assertThat(pricing.priceOf("openai/gpt-4o")).isPresent();
        assertThat(pricing.priceOf("my-own-model")).isEmpty();
    }

    @Test
    void a_different_model_that_merely_starts_like_a_priced_one_has_no_price() {
        Pricing pricing = Pricing.defaults();

        assertThat(pricing.priceOf("o1-pro")).as("o1-pro costs ten times o1").isEmpty();
        assertThat(pricing.priceOf("gpt-5-pro")).isEmpty();
        assertThat(pricing.priceOf("gpt-4o-audio-preview")).isEmpty();
    }

    @Test
    void cached_input_tokens_are_priced_at_the_cache_rate() {
        double cost = Pricing.defaults().cost("gpt-4o", 1_000_000, 0, 400_000).getAsDouble();

        assertThat(cost).isCloseTo(600_000 * 2.50e-6 + 400_000 * 1.25e-6, within(1e-9));
    }

    @Test
    void users_add_their_own_models_and_spans_are_priced_with_them() {
        Avaliar.configure(AvaliarConfig.builder()
                .openTelemetry(io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                        .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                                .addSpanProcessor(
                                        io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(capture.exporter))
                                .build())
                        .build())
                .pricing(Pricing.defaults().with("acme-llm", 1.00, 2.00))
                .build());

        Avaliar.llm("generate").model("acme-llm-2025-06-01").call(run -> run.usage(1_000, 1_000));

        assertThat(capture.trace().root().costUsd().getAsDouble()).isCloseTo(0.003, within(1e-12));
    }

    @Test
    void an_unknown_model_has_tokens_but_no_cost() {
        Avaliar.llm("generate").model("mystery").call(run -> run.usage(10, 10));

        assertThat(capture.trace().root().totalTokens()).hasValue(20);
        assertThat(capture.trace().root().costUsd()).isEmpty();
    }

    @Test
    void the_response_model_prices_the_call_when_it_is_known() {
        Avaliar.llm("generate")
                .model("gpt-4o")
                .call(run -> run.usage(1_000_000, 0).responseModel("gpt-4o-mini-2024-07-18"));

        assertThat(capture.trace().root().costUsd().getAsDouble()).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void prices_cannot_be_negative() {
        assertThatThrownBy(() -> Pricing.empty().with("x", -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prices cannot be negative");
    }
}
