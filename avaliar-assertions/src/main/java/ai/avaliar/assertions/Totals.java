package ai.avaliar.assertions;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Tokens and cost of a trace grouped by provider or model. */
final class Totals {

    /** The key of spans that carry no provider or model. */
    static final String UNKNOWN = "unknown";

    private Totals() {}

    static Map<String, Long> tokensBy(Trace trace, Function<CapturedSpan, Optional<String>> key) {
        Map<String, Long> totals = new TreeMap<>();
        for (CapturedSpan span : trace.spans()) {
            long in = span.inputTokens().orElse(0);
            long out = span.outputTokens().orElse(0);
            if (span.inputTokens().isPresent() || span.outputTokens().isPresent()) {
                totals.merge(key.apply(span).orElse(UNKNOWN), in + out, Long::sum);
            }
        }
        return totals;
    }

    static Map<String, Double> costBy(Trace trace, Function<CapturedSpan, Optional<String>> key) {
        Map<String, Double> totals = new TreeMap<>();
        for (CapturedSpan span : trace.spans()) {
            if (span.costUsd().isPresent()) {
                totals.merge(key.apply(span).orElse(UNKNOWN), span.costUsd().getAsDouble(), Double::sum);
            }
        }
        return totals;
    }
}
