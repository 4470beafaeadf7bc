package ai.avaliar.trace;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.PromptBlockedException;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.internal.DetectedSpan;
import ai.avaliar.detection.internal.DetectionEvents;
import ai.avaliar.detection.internal.DetectionPlan;
import ai.avaliar.detection.internal.DetectionSettings;
import ai.avaliar.detection.internal.DetectionTexts;
import ai.avaliar.detection.internal.Detections;
import ai.avaliar.trace.internal.Json;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A span being recorded: what {@link Run} and {@link OpenSpan} hand to user code. */
final class ActiveRun implements OpenSpan, DetectedSpan {

    private static final int MAX_LISTED_CHUNKS = 10_000;

    private final Span span;
    private final Context context;
    private final SpanType type;
    private final String name;
    private final AvaliarRuntime.Settings settings;
    private final String requestModel;
    private volatile boolean ended; // set once, under this lock

    /** What {@link #end()} passes for "no return value to record". */
    private static final Object NO_RESULT = new Object();

    // Guarded by this: written from the caller's, the producer's or a completion thread.
    private Long inputTokens;
    private Long outputTokens;
    private Long cacheReadTokens;
    private Long cacheCreationTokens;
    private boolean cacheApart; // Anthropic's input_tokens leave out cache reads and writes; the span's include them
    private Long reasoningTokens;
    private UsageSeen seen; // the provider objects fed to usageFrom, to say what was seen when none carried usage
    private boolean cancelled;
    private String responseModel;
    private Object output;
    private boolean outputSet;
    private Throwable error;

    // Stream state, guarded by this.
    private boolean streaming;
    private long startNanos; // when the stream started, for the time to its first chunk
    private long chunks;
    private StringBuilder text;
    private List<Object> items;
    private long streamedChars;

    // Detection: set when the span was built, before any other thread sees this run.
    private DetectionPlan plan;
    private String detectionInput = "";
    private String detectionOutput = ""; // guarded by this
    private long callLatencyNanos = -1; // when the traced call ended, for the span's end timestamp
    private long callEndEpochNanos;

    private Scope scope; // only for spans started by hand
    private boolean scopeClosePending; // closed while a child was current: its scope closes after the child's

    ActiveRun(
            Span span,
            Context parent,
            SpanType type,
            String name,
            AvaliarRuntime.Settings settings,
            String requestModel) {
        this.span = span;
        this.type = type;
        this.name = name;
        this.settings = settings;
        this.requestModel = requestModel;
        this.context = parent.with(span).with(AvaliarRuntime.RUN_KEY, this);
    }

    Context context() {
        return context;
    }

    Span span() {
        return span;
    }

    AvaliarRuntime.Settings settings() {
        return settings;
    }

    void detection(DetectionPlan detectionPlan, String inputText) {
        this.plan = detectionPlan;
        this.detectionInput = inputText == null ? "" : inputText;
    }

    @Override
    public DetectionPlan plan() {
        return plan;
    }

    @Override
    public String detectionInput() {
        return detectionInput;
    }

    @Override
    public synchronized String detectionOutput() {
        return detectionOutput;
    }

    @Override
    public String name() {
        return name;
    }

    boolean hasEnded() {
        return ended;
    }

    @Override
    public SpanType type() {
        return type;
    }

    @Override
    public boolean isRecording() {
        return true;
    }

    @Override
    public synchronized Run usage(long input, long output) {
        if (requireLlm("usage")) {
            inputTokens = input;
            outputTokens = output;
            cacheApart = false;
        }
        return this;
    }

    @Override
    public Run usageFrom(Object responseOrUsage) {
        if (requireLlm("usageFrom")) {
            ProviderUsage.read(responseOrUsage, this);
        }
        return this;
    }

    /**
     * Counts read from a provider object of type {@code source}; each one it does not carry is left
     * as it was. Anthropic's counts are cumulative, so a later event's replace an earlier one's.
     */
    synchronized void usageParts(
            Class<?> source,
            Long input,
            Long output,
            Long cacheRead,
            Long cacheCreation,
            Long reasoning,
            String model,
            boolean cacheApartFromInput) {
        usageSeen(source);
        if (input != null) {
            inputTokens = input;
            cacheApart = cacheApartFromInput;
        }
        if (output != null) {
            outputTokens = output;
        }
        if (cacheRead != null) {
            cacheReadTokens = cacheRead;
        }
        if (cacheCreation != null) {
            cacheCreationTokens = cacheCreation;
        }
        if (reasoning != null) {
            reasoningTokens = reasoning;
        }
        if (model != null) {
            responseModel = model;
        }
    }

    /** A provider object that carried no usage (a stream's text delta, say) was fed to usageFrom. */
    synchronized void usageSeen(Class<?> source) {
        if (seen == null) {
            seen = new UsageSeen();
        }
        seen.add(source);
    }

    @Override
    public synchronized Run cacheReadInputTokens(long tokens) {
        if (requireLlm("cacheReadInputTokens")) {
            cacheReadTokens = tokens;
        }
        return this;
    }

    @Override
    public synchronized Run reasoningOutputTokens(long tokens) {
        if (requireLlm("reasoningOutputTokens")) {
            reasoningTokens = tokens;
        }
        return this;
    }

    @Override
    public synchronized Run responseModel(String model) {
        responseModel = model;
        return this;
    }

    @Override
    public synchronized Run output(Object value) {
        output = value;
        outputSet = true;
        return this;
    }

    @Override
    public Run metadata(String key, Object value) {
        TypedAttributes.Typed typed = TypedAttributes.metadata(String.valueOf(key), value, settings.maxPayloadChars());
        if (typed != null) {
            span.setAttribute(typed.key(), typed.value());
        }
        return this;
    }

    @Override
    public synchronized OpenSpan error(Throwable failure) {
        error = failure;
        return this;
    }

    private boolean requireLlm(String method) {
        if (type == SpanType.LLM) {
            return true;
        }
        AvaliarRuntime.misuse(
                Misuse.Kind.USAGE_OUTSIDE_LLM_SPAN,
                method + "(...) was called on " + type + " span '"
                        + name
                        + "'; token counts belong to llm spans. Record them inside Avaliar.llm(...).call(run -> ...)"
                        + " or a @Traceable(type = LLM) method.");
        return false;
    }

    /** Records the call's return value as output unless the code set one. */
    synchronized void result(Object value) {
        if (!outputSet) {
            output = value;
            outputSet = true;
        }
    }

    // ---- streams ----

    synchronized void startStream() {
        streaming = true;
        startNanos = System.nanoTime();
        span.setAttribute(AvaliarAttributes.REQUEST_STREAM, true);
    }

    synchronized void chunk(Object chunk) {
        if (chunks++ == 0) {
            span.setAttribute(AvaliarAttributes.TIME_TO_FIRST_CHUNK, (System.nanoTime() - startNanos) / 1e9);
        }
        if (chunk instanceof CharSequence && items == null) {
            CharSequence piece = (CharSequence) chunk;
            if (text == null) {
                text = new StringBuilder();
            }
            int room = settings.maxPayloadChars() - text.length();
            if (room >= piece.length()) {
                text.append(piece); // whole: a String is copied at once, not char by char as a range is
            } else if (room > 0) {
                text.append(piece, 0, Json.safeEnd(piece, room)); // never half of a surrogate pair
            }
            streamedChars += piece.length();
        } else {
            if (items == null) {
                items = new ArrayList<>();
                if (text != null) {
                    items.add(text.toString());
                    text = null;
                }
            }
            if (items.size() < MAX_LISTED_CHUNKS) {
                items.add(chunk);
            }
        }
    }

    // ---- ending ----

    /** Ends the span with the recorded outcome; false when it had ended already. Never throws. */
    boolean end() {
        return endWith(NO_RESULT);
    }

    /**
     * Records the call's return value as output unless the code set one, as {@link #result}
     * does, and ends the span as {@link #end} does: under one lock, not three.
     */
    boolean endWith(Object result) {
        String noUsage;
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            if (result != NO_RESULT && !outputSet) {
                output = result;
                outputSet = true;
            }
            writeOutcome();
            noUsage = noUsageMessage();
        }
        if (noUsage != null) {
            AvaliarRuntime.misuse(Misuse.Kind.NO_USAGE_IN_STREAM, noUsage, context);
        }
        if (plan != null) {
            markCallEnd();
            // Detection runs off the caller's thread; the span ends, at the time recorded now, after it.
            Detections.afterCall(this);
        } else {
            endSpan(0);
        }
        return true;
    }

    /** Ends the OpenTelemetry span, at {@code epochNanos} when positive. Never throws. */
    void endSpan(long epochNanos) {
        try {
            if (epochNanos > 0) {
                span.end(epochNanos, TimeUnit.NANOSECONDS);
            } else {
                span.end();
            }
        } catch (RuntimeException e) {
            // A failing span processor or exporter must not replace the traced call's result.
            Sdk.warn("ending span '" + name + "' failed in OpenTelemetry", e);
        }
    }

    private void markCallEnd() {
        try {
            if (span instanceof ReadableSpan) {
                callLatencyNanos = ((ReadableSpan) span).getLatencyNanos();
                return;
            }
        } catch (RuntimeException e) {
            callLatencyNanos = -1;
        }
        Instant now = Instant.now();
        callEndEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** When the traced call ended, in the span's clock: its start plus the latency seen then. */
    long callEndEpochNanos() {
        if (callLatencyNanos >= 0) {
            try {
                return ((ReadableSpan) span).toSpanData().getStartEpochNanos() + callLatencyNanos;
            } catch (RuntimeException e) {
                return callEndEpochNanos;
            }
        }
        return callEndEpochNanos;
    }

    @Override
    public boolean recorded() {
        return span.isRecording();
    }

    @Override
    public SpanContext spanContext() {
        return span.getSpanContext();
    }

    @Override
    public DetectionSettings detectionSettings() {
        return settings.detection();
    }

    @Override
    public void finishDetection(List<DetectionResult> results) {
        long end = callEndEpochNanos();
        recordDetections(results, end);
        endSpan(end);
    }

    /** Adds one {@code avaliar.detection} event per result, stamped with the span's end time. Never throws. */
    void recordDetections(List<DetectionResult> results, long epochNanos) {
        for (DetectionResult result : results) {
            try {
                if (epochNanos > 0) {
                    span.addEvent(
                            AvaliarAttributes.DETECTION_EVENT,
                            DetectionEvents.toAttributes(result),
                            epochNanos,
                            TimeUnit.NANOSECONDS);
                } else {
                    span.addEvent(AvaliarAttributes.DETECTION_EVENT, DetectionEvents.toAttributes(result));
                }
            } catch (RuntimeException e) {
                Sdk.warn("could not record the " + result.detector() + " detection of span '" + name + "'", e);
            }
        }
    }

    /**
     * For a {@code blocking} llm span: screens the prompt before the body runs, and throws
     * {@link PromptBlockedException} when an issue is {@code HIGH} or worse.
     */
    void screen() {
        if (plan == null || !plan.blocking()) {
            return;
        }
        List<DetectionResult> results = Detections.screen(this);
        plan.screened(results);
        List<DetectionIssue> blocking = new ArrayList<>();
        for (DetectionResult result : results) {
            for (DetectionIssue issue : result.issues()) {
                if (issue.severity().isAtLeast(Severity.HIGH)) {
                    blocking.add(issue);
                }
            }
        }
        if (blocking.isEmpty()) {
            span.setAttribute(AvaliarAttributes.BLOCKED, false);
            return;
        }
        plan.blocked(true);
        span.setAttribute(AvaliarAttributes.BLOCKED, true);
        throw new PromptBlockedException(name, results, blocking);
    }

    boolean fail(Throwable failure) {
        synchronized (this) {
            error = failure;
        }
        return end();
    }

    boolean cancelStream() {
        span.setAttribute(AvaliarAttributes.STREAM_CANCELLED, true);
        synchronized (this) {
            cancelled = true; // its usage, sent last, was never read: nothing to report
        }
        return end();
    }

    /**
     * Records the outcome in independent parts, the most important first, so that one part
     * failing (an output that will not serialise, say) loses nothing else.
     */
    private void writeOutcome() { // under this lock
        // Spelled out rather than one helper taking a lambda each: this runs for every span.
        try {
            writeError();
        } catch (RuntimeException | StackOverflowError e) {
            couldNotRecord("error", e);
        }
        try {
            writeUsage();
        } catch (RuntimeException | StackOverflowError e) {
            couldNotRecord("token counts", e);
        }
        try {
            writeOutput();
        } catch (RuntimeException | StackOverflowError e) {
            couldNotRecord("output", e);
        }
    }

    private void couldNotRecord(String part, Throwable e) {
        Sdk.warn("could not record the " + part + " of span '" + name + "'", e);
    }

    private void writeError() {
        if (error != null) {
            Throwable cause = Sdk.unwrap(error);
            String message = cause.getMessage();
            span.setStatus(
                    StatusCode.ERROR,
                    message != null ? message : cause.getClass().getName());
            span.recordException(cause);
        }
    }

    /** Why an llm span fed provider objects ends without token counts, or null when it has them. */
    private String noUsageMessage() { // under this lock
        if (seen == null || inputTokens != null || outputTokens != null || error != null || cancelled) {
            return null;
        }
        return "llm span '" + name + "' ended without token counts: " + seen.describe();
    }

    private void writeUsage() {
        Long input = inputTokens;
        if (cacheApart && input != null) {
            input = input + orZero(cacheReadTokens) + orZero(cacheCreationTokens);
        }
        if (input != null) {
            span.setAttribute(AvaliarAttributes.INPUT_TOKENS, input);
        }
        if (outputTokens != null) {
            span.setAttribute(AvaliarAttributes.OUTPUT_TOKENS, outputTokens);
        }
        if (cacheReadTokens != null) {
            span.setAttribute(AvaliarAttributes.CACHE_READ_INPUT_TOKENS, cacheReadTokens);
        }
        if (cacheCreationTokens != null) {
            span.setAttribute(AvaliarAttributes.CACHE_CREATION_INPUT_TOKENS, cacheCreationTokens);
        }
        if (reasoningTokens != null) {
            span.setAttribute(AvaliarAttributes.REASONING_OUTPUT_TOKENS, reasoningTokens);
        }
        if (responseModel != null) {
            span.setAttribute(AvaliarAttributes.RESPONSE_MODEL, responseModel);
        }
        if (type == SpanType.LLM && (input != null || outputTokens != null)) {
            String model = responseModel != null ? responseModel : requestModel;
            Optional<Pricing.ModelPrice> price = settings.pricing().priceOf(model); // cached: allocates nothing
            if (price.isPresent()) {
                span.setAttribute(
                        AvaliarAttributes.COST_USD,
                        Pricing.usd(price.get(), orZero(input), orZero(outputTokens), orZero(cacheReadTokens)));
            }
        }
    }

    private void writeOutput() {
        int max = settings.maxPayloadChars();
        if (streaming) {
            span.setAttribute(AvaliarAttributes.STREAM_CHUNKS, chunks);
        }
        if (outputSet || (streaming && items != null)) {
            Object value = outputSet ? output : items;
            String json = Json.write(value, max);
            span.setAttribute(AvaliarAttributes.OUTPUT, json);
            if (plan != null) {
                detectionOutput = DetectionTexts.outputText(value, json); // its own text, not the bounded JSON
            }
        } else if (streaming) {
            // Text was kept up to the limit as it streamed; only the marker is left to add.
            String kept = text == null ? "" : text.toString();
            String shown = streamedChars > kept.length()
                    ? kept + String.format(Json.TRUNCATION_MARKER, kept.length(), streamedChars)
                    : kept;
            span.setAttribute(AvaliarAttributes.OUTPUT, Json.quote(shown));
            if (plan != null) {
                detectionOutput =
                        shown; // what was kept; the marker tells detectors (and their results) the rest was cut
            }
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    // ---- spans started by hand ----

    void enter() {
        scope = context.makeCurrent();
    }

    @Override
    public void close() {
        if (ended) {
            AvaliarRuntime.misuse(
                    Misuse.Kind.SPAN_ENDED_TWICE,
                    "span '" + name + "' was closed twice; close an OpenSpan once," + " best with try-with-resources.");
            return;
        }
        // Compare runs, not contexts: context storages such as the OpenTelemetry Java agent's
        // hand out a new Context object on every Context.current().
        if (Context.current().get(AvaliarRuntime.RUN_KEY) == this) {
            closeScope();
        } else {
            ActiveRun current = Context.current().get(AvaliarRuntime.RUN_KEY);
            AvaliarRuntime.misuse(
                    Misuse.Kind.NESTING,
                    "span '" + name + "' was closed while "
                            + (current != null && current != this ? "span '" + current.name() + "'" : "another context")
                            + " was current on this thread; close spans in the reverse order they started, on the thread"
                            + " that started them (try-with-resources does both).");
            // Closing our scope now would put back a context from under the current one; it is
            // closed when the spans above it have closed theirs, so the thread ends up clean.
            synchronized (this) {
                scopeClosePending = scope != null;
            }
        }
        end();
    }

    /** Closes this span's scope, then those of ended spans below it that were waiting for it. */
    private void closeScope() {
        if (scope == null) {
            return;
        }
        scope.close();
        ActiveRun below = Context.current().get(AvaliarRuntime.RUN_KEY);
        while (below != null && below.takePendingScope()) {
            below.scope.close();
            below = Context.current().get(AvaliarRuntime.RUN_KEY);
        }
    }

    private synchronized boolean takePendingScope() {
        boolean pending = scopeClosePending && Context.current().get(AvaliarRuntime.RUN_KEY) == this;
        scopeClosePending = false;
        return pending;
    }

    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
}
