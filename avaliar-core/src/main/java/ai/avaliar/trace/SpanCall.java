package ai.avaliar.trace;

import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.internal.DetectionPlan;
import ai.avaliar.detection.internal.DetectionTexts;
import ai.avaliar.detection.internal.Detections;
import ai.avaliar.detection.internal.LocalDetection;
import ai.avaliar.trace.internal.Json;
import ai.avaliar.trace.internal.Pairs;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Describes a span (name, inputs, metadata) and runs code inside it: blocking ({@code call},
 * {@code run}), asynchronous ({@code callAsync}), streaming ({@code stream}, {@code iterate},
 * {@code publish}) or by hand ({@code start}). Obtained from {@link Avaliar}. Builders are cheap:
 * make one per call. One may run again, and may be made before Avaliar is configured, but it is
 * not thread-safe: don't share one between threads.
 *
 * <pre>{@code
 * String weather = Avaliar.tool("fetch_weather").input("city", city).call(() -> api.weather(city));
 * }</pre>
 *
 * <p><b>Detection.</b> {@link #detect(DetectorType...)} runs safety detectors on the span's input
 * and output when it ends, off the caller's critical path: the call returns at once, the detectors
 * run on Avaliar's own threads, their results become {@code avaliar.detection} events, and the span
 * ends at the time the call ended. A detector that fails or times out gives a {@code FAILED}
 * result; the traced call is never affected.
 *
 * <pre>{@code
 * String answer = Avaliar.llm("answer").detect(DetectorType.PII, DetectorType.TOXICITY)
 *     .input("question", question)
 *     .call(() -> model.complete(question));
 * }</pre>
 *
 * @param <S> the concrete builder, for chaining
 * @since 0.1.0
 */
public abstract sealed class SpanCall<S extends SpanCall<S>> permits TaskCall, LlmCall {

    /**
     * Code to trace that returns a value.
     *
     * @param <T> the result
     * @param <E> what it may throw; inferred, so unchecked code needs no try/catch
     */
    @FunctionalInterface
    public interface Body<T, E extends Throwable> {
        /**
         * Runs the code.
         *
         * @return the result
         * @throws E whatever the code throws, rethrown unchanged
         */
        T call() throws E;
    }

    /**
     * Code to trace that returns a value and records into its {@link Run}.
     *
     * @param <T> the result
     * @param <E> what it may throw
     */
    @FunctionalInterface
    public interface RunBody<T, E extends Throwable> {
        /**
         * Runs the code.
         *
         * @param run the span it runs in
         * @return the result
         * @throws E whatever the code throws, rethrown unchanged
         */
        T call(Run run) throws E;
    }

    /**
     * Code to trace that returns nothing.
     *
     * @param <E> what it may throw
     */
    @FunctionalInterface
    public interface VoidBody<E extends Throwable> {
        /**
         * Runs the code.
         *
         * @throws E whatever the code throws, rethrown unchanged
         */
        void run() throws E;
    }

    /**
     * Code to trace that returns nothing and records into its {@link Run}.
     *
     * @param <E> what it may throw
     */
    @FunctionalInterface
    public interface VoidRunBody<E extends Throwable> {
        /**
         * Runs the code.
         *
         * @param run the span it runs in
         * @throws E whatever the code throws, rethrown unchanged
         */
        void run(Run run) throws E;
    }

    final SpanType type;
    final String name;
    private Pairs inputs;
    private Pairs metadata;
    private String environment;
    private Set<DetectorType> detectors;
    private DetectionMode detectionMode;
    boolean blocking;

    SpanCall(SpanType type, String name) {
        this.type = type;
        if (name == null || name.isBlank()) {
            if (AvaliarRuntime.settings().enabled()) {
                AvaliarRuntime.misuse(
                        Misuse.Kind.INVALID_NAME,
                        "a " + type + " span was given the name "
                                + (name == null ? "null" : "\"" + name + "\"") + "; name every span (it becomes the"
                                + " node's label in the trace). Recorded as \"unnamed_" + type + "\".");
            }
            name = "unnamed_" + type;
        }
        this.name = name;
    }

    abstract S self();

    /**
     * Records a named input, serialised as JSON into {@code avaliar.input}.
     *
     * @param inputName the input's name, such as a parameter name
     * @param value its value
     * @return this builder
     */
    public S input(String inputName, Object value) {
        if (inputs == null) {
            inputs = new Pairs();
        }
        inputs.put(String.valueOf(inputName), value);
        return self();
    }

    /**
     * Records several named inputs.
     *
     * @param named input name to value
     * @return this builder
     */
    public S inputs(Map<String, ?> named) {
        if (named != null) {
            named.forEach(this::input);
        }
        return self();
    }

    /**
     * Records a metadata entry as {@code avaliar.metadata.<key>}.
     *
     * @param key the key
     * @param value a string, number or boolean (anything else is recorded as JSON)
     * @return this builder
     */
    public S metadata(String key, Object value) {
        if (metadata == null) {
            metadata = new Pairs();
        }
        metadata.put(String.valueOf(key), value);
        return self();
    }

    /**
     * The deployment environment of this span ({@code development}, {@code staging},
     * {@code production}), when it differs from the configured one.
     *
     * @param name the environment
     * @return this builder
     */
    public S environment(String name) {
        this.environment = name;
        return self();
    }

    /**
     * Runs these detectors on the span's input and output when it ends. Detectors see a single
     * {@code String} input or output as itself, anything else as the JSON the span records.
     * {@link DetectionMode#LOCAL} (the default) needs detectors on the class path
     * ({@code ai.avaliar:avaliar-eval}) or registered with {@code AvaliarConfig.builder().detector(...)};
     * with none at all, running the span throws {@link IllegalStateException} naming the artifact.
     * Called again, the detectors add up.
     *
     * @param types the detector types, such as {@code PII} and {@code TOXICITY}
     * @return this builder
     */
    public S detect(DetectorType... types) {
        Objects.requireNonNull(types, "types");
        Set<DetectorType> chosen = Detections.types(types);
        if (detectors == null) {
            detectors = chosen;
        } else {
            detectors.addAll(chosen);
        }
        return self();
    }

    /**
     * Where the detectors of {@link #detect(DetectorType...)} run: {@link DetectionMode#LOCAL}
     * (the default), {@link DetectionMode#CLOUD} (Avaliar's service; needs {@code AVALIAR_API_KEY}
     * and {@code AVALIAR_ENDPOINT}), or {@link DetectionMode#NONE}. Recorded as
     * {@code avaliar.detection.mode}.
     *
     * @param mode the mode
     * @return this builder
     */
    public S detectionMode(DetectionMode mode) {
        this.detectionMode = Objects.requireNonNull(mode, "mode");
        return self();
    }

    /** Adds the attributes only this kind of call has (model, provider, ...). */
    abstract void ownAttributes(SpanBuilder builder, AvaliarRuntime.Settings settings);

    /** The model asked for, for pricing; null for other types. */
    String requestModel() {
        return null;
    }

    // ---- running ----

    /**
     * Runs {@code body} inside the span and returns its result, recorded as the output.
     * An exception marks the span as an error and is rethrown unchanged.
     *
     * @param body the code
     * @param <T> the result
     * @param <E> what the code may throw
     * @return what the code returned
     * @throws E what the code threw
     */
    public <T, E extends Throwable> T call(Body<T, E> body) throws E {
        // As call(RunBody) does, spelled out: wrapping the body in a RunBody costs a lambda per span.
        AvaliarRuntime.Settings settings = AvaliarRuntime.settings();
        if (!settings.enabled()) {
            return body.call();
        }
        ActiveRun run = begin(settings, Context.current());
        T result;
        try (Scope ignored = run.context().makeCurrent()) {
            run.screen();
            result = body.call();
        } catch (Throwable t) {
            run.error(t);
            run.end();
            throw t;
        }
        run.endWith(result); // records the result as output (unless the code set one) and ends
        return result;
    }

    /**
     * Runs {@code body} inside the span, handing it the {@link Run} to record tokens and more.
     *
     * @param body the code
     * @param <T> the result
     * @param <E> what the code may throw
     * @return what the code returned
     * @throws E what the code threw
     */
    public <T, E extends Throwable> T call(RunBody<T, E> body) throws E {
        AvaliarRuntime.Settings settings = AvaliarRuntime.settings();
        if (!settings.enabled()) {
            return body.call(NoopRun.INSTANCE);
        }
        ActiveRun run = begin(settings, Context.current());
        T result;
        try (Scope ignored = run.context().makeCurrent()) {
            run.screen();
            result = body.call(run);
        } catch (Throwable t) {
            run.error(t);
            run.end();
            throw t;
        }
        run.endWith(result); // records the result as output (unless the code set one) and ends
        return result;
    }

    /**
     * Runs {@code body} inside the span.
     *
     * @param body the code
     * @param <E> what the code may throw
     * @throws E what the code threw
     */
    public <E extends Throwable> void run(VoidBody<E> body) throws E {
        call((RunBody<Void, E>) run -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body} inside the span, handing it the {@link Run}.
     *
     * @param body the code
     * @param <E> what the code may throw
     * @throws E what the code threw
     */
    public <E extends Throwable> void run(VoidRunBody<E> body) throws E {
        call((RunBody<Void, E>) run -> {
            body.run(run);
            return null;
        });
    }

    /**
     * Runs asynchronous code: the span stays open until the returned stage completes, and ends
     * as an error if it completes exceptionally. Spans the code starts before returning are
     * children of this one; for work it hands to other threads, see {@link Avaliar#propagating}.
     *
     * @param body code that starts the work and returns its stage
     * @param <T> the result
     * @param <E> what the code may throw before returning (the future then fails with it)
     * @return a future completed like the code's stage; cancelling it cancels that stage
     */
    public <T, E extends Throwable> CompletableFuture<T> callAsync(Body<? extends CompletionStage<T>, E> body) {
        return callAsync((RunBody<? extends CompletionStage<T>, E>) run -> body.call());
    }

    /**
     * Runs asynchronous code with its {@link Run}; see {@link #callAsync(Body)}.
     *
     * @param body code that starts the work and returns its stage
     * @param <T> the result
     * @param <E> what the code may throw before returning
     * @return a future completed like the code's stage
     */
    public <T, E extends Throwable> CompletableFuture<T> callAsync(RunBody<? extends CompletionStage<T>, E> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AvaliarRuntime.Settings settings = AvaliarRuntime.settings();
        if (!settings.enabled()) {
            try {
                return forward(body.call(NoopRun.INSTANCE), result, null);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                return result;
            }
        }
        ActiveRun run = begin(settings, Context.current());
        CompletionStage<T> stage;
        try (Scope ignored = run.context().makeCurrent()) {
            run.screen();
            stage = body.call(run);
            if (stage == null) {
                throw new NullPointerException(
                        "callAsync(...) needs the code to return a CompletionStage, it returned null");
            }
        } catch (Throwable t) {
            run.fail(t);
            result.completeExceptionally(t);
            return result;
        }
        return forward(stage, result, run);
    }

    private static <T> CompletableFuture<T> forward(
            CompletionStage<T> stage, CompletableFuture<T> result, ActiveRun run) {
        stage.whenComplete((value, error) -> {
            if (run != null) {
                if (error != null) {
                    run.fail(error);
                } else {
                    run.result(value);
                    run.end();
                }
            }
            if (error != null) {
                result.completeExceptionally(Sdk.unwrap(error));
            } else {
                result.complete(value);
            }
        });
        if (stage instanceof Future<?>) {
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    ((Future<?>) stage).cancel(true);
                }
            });
        }
        return result;
    }

    /**
     * Traces a stream: the span stays open until the stream is exhausted, closed or fails; the
     * output is the concatenated text of the chunks (or their list, when they are not text);
     * the first chunk's time is recorded. The stream's producer runs with the span current, so
     * {@link Avaliar#updateCurrentLlmRun(long, long)} works from it (usage on the final chunk).
     * Close the stream (try-with-resources) if you may stop reading before the end.
     *
     * @param body code that opens the stream
     * @param <T> the chunk type
     * @param <E> what opening may throw
     * @return the traced stream
     * @throws E what opening threw
     */
    public <T, E extends Throwable> Stream<T> stream(Body<? extends Stream<T>, E> body) throws E {
        return stream((RunBody<? extends Stream<T>, E>) run -> body.call());
    }

    /**
     * Traces a stream, handing the opening code its {@link Run}; see {@link #stream(Body)}.
     *
     * @param body code that opens the stream
     * @param <T> the chunk type
     * @param <E> what opening may throw
     * @return the traced stream
     * @throws E what opening threw
     */
    public <T, E extends Throwable> Stream<T> stream(RunBody<? extends Stream<T>, E> body) throws E {
        AvaliarRuntime.Settings settings = AvaliarRuntime.settings();
        if (!settings.enabled()) {
            return body.call(NoopRun.INSTANCE);
        }
        ActiveRun run = beginStream(settings);
        Stream<T> source = open(run, body);
        return TracedStreams.stream(source, run);
    }

    /**
     * Traces an iterator, as {@link #stream(Body)} does a stream. The result is also an
     * {@link Iterable} for a for-each loop (once), and {@link AutoCloseable}.
     *
     * @param body code that opens the iterator, such as {@code () -> chunks.iterator()}
     * @param <T> the chunk type
     * @param <E> what opening may throw
     * @return the traced iterator
     * @throws E what opening threw
     */
    public <T, E extends Throwable> TracedIterator<T> iterate(Body<? extends Iterator<T>, E> body) throws E {
        return iterate((RunBody<? extends Iterator<T>, E>) run -> body.call());
    }

    /**
     * Traces an iterator, handing the opening code its {@link Run}; see {@link #iterate(Body)}.
     *
     * @param body code that opens the iterator
     * @param <T> the chunk type
     * @param <E> what opening may throw
     * @return the traced iterator
     * @throws E what opening threw
     */
    public <T, E extends Throwable> TracedIterator<T> iterate(RunBody<? extends Iterator<T>, E> body) throws E {
        AvaliarRuntime.Settings settings = AvaliarRuntime.settings();
        if (!settings.enabled()) {
            return TracedStreams.untraced(body.call(NoopRun.INSTANCE));
        }
        ActiveRun run = beginStream(settings);
        Iterator<T> source = open(run, body);
        return TracedStreams.iterator(source, run);
    }

    /**
     * Traces a {@link Flow.Publisher}: each subscription is one span, from {@code subscribe} to
     * {@code onComplete}, {@code onError} or {@code cancel}. The code runs at subscription,
     * with the span current, and so do the subscription's {@code request} calls.
     *
     * @param body code that makes the publisher
     * @param <T> the item type
     * @param <E> what it may throw (the subscriber then gets {@code onError})
     * @return the traced publisher
     */
    public <T, E extends Throwable> Flow.Publisher<T> publish(Body<? extends Flow.Publisher<T>, E> body) {
        return publish((RunBody<? extends Flow.Publisher<T>, E>) run -> body.call());
    }

    /**
     * Traces a {@link Flow.Publisher}, handing the code its {@link Run}; see {@link #publish(Body)}.
     *
     * @param body code that makes the publisher
     * @param <T> the item type
     * @param <E> what it may throw
     * @return the traced publisher
     */
    public <T, E extends Throwable> Flow.Publisher<T> publish(RunBody<? extends Flow.Publisher<T>, E> body) {
        Context parent = Context.current();
        if (AvaliarRuntime.settings().enabled()) {
            checkDetectors(AvaliarRuntime.settings());
        }
        return subscriber -> {
            AvaliarRuntime.Settings settings = AvaliarRuntime.settings();
            if (!settings.enabled()) {
                Flow.Publisher<T> publisher;
                try {
                    publisher = body.call(NoopRun.INSTANCE);
                } catch (Throwable t) {
                    TracedStreams.failSubscriber(subscriber, t);
                    return;
                }
                publisher.subscribe(subscriber);
                return;
            }
            ActiveRun run = begin(settings, parent);
            run.startStream();
            Flow.Publisher<T> publisher;
            try (Scope ignored = run.context().makeCurrent()) {
                run.screen();
                publisher = body.call(run);
            } catch (Throwable t) {
                run.fail(t);
                TracedStreams.failSubscriber(subscriber, t);
                return;
            }
            TracedStreams.subscribe(publisher, subscriber, run);
        };
    }

    /**
     * Starts the span by hand and makes it current on this thread until it is closed.
     *
     * @return the open span; close it on this thread, best with try-with-resources
     */
    public OpenSpan start() {
        AvaliarRuntime.Settings settings = AvaliarRuntime.settings();
        if (!settings.enabled()) {
            return NoopRun.INSTANCE;
        }
        ActiveRun run = begin(settings, Context.current());
        try {
            run.screen();
        } catch (RuntimeException blocked) {
            run.fail(blocked);
            throw blocked;
        }
        run.enter();
        return run;
    }

    private ActiveRun beginStream(AvaliarRuntime.Settings settings) {
        ActiveRun run = begin(settings, Context.current());
        run.startStream();
        return run;
    }

    private static <R, E extends Throwable> R open(ActiveRun run, RunBody<? extends R, E> body) throws E {
        try (Scope ignored = run.context().makeCurrent()) {
            run.screen();
            R source = body.call(run);
            if (source == null) {
                throw new NullPointerException("the code given to stream(...)/iterate(...) returned null");
            }
            return source;
        } catch (Throwable t) {
            run.fail(t);
            throw t;
        }
    }

    /** LOCAL detection with no detector anywhere fails fast, before any span starts. */
    private void checkDetectors(AvaliarRuntime.Settings settings) {
        if (detectors != null
                && !detectors.isEmpty()
                && mode() == DetectionMode.LOCAL
                && LocalDetection.noLocalDetectors(settings.detection())) {
            throw LocalDetection.missingLocalDetectors("CapturedSpan '" + name + "'");
        }
    }

    private DetectionMode mode() {
        return detectionMode == null ? DetectionMode.LOCAL : detectionMode;
    }

    /** The detection this span asks for; null for none. Reports what is not set up as misuse. */
    private DetectionPlan plan(AvaliarRuntime.Settings settings) {
        boolean any = detectors != null && !detectors.isEmpty();
        if (blocking && (!any || mode() == DetectionMode.NONE)) {
            AvaliarRuntime.misuse(
                    Misuse.Kind.DETECTION_NOT_CONFIGURED,
                    "llm span '" + name + "' is blocking(true) but"
                            + (any ? " its detection mode is NONE" : " asks for no detectors")
                            + ", so nothing screens its prompt;"
                            + " add detect(DetectorType.PROMPT_INJECTION, DetectorType.JAILBREAK, ...).");
        }
        if (!any || mode() == DetectionMode.NONE) {
            return null;
        }
        if (mode() == DetectionMode.CLOUD) {
            String problem = settings.detection().cloudProblem();
            if (problem != null) {
                AvaliarRuntime.misuse(
                        Misuse.Kind.DETECTION_NOT_CONFIGURED,
                        "span '" + name + "' asks for CLOUD detection"
                                + " that is not configured, so its detections are FAILED: " + problem + ".");
            }
        }
        return new DetectionPlan(java.util.EnumSet.copyOf(detectors), mode(), blocking);
    }

    /** Starts the OpenTelemetry span under {@code parent}, with the settings in force now. */
    ActiveRun begin(AvaliarRuntime.Settings settings, Context parent) {
        checkDetectors(settings);
        SpanBuilder builder = settings.tracer()
                .spanBuilder(name)
                .setParent(parent)
                .setSpanKind(type == SpanType.LLM ? SpanKind.CLIENT : SpanKind.INTERNAL)
                .setAttribute(AvaliarAttributes.SPAN_TYPE, type.wireName());
        if (type.operationName() != null) {
            builder.setAttribute(AvaliarAttributes.OPERATION_NAME, type.operationName());
        }
        if (type == SpanType.TOOL) {
            builder.setAttribute(AvaliarAttributes.TOOL_NAME, name);
            builder.setAttribute(AvaliarAttributes.TOOL_TYPE, "function"); // runs in the application's code
        } else if (type == SpanType.AGENT) {
            builder.setAttribute(AvaliarAttributes.AGENT_NAME, name);
        }
        ownAttributes(builder, settings);
        if (environment != null) {
            builder.setAttribute(AvaliarAttributes.ENVIRONMENT, environment);
        }
        if (metadata != null) {
            for (int i = 0; i < metadata.size(); i++) {
                TypedAttributes.setMetadata(builder, metadata.key(i), metadata.value(i), settings.maxPayloadChars());
            }
        }
        String inputJson = null;
        if (inputs != null) {
            inputJson = Json.write(inputs, settings.maxPayloadChars());
            builder.setAttribute(AvaliarAttributes.INPUT, inputJson);
            if (settings.captureMessages()) { // opt-in: message content may be sensitive
                if (type == SpanType.TOOL) {
                    builder.setAttribute(AvaliarAttributes.TOOL_CALL_ARGUMENTS, inputJson);
                } else if (type == SpanType.LLM) {
                    InputMessages.write(builder, inputs, settings.maxPayloadChars());
                }
            }
        }
        if (detectors != null && !detectors.isEmpty()) {
            builder.setAttribute(AvaliarAttributes.DETECTION_MODE, mode().name().toLowerCase(Locale.ROOT));
        }
        io.opentelemetry.api.trace.Span span;
        try {
            span = builder.startSpan();
        } catch (RuntimeException e) {
            // A failing span processor must not break the traced call: run it in a non-recording span.
            Sdk.warn("starting span '" + name + "' failed in OpenTelemetry", e);
            span = io.opentelemetry.api.trace.Span.wrap(
                    io.opentelemetry.api.trace.Span.fromContext(parent).getSpanContext());
        }
        ActiveRun run = new ActiveRun(span, parent, type, name, settings, requestModel());
        DetectionPlan plan = plan(settings);
        if (plan != null) {
            run.detection(plan, DetectionTexts.inputText(inputs, inputJson));
        }
        return run;
    }
}
