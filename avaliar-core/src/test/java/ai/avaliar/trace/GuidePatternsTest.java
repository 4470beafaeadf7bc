package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each pattern of Avaliar's advanced tracing guide, in Java, asserted on the captured tree. */
class GuidePatternsTest {

    @RegisterExtension
    final Capture capture = new Capture();

    private final ExecutorService pool = Avaliar.propagating(Executors.newFixedThreadPool(4));

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    // ---- Concurrent spans: morning_briefing ----

    /** The guide's tools, forced to overlap: each waits at the barrier until the other has started. */
    private final CyclicBarrier bothToolsRunning = new CyclicBarrier(2);

    private CompletableFuture<String> fetchWeather(String city) {
        return Avaliar.tool("fetch_weather")
                .input("city", city)
                .callAsync(() -> CompletableFuture.supplyAsync(
                        () -> {
                            await(bothToolsRunning);
                            return "Weather in " + city + ": Sunny, 22°C";
                        },
                        pool));
    }

    private CompletableFuture<String> fetchNews(String topic) {
        return Avaliar.tool("fetch_news")
                .input("topic", topic)
                .callAsync(() -> CompletableFuture.supplyAsync(
                        () -> {
                            await(bothToolsRunning);
                            return "Latest news on " + topic + ": All quiet.";
                        },
                        pool));
    }

    private String synthesize(String prompt) {
        return Avaliar.llm("synthesize")
                .model("gpt-4o")
                .provider("openai")
                .input("messages", List.of(prompt))
                .call(run -> {
                    run.usage(53, 12);
                    return "Good morning! Sunny, 22°C, and all quiet.";
                });
    }

    private String morningBriefing(String city, String topic) {
        return Avaliar.agent("morning_briefing")
                .input("city", city)
                .input("topic", topic)
                .call(() -> {
                    CompletableFuture<String> weather = fetchWeather(city);
                    CompletableFuture<String> news = fetchNews(topic);
                    return synthesize("Weather: " + weather.join() + "\nNews: " + news.join());
                });
    }

    @Test
    @DisplayName("concurrent spans: both tools are children of the agent and ran at the same time")
    void concurrent_tools_are_children_of_the_agent_and_overlap() {
        String answer = morningBriefing("Lisbon", "markets");

        Trace trace = capture.trace();
        assertThat(answer).isEqualTo("Good morning! Sunny, 22°C, and all quiet.");
        assertThat(trace.renderShape())
                .isEqualTo(""
                        + "morning_briefing     (agent)\n"
                        + "  ├── fetch_weather  (tool)\n"
                        + "  ├── fetch_news     (tool)\n"
                        + "  └── synthesize     (llm)\n");
        CapturedSpan weather = trace.span("morning_briefing/fetch_weather").orElseThrow();
        CapturedSpan news = trace.span("morning_briefing/fetch_news").orElseThrow();
        assertThat(weather.overlaps(news)).as("the tools ran in parallel").isTrue();
        assertThat(weather.inputs()).containsEntry("city", "Lisbon");
        assertThat(weather.output()).isEqualTo("Weather in Lisbon: Sunny, 22°C");
        assertThat(trace.span("morning_briefing/synthesize").orElseThrow().startEpochNanos())
                .as("the llm starts after both tools ended")
                .isGreaterThanOrEqualTo(Math.max(weather.endEpochNanos(), news.endEpochNanos()));
    }

    // ---- Multi-provider ----

    @Test
    @DisplayName("multi-provider: provider, model, tokens and cost on each llm span")
    void the_same_question_to_two_providers_is_broken_down_by_provider() {
        Avaliar.agent("compare").run(() -> {
            Avaliar.llm("openai_generate").model("gpt-4o").provider("openai").call(run -> {
                Avaliar.updateCurrentLlmRun(1_000, 500);
                return "Paris";
            });
            Avaliar.llm("anthropic_generate")
                    .model("claude-sonnet-4-5")
                    .provider("anthropic")
                    .call(run -> {
                        Avaliar.updateCurrentLlmRun(2_000, 100);
                        return "Paris";
                    });
        });

        Trace trace = capture.trace();
        CapturedSpan openai = trace.span("compare/openai_generate").orElseThrow();
        CapturedSpan anthropic = trace.span("compare/anthropic_generate").orElseThrow();
        assertThat(openai.provider()).hasValue("openai");
        assertThat(anthropic.provider()).hasValue("anthropic");
        assertThat(openai.costUsd().getAsDouble()).isCloseTo(1_000 * 2.50e-6 + 500 * 10.00e-6, within());
        assertThat(anthropic.costUsd().getAsDouble()).isCloseTo(2_000 * 3.00e-6 + 100 * 15.00e-6, within());
        assertThat(trace.totalTokens()).isEqualTo(3_600);
        assertThat(trace.totalCostUsd()).isCloseTo(0.0075 + 0.0075, within());
    }

    // ---- Streaming ----

    private Stream<String> streamGenerate(List<String> messages) {
        return Avaliar.llm("stream_generate").model("gpt-4o").provider("openai").input("messages", messages).stream(
                () -> providerChunks()
                        .peek(chunk -> {
                            if (chunk.usage != null) {
                                Avaliar.updateCurrentLlmRun(chunk.usage[0], chunk.usage[1]);
                            }
                        })
                        .filter(chunk -> chunk.content != null)
                        .map(chunk -> chunk.content));
    }

    /** What a provider's stream looks like: content deltas, then a final chunk with usage only. */
    private static Stream<Chunk> providerChunks() {
        return Stream.of(
                new Chunk("Once ", null),
                new Chunk("upon ", null),
                new Chunk("a time.", null),
                new Chunk(null, new long[] {25, 4}));
    }

    private record Chunk(String content, long[] usage) {}

    @Test
    @DisplayName("sync streaming: output is the concatenated text, usage from the final chunk")
    void sync_stream_records_concatenated_output_and_final_usage() {
        StringBuilder printed = new StringBuilder();
        try (Stream<String> chunks = streamGenerate(List.of("Tell me a short story."))) {
            chunks.forEach(printed::append);
        }

        CapturedSpan span = capture.trace().root();
        assertThat(printed).hasToString("Once upon a time.");
        assertThat(span.output()).isEqualTo("Once upon a time.");
        assertThat(span.inputTokens()).hasValue(25);
        assertThat(span.outputTokens()).hasValue(4);
        assertThat(span.isStreaming()).isTrue();
        assertThat(span.timeToFirstChunk()).isPresent();
        assertThat(span.timeToFirstChunk().orElseThrow()).isLessThanOrEqualTo(span.duration());
    }

    @Test
    void the_stream_span_stays_open_until_the_consumer_has_read_everything() {
        Stream<String> chunks = streamGenerate(List.of("Tell me a short story."));
        var iterator = chunks.iterator();
        iterator.next();
        assertThat(capture.exporter.spans())
                .as("ended spans while the consumer is reading")
                .isEmpty();

        iterator.forEachRemaining(chunk -> {});

        assertThat(capture.trace().root().output()).isEqualTo("Once upon a time.");
    }

    @Test
    @DisplayName("async streaming: a Flow.Publisher traced from subscribe to onComplete, usage from the last item")
    void async_stream_records_concatenated_output_and_final_usage() throws Exception {
        Flow.Publisher<String> story = Avaliar.llm("stream_generate")
                .model("gpt-4o")
                .provider("openai")
                .publish(() -> subscriber -> {
                    // The provider's producer, started on subscription, on another thread: it runs
                    // with the span current, so it can record the usage of its final event.
                    SubmissionPublisher<String> publisher = new SubmissionPublisher<>(pool, 16);
                    publisher.subscribe(subscriber);
                    pool.submit(() -> {
                        for (String piece : List.of("Once ", "upon ", "a time.")) {
                            publisher.submit(piece);
                        }
                        Avaliar.updateCurrentLlmRun(25, 4);
                        publisher.close();
                    });
                });
        List<String> received = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        story.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                received.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(5, TimeUnit.SECONDS);

        CapturedSpan span = capture.awaitSpans(1).get(0).root();
        assertThat(String.join("", received)).isEqualTo("Once upon a time.");
        assertThat(span.output()).isEqualTo("Once upon a time.");
        assertThat(span.isStreaming()).isTrue();
        assertThat(span.attribute(AvaliarAttributes.STREAM_CHUNKS)).isEqualTo(3L);
        assertThat(span.inputTokens()).hasValue(25);
        assertThat(span.outputTokens()).hasValue(4);
        assertThat(capture.misuses).isEmpty();
    }

    // ---- Synchronous code, and sync mixed with async ----

    private List<String> fetchFromDb(String query) {
        return Avaliar.tool("fetch_from_db").input("query", query).call(() -> List.of("row 1", "row 2"));
    }

    private String generateSync(List<String> messages) {
        return Avaliar.llm("generate_sync")
                .model("gpt-4o")
                .provider("openai")
                .input("messages", messages)
                .call(run -> {
                    run.usage(40, 8);
                    return "Two rows.";
                });
    }

    @Test
    @DisplayName("synchronous code: tool then llm under the agent")
    void sync_pipeline_is_a_tree_of_agent_tool_llm() {
        String answer = Avaliar.agent("run_pipeline").input("question", "rows?").call(() -> {
            List<String> records = fetchFromDb("SELECT * WHERE topic = 'rows?'");
            return generateSync(List.of("Context: " + records, "rows?"));
        });

        Trace trace = capture.trace();
        assertThat(answer).isEqualTo("Two rows.");
        assertThat(trace.renderShape())
                .isEqualTo(""
                        + "run_pipeline         (agent)\n"
                        + "  ├── fetch_from_db  (tool)\n"
                        + "  └── generate_sync  (llm)\n");
        assertThat(trace.span("run_pipeline/fetch_from_db").orElseThrow().outputJson())
                .isEqualTo("[\"row 1\",\"row 2\"]");
    }

    @Test
    @DisplayName("sync and async spans mix freely in one tree")
    void sync_and_async_spans_mix_in_one_tree() {
        CompletableFuture<String> answer = Avaliar.agent("mixed").callAsync(() -> {
            List<String> rows = fetchFromDb("q"); // sync inside async
            return CompletableFuture.supplyAsync(() -> generateSync(rows), pool) // async child on a pool
                    .thenCompose(text -> Avaliar.tool("post_process")
                            .callAsync(() -> CompletableFuture.completedFuture(text.toUpperCase())));
        });

        assertThat(answer.join()).isEqualTo("TWO ROWS.");
        Trace trace = capture.awaitSpans(4).get(0);
        assertThat(trace.renderShape())
                .isEqualTo(""
                        + "mixed                (agent)\n"
                        + "  ├── fetch_from_db  (tool)\n"
                        + "  ├── generate_sync  (llm)\n"
                        + "  └── post_process   (tool)\n");
    }

    // ---- Token tracking ----

    @Test
    @DisplayName("token tracking: updateCurrentLlmRun from inside the llm span, with cost")
    void update_current_llm_run_attaches_tokens_and_cost() {
        Avaliar.llm("generate")
                .model("gpt-4o-mini-2024-07-18")
                .provider("openai")
                .call(() -> {
                    Avaliar.updateCurrentLlmRun(10_000, 2_000);
                    return "ok";
                });

        CapturedSpan span = capture.trace().root();
        assertThat(span.inputTokens()).hasValue(10_000);
        assertThat(span.outputTokens()).hasValue(2_000);
        assertThat(span.totalTokens()).hasValue(12_000);
        assertThat(span.costUsd().getAsDouble()).isCloseTo(10_000 * 0.15e-6 + 2_000 * 0.60e-6, within());
        assertThat(capture.misuses).isEmpty();
    }

    // ---- Deep hierarchies ----

    private final CyclicBarrier researchersRunning = new CyclicBarrier(2);

    private String llmCall(List<String> messages) {
        return Avaliar.llm("llm_call")
                .model("gpt-4o")
                .provider("openai")
                .input("messages", messages)
                .call(run -> {
                    run.usage(20, 10);
                    return "findings on " + messages.get(messages.size() - 1);
                });
    }

    private CompletableFuture<String> researcher(String topic) {
        return Avaliar.agent("researcher")
                .input("topic", topic)
                .callAsync(() -> CompletableFuture.supplyAsync(
                        () -> {
                            await(researchersRunning);
                            return llmCall(List.of("You are a research assistant.", "Research this topic: " + topic));
                        },
                        pool));
    }

    private String summarizeFindings(List<String> findings) {
        return Avaliar.tool("summarize_findings")
                .input("findings", findings)
                .call(() -> llmCall(List.of("Summarize concisely.", String.join("\n\n", findings))));
    }

    private String coordinator(List<String> topics) {
        return Avaliar.agent("coordinator").input("topics", topics).call(() -> {
            List<CompletableFuture<String>> running =
                    topics.stream().map(this::researcher).collect(Collectors.toList());
            List<String> findings =
                    running.stream().map(CompletableFuture::join).collect(Collectors.toList());
            return summarizeFindings(findings);
        });
    }

    @Test
    @DisplayName("deep hierarchy: coordinator, concurrent researchers, summariser, each with its llm call")
    void three_level_hierarchy_matches_the_guide() {
        coordinator(List.of("topic A", "topic B"));

        Trace trace = capture.trace();
        assertThat(trace.renderShape())
                .isEqualTo(""
                        + "coordinator               (agent)\n"
                        + "  ├── researcher          (agent)\n"
                        + "  │     └── llm_call      (llm)\n"
                        + "  ├── researcher          (agent)\n"
                        + "  │     └── llm_call      (llm)\n"
                        + "  └── summarize_findings  (tool)\n"
                        + "        └── llm_call      (llm)\n");
        CapturedSpan first = trace.span("coordinator/researcher[0]").orElseThrow();
        CapturedSpan second = trace.span("coordinator/researcher[1]").orElseThrow();
        assertThat(first.overlaps(second)).as("researchers ran concurrently").isTrue();
        assertThat(List.of(first.inputs().get("topic"), second.inputs().get("topic")))
                .containsExactlyInAnyOrder("topic A", "topic B");
        assertThat(trace.span("coordinator/researcher[1]/llm_call")
                        .orElseThrow()
                        .path())
                .isEqualTo("coordinator/researcher[1]/llm_call");
        assertThat(trace.spans(SpanType.LLM))
                .hasSize(3)
                .allSatisfy(llm -> assertThat(llm.inputTokens()).hasValue(20));
        assertThat(trace.totalTokens()).isEqualTo(90);
    }

    // ---- Custom metadata: generation_info ----

    @Test
    @DisplayName("custom metadata: temperature and top_p are recorded as generation info")
    void temperature_and_top_p_are_generation_info() {
        Avaliar.llm("precise_generate")
                .model("gpt-4o")
                .provider("openai")
                .temperature(0.2)
                .topP(0.9)
                .generationInfo("seed", 7)
                .maxTokens(256)
                .metadata("customer_tier", "gold")
                .call(() -> "precise");

        CapturedSpan span = capture.trace().root();
        assertThat(span.generationInfo())
                .containsEntry("temperature", 0.2)
                .containsEntry("top_p", 0.9)
                .containsEntry("seed", 7L)
                .containsEntry("max_tokens", 256L);
        assertThat(span.attribute(AvaliarAttributes.REQUEST_TEMPERATURE)).isEqualTo(0.2);
        assertThat(span.attribute(AvaliarAttributes.REQUEST_TOP_P)).isEqualTo(0.9);
        assertThat(span.attribute(AvaliarAttributes.REQUEST_MAX_TOKENS)).isEqualTo(256L);
        assertThat(span.metadata()).containsEntry("customer_tier", "gold");
    }

    @Test
    void a_float_temperature_is_recorded_as_the_decimal_it_was_written_as() {
        Avaliar.llm("generate")
                .generationInfo("temperature", 0.7f)
                .generationInfo("penalty", 0.1f)
                .call(() -> "ok");

        CapturedSpan span = capture.trace().root();
        assertThat(span.generationInfo()).containsEntry("temperature", 0.7).containsEntry("penalty", 0.1);
        assertThat(span.attribute(AvaliarAttributes.REQUEST_TEMPERATURE)).isEqualTo(0.7);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the parallel branches did not run at the same time", e);
        }
    }
}
