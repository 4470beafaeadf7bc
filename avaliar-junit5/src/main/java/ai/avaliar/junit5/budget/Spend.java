package ai.avaliar.junit5.budget;

import ai.avaliar.junit5.internal.LlmCalls;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.Collection;

/**
 * What traces spent: llm calls, tokens (input plus output) and cost in US dollars. Mutable while
 * added up.
 */
final class Spend {

    long llmCalls;
    long tokens;
    double costUsd;

    void add(CapturedSpan llm) {
        llmCalls++;
        tokens += llm.inputTokens().orElse(0) + llm.outputTokens().orElse(0);
        costUsd += llm.costUsd().orElse(0);
    }

    static Spend of(Collection<Trace> traces) {
        Spend spend = new Spend();
        for (Trace trace : traces) {
            for (CapturedSpan llm : LlmCalls.of(trace)) {
                spend.add(llm);
            }
        }
        return spend;
    }
}
