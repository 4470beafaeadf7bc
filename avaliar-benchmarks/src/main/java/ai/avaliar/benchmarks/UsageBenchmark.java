package ai.avaliar.benchmarks;

import ai.avaliar.trace.Avaliar;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Token usage read from a stream's elements as they pass, per element: a streamed answer of
 * {@value #CHUNKS} real openai-java chunks (usage on the last only) or anthropic-java events
 * ({@code message_start}, text deltas, {@code message_delta}), each handed to
 * {@code Avaliar.updateCurrentLlmRun} inside {@code Avaliar.llm(..).stream(...)} and mapped to its
 * text, as an agent streams it (so the span's output is text, not the SDK objects); against the same
 * stream not fed ({@code *NotFed}, the wrapper alone) and against reading the usage by hand with
 * the SDK's typed accessors ({@code openaiByHand}, what a user would write without
 * {@code usageFrom}). Figures are per element ({@code @OperationsPerInvocation}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
@OperationsPerInvocation(UsageBenchmark.CHUNKS)
public class UsageBenchmark {

    static final int CHUNKS = 100;

    private final List<ChatCompletionChunk> chunks = new ArrayList<>();
    private final List<RawMessageStreamEvent> events = new ArrayList<>();
    private OpenTelemetrySdk sdk;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        var openai = com.openai.core.ObjectMappers.jsonMapper();
        for (int i = 0; i < CHUNKS - 1; i++) {
            chunks.add(openai.readValue(
                    "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                            + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token"
                            + i
                            + " \"},\"finish_reason\":null}]}",
                    ChatCompletionChunk.class));
        }
        chunks.add(openai.readValue(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                        + "\"completion_tokens\":99,\"total_tokens\":108}}",
                ChatCompletionChunk.class));
        var anthropic = com.anthropic.core.ObjectMappers.jsonMapper();
        events.add(anthropic.readValue(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"cache_read_input_tokens\":0,"
                        + "\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}",
                RawMessageStreamEvent.class));
        for (int i = 0; i < CHUNKS - 2; i++) {
            events.add(anthropic.readValue(
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                            + "\"text_delta\",\"text\":\"token" + i + " \"}}",
                    RawMessageStreamEvent.class));
        }
        events.add(anthropic.readValue(
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":99}}",
                RawMessageStreamEvent.class));
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(new SpanBenchmark.DiscardingExporter()))
                        .build())
                .build();
        Avaliar.configure(sdk);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Avaliar.shutdown();
        sdk.close();
    }

    private static String text(ChatCompletionChunk chunk) {
        return chunk.choices().isEmpty()
                ? ""
                : chunk.choices().get(0).delta().content().orElse("");
    }

    private static String text(RawMessageStreamEvent event) {
        return event.contentBlockDelta()
                .flatMap(delta -> delta.delta().text())
                .map(text -> text.text())
                .orElse("");
    }

    @Benchmark
    public void openaiFed(Blackhole consumer) {
        try (Stream<String> stream = Avaliar.llm("answer").model("gpt-4o").provider("openai").stream(
                () -> chunks.stream().peek(Avaliar::updateCurrentLlmRun).map(UsageBenchmark::text))) {
            stream.forEach(consumer::consume);
        }
    }

    @Benchmark
    public void openaiByHand(Blackhole consumer) {
        try (Stream<String> stream =
                Avaliar.llm("answer").model("gpt-4o").provider("openai").stream(run -> chunks.stream()
                        .peek(chunk -> {
                            if (chunk.usage().isPresent()) {
                                CompletionUsage usage = chunk.usage().get();
                                run.usage(usage.promptTokens(), usage.completionTokens());
                            }
                        })
                        .map(UsageBenchmark::text))) {
            stream.forEach(consumer::consume);
        }
    }

    @Benchmark
    public void openaiNotFed(Blackhole consumer) {
        try (Stream<String> stream = Avaliar.llm("answer").model("gpt-4o").provider("openai").stream(
                () -> chunks.stream().map(UsageBenchmark::text))) {
            stream.forEach(consumer::consume);
        }
    }

    @Benchmark
    public void anthropicFed(Blackhole consumer) {
        try (Stream<String> stream = Avaliar.llm("answer").model("claude-sonnet-4-5").provider("anthropic").stream(
                () -> events.stream().peek(Avaliar::updateCurrentLlmRun).map(UsageBenchmark::text))) {
            stream.forEach(consumer::consume);
        }
    }

    @Benchmark
    public void anthropicNotFed(Blackhole consumer) {
        try (Stream<String> stream = Avaliar.llm("answer").model("claude-sonnet-4-5").provider("anthropic").stream(
                () -> events.stream().map(UsageBenchmark::text))) {
            stream.forEach(consumer::consume);
        }
    }
}
