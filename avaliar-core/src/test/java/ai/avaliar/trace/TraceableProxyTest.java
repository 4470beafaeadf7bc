package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TraceableProxyTest {

    @RegisterExtension
    final Capture capture = new Capture();

    interface Assistant {
        @Traceable(type = SpanType.AGENT)
        String answer(String question);

        @Traceable(type = SpanType.TOOL, name = "fetch_weather")
        String weather(String city) throws IOException;

        @Traceable(
                type = SpanType.LLM,
                model = "gpt-4o",
                provider = "openai",
                temperature = 0.2,
                topP = 0.9,
                maxTokens = 100)
        CompletionStage<String> generate(List<String> messages);

        @Traceable(type = SpanType.LLM, model = "gpt-4o", provider = "openai")
        Stream<String> streamGenerate(List<String> messages);

        @Traceable(type = SpanType.LLM, model = "gpt-4o", provider = "openai")
        Iterator<String> iterateGenerate(List<String> messages);

        String untraced();
    }

    /** A real implementation calling itself through the proxy, as an agent calls its tools. */
    static final class WeatherAssistant implements Assistant {
        Assistant self;

        @Override
        public String answer(String question) {
            try {
                return self.weather("Lisbon") + " / "
                        + self.generate(List.of(question)).toCompletableFuture().join();
            } catch (IOException e) {
                return "unavailable";
            }
        }

        @Override
        public String weather(String city) throws IOException {
            if (city.isEmpty()) {
                throw new IOException("no city");
            }
            return "Sunny in " + city;
        }

        @Override
        public CompletionStage<String> generate(List<String> messages) {
            Avaliar.updateCurrentLlmRun(12, 3);
            return CompletableFuture.completedFuture("Take sunglasses.");
        }

        @Override
        public Stream<String> streamGenerate(List<String> messages) {
            return Stream.of("Take ", "sunglasses.");
        }

        @Override
        public Iterator<String> iterateGenerate(List<String> messages) {
            return List.of("Take ", "a hat.").iterator();
        }

        @Override
        public String untraced() {
            return "plain";
        }
    }

    private Assistant assistant() {
        WeatherAssistant impl = new WeatherAssistant();
        Assistant traced = Avaliar.traced(Assistant.class, impl);
        impl.self = traced;
        return traced;
    }

    @Test
    void annotated_methods_become_spans_with_inputs_output_and_llm_settings() {
        String answer = assistant().answer("What should I wear?");

        Trace trace = capture.trace();
        assertThat(answer).isEqualTo("Sunny in Lisbon / Take sunglasses.");
        assertThat(trace.renderShape())
                .isEqualTo(""
                        + "answer               (agent)\n"
                        + "  ├── fetch_weather  (tool)\n"
                        + "  └── generate       (llm)\n");
        CapturedSpan generate = trace.span("answer/generate").orElseThrow();
        assertThat(generate.model()).hasValue("gpt-4o");
        assertThat(generate.generationInfo())
                .containsEntry("temperature", 0.2)
                .containsEntry("top_p", 0.9)
                .containsEntry("max_tokens", 100L);
        assertThat(generate.inputTokens()).hasValue(12);
        assertThat(trace.root().inputs()).containsEntry("question", "What should I wear?");
        assertThat(trace.span("answer/fetch_weather").orElseThrow().inputs()).containsEntry("city", "Lisbon");
    }

    @Test
    void a_stream_return_type_is_traced_until_the_stream_is_read() {
        String text = assistant().streamGenerate(List.of("hi")).collect(Collectors.joining());

        assertThat(text).isEqualTo("Take sunglasses.");
        assertThat(capture.trace().root().output()).isEqualTo("Take sunglasses.");
        assertThat(capture.trace().root().isStreaming()).isTrue();
    }

    @Test
    void an_iterator_return_type_is_traced_until_exhausted() {
        Iterator<String> chunks = assistant().iterateGenerate(List.of("hi"));
        StringBuilder text = new StringBuilder();
        chunks.forEachRemaining(text::append);

        assertThat(capture.trace().root().output()).isEqualTo("Take a hat.");
    }

    @Test
    void exceptions_of_the_implementation_are_rethrown_unchanged() {
        assertThatThrownBy(() -> assistant().weather(""))
                .isInstanceOf(IOException.class)
                .hasMessage("no city");

        assertThat(capture.trace().root().errorMessage()).hasValue("no city");
    }

    @Test
    void methods_without_the_annotation_are_not_traced() {
        assertThat(assistant().untraced()).isEqualTo("plain");
        assertThat(capture.exporter.spans()).isEmpty();
    }

    @Test
    void only_interfaces_can_be_traced() {
        assertThatThrownBy(() -> Avaliar.traced(WeatherAssistant.class, new WeatherAssistant()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Avaliar.traced(...) proxies interfaces; " + WeatherAssistant.class.getName()
                        + " is a class. Declare the @Traceable methods on an interface it implements.");
    }
}
