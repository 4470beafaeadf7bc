package ai.avaliar.junit5.internal;

import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * The llm calls of a trace, counted one way for the report, its page and the budgets.
 *
 * <pre>{@code
 * int calls = LlmCalls.of(trace).size();
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class LlmCalls {

    private LlmCalls() {}

    /**
     * The llm calls of a trace: its llm spans but those inside another llm span (a framework's chat
     * span under the agent's own llm span is the same call, counted once). The page counts the same way.
     */
    public static List<CapturedSpan> of(Trace trace) {
        List<CapturedSpan> calls = new ArrayList<>();
        for (CapturedSpan llm : trace.spans(SpanType.LLM)) {
            boolean nested = false;
            for (CapturedSpan up = llm.parent().orElse(null);
                    up != null && !nested;
                    up = up.parent().orElse(null)) {
                nested = up.type() == SpanType.LLM;
            }
            if (!nested) {
                calls.add(llm);
            }
        }
        return calls;
    }
}
