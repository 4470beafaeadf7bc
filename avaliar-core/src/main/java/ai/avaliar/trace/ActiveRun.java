package ai.avaliar.trace;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.PromptBlockedException;
import ai.avaliar.detection.internal.DetectedSpan;
import ai.avaliar.detection.internal.DetectionEvents;
import ai.avaliar.detection.internal.DetectionPlan;
import ai.avaliar.detection.internal.DetectionSettings;
import ai.avaliar.detection.internal.DetectionTexts;
import ai.avaliar.detection.internal.Detections;
import ai.avaliar.trace.internal.Json;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A span being recorded: what {@link Run} and {@link OpenSpan} hand to user code. */
final class ActiveRun implements OpenSpan, DetectedSpan {

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
    private final TokenUsage usage = new TokenUsage();
    private boolean cancelled;
    private Object output;
    private boolean outputSet;
    private Throwable error;

    private ProviderResponse.Details response; // guarded by this; what provider responses said beside usage

    private StreamCapture stream; // guarded by this; set when the call turned out to be a stream

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
            usage.set(input, output);
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

    /** Counts read from a provider object of type {@code source}: see {@link TokenUsage#parts}. */
    synchronized void usageParts(
            Class<?> source,
            Long input,
            Long output,
            Long cacheRead,
            Long cacheCreation,
            Long reasoning,
            String model,
            boolean cacheApartFromInput) {
        usage.parts(source, input, output, cacheRead, cacheCreation, reasoning, model, cacheApartFromInput);
    }

    /** The id, finish reasons and output messages of a provider response; each part kept until a later one says otherwise. */
    synchronized void response(ProviderResponse.Details details) {
        if (response == null) {
            response = details;
            return;
        }
        response = new ProviderResponse.Details(
                details.id() != null ? details.id() : response.id(),
                details.finishReasons() != null ? details.finishReasons() : response.finishReasons(),
                details.outputMessages() != null ? details.outputMessages() : response.outputMessages());
    }

    /** A provider object that carried no usage (a stream's text delta, say) was fed to usageFrom. */
    synchronized void usageSeen(Class<?> source) {
        usage.seen(source);
    }

    @Override
    public synchronized Run cacheReadInputTokens(long tokens) {
        if (requireLlm("cacheReadInputTokens")) {
            usage.cacheRead(tokens);
        }
        return this;
    }

    @Override
    public synchronized Run reasoningOutputTokens(long tokens) {
        if (requireLlm("reasoningOutputTokens")) {
            usage.reasoning(tokens);
        }
        return this;
    }

    @Override
    public synchronized Run responseModel(String model) {
        usage.responseModel(model);
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
        stream = new StreamCapture();
        span.setAttribute(AvaliarAttributes.REQUEST_STREAM, true);
    }

    synchronized void chunk(Object chunk) {
        stream.chunk(chunk, span, settings.maxPayloadChars());
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
        DetectionEvents.record(span, name, results, end);
        endSpan(end);
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
        List<DetectionIssue> blocking = Detections.blocking(results);
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
        if (response != null) {
            try {
                writeResponse();
            } catch (RuntimeException | StackOverflowError e) {
                couldNotRecord("response id, finish reasons or output messages", e);
            }
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
            span.setAttribute(AvaliarAttributes.ERROR_TYPE, cause.getClass().getName());
        }
    }

    /** Why an llm span fed provider objects ends without token counts, or null when it has them. */
    private String noUsageMessage() { // under this lock
        return error != null || cancelled ? null : usage.missing(name);
    }

    private void writeResponse() {
        if (response.id() != null) {
            span.setAttribute(AvaliarAttributes.RESPONSE_ID, response.id());
        }
        if (response.finishReasons() != null) {
            span.setAttribute(AvaliarAttributes.RESPONSE_FINISH_REASONS, response.finishReasons());
        }
        if (response.outputMessages() != null && settings.captureMessages()) {
            span.setAttribute(
                    AvaliarAttributes.OUTPUT_MESSAGES,
                    Json.write(response.outputMessages(), settings.maxPayloadChars()));
        }
    }

    private void writeUsage() {
        usage.write(span, type, requestModel, settings.pricing());
    }

    private void writeOutput() {
        if (stream != null) {
            span.setAttribute(AvaliarAttributes.STREAM_CHUNKS, stream.chunks());
        }
        if (outputSet || (stream != null && stream.items() != null)) {
            Object value = outputSet ? output : stream.items();
            String json = Json.write(value, settings.maxPayloadChars());
            span.setAttribute(AvaliarAttributes.OUTPUT, json);
            toolResult(json);
            if (plan != null) {
                detectionOutput = DetectionTexts.outputText(value, json); // its own text, not the bounded JSON
            }
        } else if (stream != null) {
            // Text was kept up to the limit as it streamed; only the marker is left to add.
            String shown = stream.text();
            String json = Json.quote(shown);
            span.setAttribute(AvaliarAttributes.OUTPUT, json);
            toolResult(json);
            if (plan != null) {
                detectionOutput =
                        shown; // what was kept; the marker tells detectors (and their results) the rest was cut
            }
        }
    }

    /** A tool's result, as the conventions name it: opt-in (it may be sensitive), and only on success. */
    private void toolResult(String json) {
        if (type == SpanType.TOOL && error == null && settings.captureMessages()) {
            span.setAttribute(AvaliarAttributes.TOOL_CALL_RESULT, json);
        }
    }

    // ---- spans started by hand ----

    @SuppressWarnings("MustBeClosedChecker") // closed by close(), which the user's try-with-resources calls
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
}
