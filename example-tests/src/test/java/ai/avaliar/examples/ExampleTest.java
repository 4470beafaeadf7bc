package ai.avaliar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What every example test does after it ran: prints the trace trees it made, so that running the
 * examples shows them, and checks the guide's token tracking rule on every llm span of every
 * example: each one has input and output tokens, unless its prompt was blocked before it reached
 * the model (then there are none to count).
 */
interface ExampleTest {

    @AfterEach
    default void print_the_traces_and_check_every_llm_span_has_tokens(CapturedTraces traces, TestInfo test) {
        StringBuilder out = new StringBuilder("\n=== ")
                .append(test.getTestClass().orElseThrow().getSimpleName())
                .append(" > ")
                .append(test.getDisplayName())
                .append('\n');
        for (Trace trace : traces.traces()) {
            out.append(trace.render()).append('\n');
        }
        System.out.print(out);
        for (CapturedSpan llm : traces.spans(SpanType.LLM)) {
            if (llm.wasBlocked()) {
                continue;
            }
            assertThat(llm.inputTokens().orElse(0))
                    .as("input tokens of llm span <%s>", llm.path())
                    .isPositive();
            assertThat(llm.outputTokens().orElse(0))
                    .as("output tokens of llm span <%s>", llm.path())
                    .isPositive();
        }
    }
}
