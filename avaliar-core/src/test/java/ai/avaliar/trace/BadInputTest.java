package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What each kind of bad input does: a clear, documented outcome, and the traced call unharmed. */
class BadInputTest {

    @RegisterExtension
    final Capture capture = new Capture();

    @Test
    void a_null_name_is_recorded_as_unnamed_and_reported() {
        String result = Avaliar.tool(null).call(() -> "ran");

        assertThat(result).isEqualTo("ran");
        assertThat(capture.trace().root().name()).isEqualTo("unnamed_tool");
        assertThat(capture.misuses).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Misuse.Kind.INVALID_NAME);
            assertThat(m.message())
                    .isEqualTo("a tool span was given the name null; name every span (it becomes the"
                            + " node's label in the trace). Recorded as \"unnamed_tool\".");
        });
    }

    @Test
    void usage_outside_any_span_is_reported_with_the_fix() {
        Avaliar.updateCurrentLlmRun(10, 5);

        assertThat(capture.exporter.spans()).isEmpty();
        assertThat(capture.misuses).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Misuse.Kind.USAGE_OUTSIDE_LLM_SPAN);
            assertThat(m.message())
                    .isEqualTo("updateCurrentLlmRun(...) was called with no Avaliar span current;"
                            + " call it from inside an llm span (Avaliar.llm(...).call(...) or a @Traceable(type = LLM) method)."
                            + " On another thread? Carry the context with Avaliar.propagating(executor).");
        });
    }

    @Test
    void usage_inside_a_tool_span_is_reported_and_not_recorded() {
        Avaliar.tool("lookup").run(() -> Avaliar.updateCurrentLlmRun(10, 5));

        assertThat(capture.trace().root().inputTokens()).isEmpty();
        assertThat(capture.misuseMessages())
                .containsExactly("updateCurrentLlmRun(...) was called inside tool span"
                        + " 'lookup'; token counts belong to llm spans. Call it from inside the llm span.");
    }

    @Test
    void run_usage_on_an_agent_span_is_reported() {
        Avaliar.agent("planner").run(run -> run.usage(1, 2));

        assertThat(capture.misuses)
                .singleElement()
                .extracting(Misuse::kind)
                .isEqualTo(Misuse.Kind.USAGE_OUTSIDE_LLM_SPAN);
    }

    @Test
    void a_span_closed_twice_is_reported_and_ends_once() {
        OpenSpan span = Avaliar.tool("manual").start();
        span.close();
        span.close();

        assertThat(capture.exporter.spans()).hasSize(1);
        assertThat(capture.misuseMessages())
                .containsExactly(
                        "span 'manual' was closed twice; close an OpenSpan once, best with try-with-resources.");
    }

    @Test
    void spans_closed_out_of_order_are_reported() {
        OpenSpan outer = Avaliar.agent("outer").start();
        OpenSpan inner = Avaliar.tool("inner").start();
        outer.close();
        inner.close();

        assertThat(capture.misuses).extracting(Misuse::kind).containsExactly(Misuse.Kind.NESTING);
        assertThat(Avaliar.currentRun())
                .as("the thread is left with no span current")
                .isEmpty();
        assertThat(capture.exporter.spans()).hasSize(2);
        assertThat(capture.misuseMessages().get(0))
                .isEqualTo("span 'outer' was closed while span 'inner' was current"
                        + " on this thread; close spans in the reverse order they started, on the thread that started them"
                        + " (try-with-resources does both).");
    }

    @Test
    void spans_started_by_hand_nest_and_record_output_and_errors() {
        try (OpenSpan agent = Avaliar.agent("agent").start()) {
            try (OpenSpan tool = Avaliar.tool("tool").input("id", 42).start()) {
                tool.output(Map.of("found", true));
            }
            agent.error(new IOException("upstream down"));
        }

        Trace trace = capture.trace();
        assertThat(trace.span("agent/tool").orElseThrow().outputJson()).isEqualTo("{\"found\":true}");
        assertThat(trace.root().errorMessage()).hasValue("upstream down");
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void a_checked_exception_is_recorded_and_rethrown_as_the_same_instance() {
        IOException failure = new IOException("disk full");

        assertThatThrownBy(() -> Avaliar.tool("save").call(() -> {
                    throw failure;
                }))
                .isSameAs(failure);

        CapturedSpan span = capture.trace().root();
        assertThat(span.isError()).isTrue();
        assertThat(span.errorMessage()).hasValue("disk full");
        assertThat(span.exception().orElseThrow().type()).isEqualTo("java.io.IOException");
        assertThat(span.outputJson()).isNull();
    }

    @Test
    void an_async_failure_fails_the_span_and_the_future_with_the_cause() {
        IllegalStateException cause = new IllegalStateException("rate limited");
        CompletableFuture<String> result = Avaliar.llm("call").callAsync(() -> CompletableFuture.failedFuture(cause));

        assertThatThrownBy(result::join).isInstanceOf(CompletionException.class).hasCause(cause);
        assertThat(capture.trace().root().errorMessage()).hasValue("rate limited");
    }

    @Test
    void async_code_that_throws_before_returning_fails_the_future_not_the_caller() {
        CompletableFuture<String> result = Avaliar.llm("call").callAsync(() -> {
            throw new IOException("no connection");
        });

        assertThat(result).isCompletedExceptionally();
        assertThat(capture.trace().root().errorMessage()).hasValue("no connection");
    }

    @Test
    void an_unserialisable_output_is_described_and_the_call_returns_it() {
        Object cannotSerialise = new Object() {
            public String getBoom() {
                throw new IllegalStateException("getter exploded");
            }

            @Override
            public String toString() {
                return "Widget#1";
            }
        };

        Object result = Avaliar.tool("make").call(() -> cannotSerialise);

        assertThat(result).isSameAs(cannotSerialise);
        assertThat(capture.trace().root().outputJson())
                .startsWith("{\"unserialisable\":\"ai.avaliar.trace.BadInputTest$")
                .contains("\"reason\":\"getter exploded")
                .endsWith("\"toString\":\"Widget#1\"}");
    }

    @Test
    void an_iterator_returned_by_a_traced_call_is_described_not_consumed() {
        java.util.Iterator<String> pages =
                Avaliar.tool("pages").call(() -> List.of("a", "b").iterator());

        assertThat(pages).toIterable().containsExactly("a", "b");
        assertThat(capture.trace().root().output())
                .startsWith("<java.util.ImmutableCollections$ListItr")
                .endsWith(": not read, reading it would consume it>");
    }

    @Test
    void a_cyclic_input_is_recorded_without_failing() {
        List<Object> cycle = new ArrayList<>();
        cycle.add("head");
        cycle.add(cycle);

        String result = Avaliar.tool("walk").input("graph", cycle).call(() -> "walked");

        assertThat(result).isEqualTo("walked");
        assertThat(capture.trace().root().inputJson()).contains("unserialisable");
    }

    @Test
    void a_ten_megabyte_output_is_truncated_with_a_visible_marker() {
        String huge = "y".repeat(10 * 1024 * 1024);

        String result = Avaliar.tool("dump").call(() -> huge);

        assertThat(result).hasSize(10 * 1024 * 1024);
        CapturedSpan span = capture.trace().root();
        assertThat(span.output()).startsWith("\"yyyy").endsWith("…[avaliar: truncated, 32768 of 10485762 chars kept]");
        assertThat(span.outputJson())
                .as("still valid JSON: a string holding the kept JSON and the marker")
                .startsWith("\"\\\"yyyy")
                .endsWith("kept]\"");
    }

    @Test
    void control_characters_and_unpaired_surrogates_survive_as_json_escapes() {
        String odd = "bell\u0007 nul\u0000 half\uD800 end";

        Avaliar.tool("echo").call(() -> odd);

        assertThat(capture.trace().root().output()).isEqualTo(odd);
    }
}
