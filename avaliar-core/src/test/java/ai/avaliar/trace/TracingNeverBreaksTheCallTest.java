package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.AbstractList;
import java.util.List;
import java.util.ListIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever goes wrong inside tracing, the traced call returns or throws as it would untraced. */
class TracingNeverBreaksTheCallTest {

    @RegisterExtension
    final Capture capture = new Capture();

    @AfterEach
    void backToNoop() {
        Avaliar.shutdown();
    }

    private static void configureWith(SpanProcessor broken, InMemoryTraceExporter exporter) {
        Avaliar.configure(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(broken)
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build());
    }

    @Test
    void an_input_whose_iteration_throws_is_recorded_as_unserialisable() {
        List<String> lazy = new AbstractList<>() {
            @Override
            public String get(int index) {
                throw new IllegalStateException("failed to lazily initialize a collection");
            }

            @Override
            public int size() {
                return 2;
            }
        };

        String result = Avaliar.tool("load").input("items", lazy).call(() -> "loaded");

        assertThat(result).isEqualTo("loaded");
        assertThat(capture.trace().root().inputJson()).contains("unserialisable", "failed to lazily initialize");
    }

    @Test
    void a_span_processor_failing_at_the_end_does_not_replace_the_result() {
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        configureWith(
                new SpanProcessor() {
                    @Override
                    public void onStart(Context parentContext, ReadWriteSpan span) {}

                    @Override
                    public boolean isStartRequired() {
                        return false;
                    }

                    @Override
                    public void onEnd(ReadableSpan span) {
                        throw new IllegalStateException("processor failed");
                    }

                    @Override
                    public boolean isEndRequired() {
                        return true;
                    }
                },
                exporter);

        assertThat(Avaliar.tool("t").call(() -> "ok")).isEqualTo("ok");
    }

    @Test
    void a_span_processor_failing_at_the_start_does_not_break_the_call_nor_its_exception() {
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        configureWith(
                new SpanProcessor() {
                    @Override
                    public void onStart(Context parentContext, ReadWriteSpan span) {
                        throw new IllegalStateException("processor failed");
                    }

                    @Override
                    public boolean isStartRequired() {
                        return true;
                    }

                    @Override
                    public void onEnd(ReadableSpan span) {}

                    @Override
                    public boolean isEndRequired() {
                        return false;
                    }
                },
                exporter);
        IllegalArgumentException own = new IllegalArgumentException("the call's own");

        String result = Avaliar.llm("t").call(run -> {
            run.usage(1, 2);
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThatThrownBy(() -> Avaliar.tool("t").call(() -> {
                    throw own;
                }))
                .isSameAs(own);
    }

    interface Misconfigured {
        @Traceable(type = SpanType.TOOL, model = "gpt-4o")
        String lookup(String id);

        @Traceable(type = SpanType.TOOL)
        ListIterator<String> pages();
    }

    @Test
    void a_misconfigured_annotation_is_reported_once_when_the_proxy_is_made() {
        Misconfigured traced = Avaliar.traced(Misconfigured.class, new Misconfigured() {
            @Override
            public String lookup(String id) {
                return id;
            }

            @Override
            public ListIterator<String> pages() {
                return List.of("a").listIterator();
            }
        });
        traced.lookup("1");
        traced.lookup("2");

        assertThat(capture.misuses)
                .singleElement()
                .extracting(Misuse::kind)
                .isEqualTo(Misuse.Kind.LLM_SETTING_ON_OTHER_SPAN);
        assertThat(traced.pages().hasPrevious())
                .as("a ListIterator is returned as one")
                .isFalse();
    }
}
