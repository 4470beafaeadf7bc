package ai.avaliar.trace;

import io.opentelemetry.api.trace.Span;
import java.util.Optional;

/**
 * The token counts of one llm span as they arrive (set by hand, or read from provider objects,
 * Anthropic's cumulatively), and their writing with the cost when the span ends. Not thread-safe:
 * the {@link ActiveRun} that owns it guards it with its lock.
 */
final class TokenUsage {

    private Long input;
    private Long output;
    private Long cacheRead;
    private Long cacheCreation;
    private boolean cacheApart; // Anthropic's input_tokens leave out cache reads and writes; the span's include them
    private Long reasoning;
    private String responseModel;
    private UsageSeen seen; // the provider objects fed to usageFrom, to say what was seen when none carried usage

    void set(long inputTokens, long outputTokens) {
        input = inputTokens;
        output = outputTokens;
        cacheApart = false;
    }

    /**
     * Counts read from a provider object of type {@code source}; each one it does not carry is left
     * as it was. Anthropic's counts are cumulative, so a later event's replace an earlier one's.
     */
    void parts(
            Class<?> source,
            Long inputTokens,
            Long outputTokens,
            Long cacheReadTokens,
            Long cacheCreationTokens,
            Long reasoningTokens,
            String model,
            boolean cacheApartFromInput) {
        seen(source);
        if (inputTokens != null) {
            input = inputTokens;
            cacheApart = cacheApartFromInput;
        }
        if (outputTokens != null) {
            output = outputTokens;
        }
        if (cacheReadTokens != null) {
            cacheRead = cacheReadTokens;
        }
        if (cacheCreationTokens != null) {
            cacheCreation = cacheCreationTokens;
        }
        if (reasoningTokens != null) {
            reasoning = reasoningTokens;
        }
        if (model != null) {
            responseModel = model;
        }
    }

    /** A provider object that carried no usage (a stream's text delta, say) was fed to usageFrom. */
    void seen(Class<?> source) {
        if (seen == null) {
            seen = new UsageSeen();
        }
        seen.add(source);
    }

    void cacheRead(long tokens) {
        cacheRead = tokens;
    }

    void reasoning(long tokens) {
        reasoning = tokens;
    }

    void responseModel(String model) {
        responseModel = model;
    }

    /** Why a span fed provider objects has no token counts, or null when it has them or was fed none. */
    String missing(String spanName) {
        if (seen == null || input != null || output != null) {
            return null;
        }
        return "llm span '" + spanName + "' ended without token counts: " + seen.describe();
    }

    /** Writes the counts, the response model and, for an llm span of a priced model, the cost. */
    void write(Span span, SpanType type, String requestModel, Pricing pricing) {
        Long inputTotal = input;
        if (cacheApart && inputTotal != null) {
            inputTotal = inputTotal + orZero(cacheRead) + orZero(cacheCreation);
        }
        if (inputTotal != null) {
            span.setAttribute(AvaliarAttributes.INPUT_TOKENS, inputTotal);
        }
        if (output != null) {
            span.setAttribute(AvaliarAttributes.OUTPUT_TOKENS, output);
        }
        if (cacheRead != null) {
            span.setAttribute(AvaliarAttributes.CACHE_READ_INPUT_TOKENS, cacheRead);
        }
        if (cacheCreation != null) {
            span.setAttribute(AvaliarAttributes.CACHE_CREATION_INPUT_TOKENS, cacheCreation);
        }
        if (reasoning != null) {
            span.setAttribute(AvaliarAttributes.REASONING_OUTPUT_TOKENS, reasoning);
        }
        if (responseModel != null) {
            span.setAttribute(AvaliarAttributes.RESPONSE_MODEL, responseModel);
        }
        if (type == SpanType.LLM && (inputTotal != null || output != null)) {
            String model = responseModel != null ? responseModel : requestModel;
            Optional<Pricing.ModelPrice> price = pricing.priceOf(model); // cached: allocates nothing
            if (price.isPresent()) {
                span.setAttribute(
                        AvaliarAttributes.COST_USD,
                        Pricing.usd(price.get(), orZero(inputTotal), orZero(output), orZero(cacheRead)));
            }
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
