package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tree a trace is built into does not depend on the order its spans arrive in. */
class PerfTraceBuildTest {

    @Test
    void siblings_are_in_start_order_those_starting_together_in_the_order_they_came_and_leaves_have_no_children() {
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build()) {
            Tracer tracer = sdk.getTracer("test");
            io.opentelemetry.api.trace.Span root = tracer.spanBuilder("root")
                    .setStartTimestamp(100, TimeUnit.SECONDS)
                    .startSpan();
            Context parent = Context.root().with(root);
            io.opentelemetry.api.trace.Span late = child(tracer, parent, "late", 103);
            io.opentelemetry.api.trace.Span tieEndedFirst = child(tracer, parent, "tie_ended_first", 101);
            io.opentelemetry.api.trace.Span tieEndedSecond = child(tracer, parent, "tie_ended_second", 101);
            io.opentelemetry.api.trace.Span middle = child(tracer, parent, "middle", 102);
            // Exporters hand spans over in the order they end: children before their parent, any order.
            for (io.opentelemetry.api.trace.Span span : List.of(middle, tieEndedFirst, late, tieEndedSecond, root)) {
                span.end(200, TimeUnit.SECONDS);
            }

            Trace trace = exporter.traces().get(0);

            assertThat(trace.root().name()).isEqualTo("root");
            assertThat(trace.root().children())
                    .extracting(CapturedSpan::name)
                    .containsExactly("tie_ended_first", "tie_ended_second", "middle", "late");
            assertThat(trace.spans())
                    .extracting(CapturedSpan::name)
                    .containsExactly("root", "tie_ended_first", "tie_ended_second", "middle", "late");
            CapturedSpan leaf = trace.root().children().get(0);
            assertThat(leaf.children()).isEmpty();
            assertThat(leaf.descendantsAndSelf()).containsExactly(leaf);
            assertThat(leaf.depth()).isEqualTo(1);
            assertThat(Trace.of(exporter.spans())).hasSize(1);
        }
    }

    private static io.opentelemetry.api.trace.Span child(
            Tracer tracer, Context parent, String name, long startSeconds) {
        return tracer.spanBuilder(name)
                .setParent(parent)
                .setStartTimestamp(startSeconds, TimeUnit.SECONDS)
                .startSpan();
    }
}
