package ai.avaliar.trace;

import ai.avaliar.detection.internal.Detections;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Traces LLM agents: each agent, tool and model call becomes a span of an OpenTelemetry trace,
 * with inputs, output, model, provider, tokens, cost and generation parameters. The Java form
 * of the Python SDK's {@code @traceable}. Without configuration every call is a cheap no-op.
 *
 * <pre>{@code
 * Avaliar.configureFromEnvironment();
 *
 * String briefing = Avaliar.agent("morning_briefing").call(() -> {
 *     CompletableFuture<String> weather = Avaliar.tool("fetch_weather").input("city", city)
 *             .callAsync(() -> CompletableFuture.supplyAsync(() -> api.weather(city)));
 *     return Avaliar.llm("synthesize").model("gpt-4o").provider("openai").temperature(0.2)
 *             .call(run -> {
 *                 ChatCompletion c = client.chat().completions().create(params(weather.join()));
 *                 run.usageFrom(c);
 *                 return c.choices().get(0).message().content().orElse("");
 *             });
 * });
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Avaliar {

    /** The instrumentation scope of Avaliar's spans: tells them apart from other instrumentation's. */
    public static final String INSTRUMENTATION_SCOPE = "ai.avaliar";

    private Avaliar() {}

    // ---- spans ----

    /**
     * An agent span.
     *
     * @param name the span's name, such as the method's
     * @return a builder to run code in the span
     */
    public static TaskCall agent(String name) {
        return new TaskCall(SpanType.AGENT, name);
    }

    /**
     * A tool span.
     *
     * @param name the span's name
     * @return a builder to run code in the span
     */
    public static TaskCall tool(String name) {
        return new TaskCall(SpanType.TOOL, name);
    }

    /**
     * A generic span, for steps that are neither agents, tools nor model calls.
     *
     * @param name the span's name
     * @return a builder to run code in the span
     */
    public static TaskCall generic(String name) {
        return new TaskCall(SpanType.GENERIC, name);
    }

    /**
     * An llm span: a call of a language model.
     *
     * @param name the span's name
     * @return a builder with model, provider and generation parameters
     */
    public static LlmCall llm(String name) {
        return new LlmCall(name);
    }

    /**
     * A span of a type chosen at run time.
     *
     * @param type the type
     * @param name the span's name
     * @return a builder ({@link LlmCall} for {@link SpanType#LLM})
     */
    public static SpanCall<?> span(SpanType type, String name) {
        Objects.requireNonNull(type, "type");
        return type == SpanType.LLM ? new LlmCall(name) : new TaskCall(type, name);
    }

    // ---- token tracking ----

    /**
     * Records token counts on the llm span current on this thread, as the Python SDK's
     * {@code update_current_llm_run}. Outside an llm span it is a misuse: logged, and a test
     * failure under the JUnit extension.
     *
     * @param inputTokens prompt tokens
     * @param outputTokens completion tokens
     */
    public static void updateCurrentLlmRun(long inputTokens, long outputTokens) {
        ActiveRun run = currentLlmRun("updateCurrentLlmRun");
        if (run != null) {
            run.usage(inputTokens, outputTokens);
        }
    }

    /**
     * Records token counts (and response model) read from a provider SDK object, on the llm span
     * current on this thread; see {@link Run#usageFrom(Object)}. A chunk or event without usage is
     * ignored, so a stream's elements can all be fed as they come:
     *
     * <pre>{@code
     * client.messages().createStreaming(params).stream()
     *     .peek(Avaliar::updateCurrentLlmRun)   // message_start: input tokens; message_delta: output tokens
     *     ...
     * }</pre>
     *
     * @param responseOrUsage an openai-java, anthropic-java or LangChain4j response, chunk, stream
     *     event, accumulator or usage object
     */
    public static void updateCurrentLlmRun(Object responseOrUsage) {
        ActiveRun run = currentLlmRun("updateCurrentLlmRun");
        if (run != null) {
            run.usageFrom(responseOrUsage);
        }
    }

    private static ActiveRun currentLlmRun(String method) {
        if (!AvaliarRuntime.settings().enabled()) {
            return null;
        }
        ActiveRun run = Context.current().get(AvaliarRuntime.RUN_KEY);
        if (run == null) {
            AvaliarRuntime.misuse(
                    Misuse.Kind.USAGE_OUTSIDE_LLM_SPAN,
                    method + "(...) was called with no Avaliar span"
                            + " current; call it from inside an llm span (Avaliar.llm(...).call(...) or a @Traceable(type = LLM)"
                            + " method). On another thread? Carry the context with Avaliar.propagating(executor).");
            return null;
        }
        if (run.type() != SpanType.LLM) {
            AvaliarRuntime.misuse(
                    Misuse.Kind.USAGE_OUTSIDE_LLM_SPAN,
                    method + "(...) was called inside " + run.type() + " span '" + run.name()
                            + "'; token counts belong to llm spans. Call it from inside the llm span.");
            return null;
        }
        return run;
    }

    /**
     * The span current on this thread.
     *
     * @return its run, or empty outside any Avaliar span
     */
    public static Optional<Run> currentRun() {
        return Optional.ofNullable(Context.current().get(AvaliarRuntime.RUN_KEY));
    }

    // ---- context propagation ----

    /**
     * An executor that runs each task in the context current when it was submitted, so spans
     * the task starts are children of the span that submitted it (the guide's
     * {@code asyncio.gather}). Works with virtual-thread executors too. After each task the
     * thread's own context is put back, even when the task left a span it started by hand open:
     * that span is reported as {@link Misuse.Kind#SPAN_LEFT_OPEN}, and the next task on the thread
     * is not its child.
     *
     * @param executor the executor to wrap
     * @return the propagating executor
     */
    public static Executor propagating(Executor executor) {
        return ContextTasks.propagating(executor);
    }

    /**
     * An executor service that runs each task in the context current when it was submitted.
     *
     * @param executor the executor service to wrap
     * @return the propagating executor service; shutting it down shuts down {@code executor}
     */
    public static ExecutorService propagating(ExecutorService executor) {
        return ContextTasks.propagating(executor);
    }

    /**
     * A task that runs in the context current now, wherever it is run.
     *
     * @param task the task
     * @return the wrapped task
     */
    public static Runnable wrap(Runnable task) {
        return ContextTasks.wrap(Context.current(), task);
    }

    /**
     * A task that runs in the context current now, wherever it is run.
     *
     * @param task the task
     * @param <T> its result
     * @return the wrapped task
     */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return ContextTasks.wrap(Context.current(), task);
    }

    /**
     * A supplier that runs in the context current now, as for
     * {@code CompletableFuture.supplyAsync(Avaliar.wrapSupplier(() -> ...))}.
     *
     * @param supplier the supplier
     * @param <T> its result
     * @return the wrapped supplier
     */
    public static <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
        Context context = Context.current();
        return () -> ContextTasks.call(context, supplier);
    }

    /**
     * A function that runs in the context current now, as for {@code thenApplyAsync} stages and
     * parallel streams.
     *
     * @param function the function
     * @param <T> its argument
     * @param <R> its result
     * @return the wrapped function
     */
    public static <T, R> Function<T, R> wrapFunction(Function<T, R> function) {
        Context context = Context.current();
        return argument -> ContextTasks.call(context, () -> function.apply(argument));
    }

    /**
     * A two-argument function that runs in the context current now, as for
     * {@code thenCombineAsync} stages.
     *
     * @param function the function
     * @param <T> its first argument
     * @param <U> its second argument
     * @param <R> its result
     * @return the wrapped function
     */
    public static <T, U, R> BiFunction<T, U, R> wrapBiFunction(BiFunction<T, U, R> function) {
        Context context = Context.current();
        return (first, second) -> ContextTasks.call(context, () -> function.apply(first, second));
    }

    /**
     * A consumer that runs in the context current now, as for {@code thenAcceptAsync} and
     * {@code forEach} of parallel streams.
     *
     * @param consumer the consumer
     * @param <T> its argument
     * @return the wrapped consumer
     */
    public static <T> Consumer<T> wrapConsumer(Consumer<T> consumer) {
        Context context = Context.current();
        return argument -> ContextTasks.call(context, () -> {
            consumer.accept(argument);
            return null;
        });
    }

    // ---- annotations ----

    /**
     * A proxy of {@code implementation} that traces each method annotated with {@link Traceable}
     * (on the interface or on the implementation): plain, {@code CompletionStage}, {@code Stream},
     * {@code Iterator} and {@code Flow.Publisher} return types.
     *
     * @param type the interface to trace
     * @param implementation the object to call
     * @param <T> the interface
     * @return the tracing proxy
     */
    public static <T> T traced(Class<T> type, T implementation) {
        return TracedProxy.create(type, implementation);
    }

    // ---- configuration ----

    /**
     * Traces into your OpenTelemetry instance (with your exporters and processors).
     *
     * @param openTelemetry the instance
     */
    public static void configure(OpenTelemetry openTelemetry) {
        configure(AvaliarConfig.builder().openTelemetry(openTelemetry).build());
    }

    /**
     * Applies a configuration, replacing the previous one (whose exporter, if Avaliar made it,
     * is flushed and shut down).
     *
     * @param config the configuration
     */
    public static void configure(AvaliarConfig config) {
        Objects.requireNonNull(config, "config");
        close(AvaliarRuntime.swap(Exporting.settingsFor(config)));
    }

    /**
     * Applies the configuration of the environment variables; see {@link AvaliarConfig}.
     * With {@code AVALIAR_TRACING=false}, tracing is off: no thread starts and nothing is sent.
     */
    public static void configureFromEnvironment() {
        configure(AvaliarConfig.fromEnvironment());
    }

    /** Flushes and stops what Avaliar started, and goes back to no-op tracing. */
    public static void shutdown() {
        close(AvaliarRuntime.swap(AvaliarRuntime.DISABLED));
    }

    /**
     * Whether spans are recorded.
     *
     * @return false when nothing is configured, or tracing is off
     */
    public static boolean isEnabled() {
        return AvaliarRuntime.settings().enabled();
    }

    /**
     * Listens for SDK misuse (see {@link Misuse}); the JUnit extension uses it to fail tests.
     * Misuse is also logged as a warning.
     *
     * @param listener called on the thread where the misuse happened
     * @return closing it removes the listener
     */
    public static AutoCloseable onMisuse(Consumer<Misuse> listener) {
        return AvaliarRuntime.addMisuseListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Waits until no span is waiting for its detection results, so tests can read them. Detection
     * runs after the traced call returns, and a span ends (and is exported) once its detectors
     * have answered; the JUnit extension waits for this by itself.
     *
     * <pre>{@code
     * answerer.answer("What's Ana's email?");
     * assertThat(Avaliar.awaitDetections(Duration.ofSeconds(5))).isTrue();
     * }</pre>
     *
     * @param timeout how long to wait at most
     * @return true when no detection is still running, false when the timeout came first
     */
    public static boolean awaitDetections(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return Detections.await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void close(AvaliarRuntime.Settings previous) {
        if (previous != null && previous.owned() != null) {
            // The exporter Avaliar made is about to close: let spans still in detection end into it first.
            awaitDetections(previous.detection().timeout().plusSeconds(2));
            try {
                previous.owned().close();
            } catch (Exception e) {
                Sdk.warn("shutting down the previous exporter failed", e);
            }
        }
    }
}
