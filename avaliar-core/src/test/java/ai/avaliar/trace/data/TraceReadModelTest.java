package ai.avaliar.trace.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.InMemoryTraceExporter;
import ai.avaliar.trace.SpanType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The read model, on spans made by hand with the raw OpenTelemetry API: fixed times, other instrumentation. */
class TraceReadModelTest {

    private final InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()
            .get("test");

    /** OpenTelemetry reads a start time of 0 as "now": times here count from a fixed instant. */
    private static final long BASE = 1_700_000_000_000L;

    private static void end(io.opentelemetry.api.trace.Span span, long endMillis) {
        span.end(BASE + endMillis, TimeUnit.MILLISECONDS);
    }

    private io.opentelemetry.api.trace.Span start(
            String name, io.opentelemetry.api.trace.Span parent, long startMillis) {
        return tracer.spanBuilder(name)
                .setParent(parent == null ? Context.root() : Context.root().with(parent))
                .setStartTimestamp(BASE + startMillis, TimeUnit.MILLISECONDS)
                .startSpan();
    }

    @Test
    void render_shows_the_tree_with_model_provider_tokens_cost_latency_and_errors() {
        var agent = start("morning_briefing", null, 0);
        agent.setAttribute(AvaliarAttributes.SPAN_TYPE, "agent");
        var tool = start("fetch_weather", agent, 1);
        tool.setAttribute(AvaliarAttributes.SPAN_TYPE, "tool");
        tool.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "timeout");
        end(tool, 101);
        var llm = start("synthesize", agent, 102);
        llm.setAttribute(AvaliarAttributes.SPAN_TYPE, "llm");
        llm.setAttribute(AvaliarAttributes.REQUEST_MODEL, "gpt-4o");
        llm.setAttribute(AvaliarAttributes.PROVIDER_NAME, "openai");
        llm.setAttribute(AvaliarAttributes.INPUT_TOKENS, 53L);
        llm.setAttribute(AvaliarAttributes.OUTPUT_TOKENS, 12L);
        llm.setAttribute(AvaliarAttributes.COST_USD, 0.0002525);
        end(llm, 110);
        end(agent, 111);

        Trace trace = exporter.traces().get(0);
        CapturedSpan synthesize = trace.span("morning_briefing/synthesize").orElseThrow();

        assertThat(trace.render())
                .isEqualTo(""
                        + "morning_briefing     (agent)  111 ms\n"
                        + "  ├── fetch_weather  (tool)  100 ms · ERROR timeout\n"
                        + "  └── synthesize     (llm)  gpt-4o · openai · 53→12 tokens · $0.000253 · 8 ms\n");
        assertThat(trace.render(synthesize)).contains("8 ms  <<<\n");
        assertThat(synthesize.toString()).isEqualTo("synthesize (llm)");
    }

    @Test
    void spans_of_other_instrumentation_read_by_their_gen_ai_attributes() {
        var chat = start("chat gpt-4o", null, 0);
        chat.setAttribute(AvaliarAttributes.OPERATION_NAME, "chat");
        chat.setAttribute(AvaliarAttributes.SYSTEM, "openai");
        chat.setAttribute(AvaliarAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06");
        var tool = start("execute_tool get_weather", chat, 1);
        tool.setAttribute(AvaliarAttributes.OPERATION_NAME, "execute_tool");
        end(tool, 2);
        var agent = start("invoke_agent planner", chat, 3);
        agent.setAttribute(AvaliarAttributes.OPERATION_NAME, "invoke_agent");
        end(agent, 4);
        var other = start("http GET", chat, 5);
        end(other, 6);
        end(chat, 7);

        CapturedSpan root = exporter.traces().get(0).root();
        assertThat(root.type()).isEqualTo(SpanType.LLM);
        assertThat(root.provider()).hasValue("openai");
        assertThat(root.model()).hasValue("gpt-4o-2024-08-06");
        assertThat(root.children())
                .extracting(CapturedSpan::type)
                .containsExactly(SpanType.TOOL, SpanType.AGENT, SpanType.GENERIC);
    }

    @Test
    void a_trace_whose_root_is_still_open_is_incomplete_and_rooted_at_what_ended() {
        var agent = start("agent", null, 0);
        var tool = start("tool", agent, 1);
        end(tool, 2);

        Trace partial = exporter.traces().get(0);
        assertThat(partial.isComplete()).isFalse();
        assertThat(partial.root().name()).isEqualTo("tool");

        end(agent, 3);
        assertThat(exporter.traces().get(0).isComplete()).isTrue();
    }

    @Test
    void paths_index_same_named_siblings_from_zero() {
        var root = start("coordinator", null, 0);
        for (int i = 0; i < 3; i++) {
            var researcher = start("researcher", root, 1 + i);
            researcher.setAttribute(AttributeKey.longKey("n"), i);
            var llm = start("llm_call", researcher, 10 + i);
            end(llm, 20);
            end(researcher, 21);
        }
        end(root, 30);

        Trace trace = exporter.traces().get(0);
        assertThat(trace.span("coordinator/researcher[2]").orElseThrow().attribute(AttributeKey.longKey("n")))
                .isEqualTo(2L);
        assertThat(trace.span("coordinator/researcher/llm_call").orElseThrow().path())
                .isEqualTo("coordinator/researcher[0]/llm_call");
        assertThat(trace.span("coordinator/researcher[3]")).isEmpty();
        assertThat(trace.span("someone_else")).isEmpty();
        assertThat(trace.spansNamed("llm_call")).hasSize(3);
        assertThat(trace.root().descendants()).hasSize(6);
        assertThat(trace.spans()).extracting(CapturedSpan::depth).containsExactly(0, 1, 2, 1, 2, 1, 2);
    }

    @Test
    void a_malformed_path_says_how_paths_are_written() {
        var root = start("root", null, 0);
        end(root, 1);
        Trace trace = exporter.traces().get(0);

        assertThatThrownBy(() -> trace.span("root//child"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"\" in span path \"root//child\" is not a name or name[index] (index from 0)");
        assertThatThrownBy(() -> trace.span(" "))
                .hasMessage(
                        "a span path is names separated by '/', such as \"coordinator/researcher[1]/llm_call\"; got \" \"");
    }

    @Test
    void a_thousand_levels_deep_trace_is_read_and_rendered() {
        var parent = start("level0", null, 0);
        var root = parent;
        java.util.List<io.opentelemetry.api.trace.Span> open = new java.util.ArrayList<>();
        for (int i = 1; i < 1_000; i++) {
            parent = start("level" + i, parent, i);
            open.add(parent);
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            end(open.get(i), 2_000);
        }
        end(root, 2_001);

        Trace trace = exporter.traces().get(0);
        assertThat(trace.spans()).hasSize(1_000);
        assertThat(trace.spans().get(999).depth()).isEqualTo(999);
        assertThat(trace.renderShape().lines()).hasSize(1_000);
    }
}
