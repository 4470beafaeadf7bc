package ai.avaliar.junit5;

import ai.avaliar.junit5.internal.TestRunSpans;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.Misuse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Attributes every span to the test it belongs to and hands it to that test's {@link TestCapture}.
 * A span belongs to the test whose {@link TestCapture} is in its parent context, or else to the
 * test of its parent span; it gets the {@code avaliar.test.id} attribute. A span of Avaliar's own
 * tracer with neither, and no parent at all, started while tests run, is an {@link Orphan} of each
 * running test; other libraries' parentless spans (captured with {@code avaliar.registerGlobal})
 * are only logged at debug level, since they are usually that library's own background work.
 */
final class CapturingSpanProcessor implements SpanProcessor {

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    /**
     * Threads that test tooling makes, per call, on the test's thread, to run the test's own code
     * while the test waits for it, and that carry no OpenTelemetry context: JUnit's
     * {@code assertTimeoutPreemptively} ({@code junit-timeout-thread-N}) and Awaitility's condition
     * thread ({@code awaitility-thread}, or {@code awaitility[alias]} for {@code await("alias")}).
     * Spans started there with no parent belong to the test that made the thread.
     */
    static final List<String> HELPER_THREADS = List.of("junit-timeout-thread-", "awaitility-thread", "awaitility[");

    /** Marks the context of the probe span that checks Avaliar still traces into the test SDK. */
    static final ContextKey<AtomicBoolean> PROBE = ContextKey.named("avaliar-junit5-probe");

    /** Span id to its test, for the spans of running tests; children whose context lost the key inherit from it. */
    private final Map<String, TestCapture> owners = new ConcurrentHashMap<>();

    private final Set<TestCapture> running = ConcurrentHashMap.newKeySet();

    /**
     * On threads made while a test runs, the context that was current on the thread that made them
     * (kept weakly: a pool thread made during a test must not hold the test's spans). Read only on
     * {@link #HELPER_THREADS}.
     */
    private final InheritableThreadLocal<WeakReference<Context>> creatorContext = new InheritableThreadLocal<>() {
        @Override
        protected WeakReference<Context> childValue(WeakReference<Context> parentValue) {
            // Called on the creating thread, while it constructs the new one.
            return new WeakReference<>(Context.current());
        }
    };

    /**
     * Lets threads made from now on, on this thread, find the test through {@link #creatorContext};
     * closing it stops that.
     */
    Scope carryToHelperThreads() {
        WeakReference<Context> previous = creatorContext.get();
        if (previous != null) {
            return Scope.noop();
        }
        creatorContext.set(new WeakReference<>(null));
        return creatorContext::remove;
    }

    /** On a helper thread of a test (see {@link #HELPER_THREADS}), the test that made it. */
    private TestCapture creatorsTest() {
        String thread = Thread.currentThread().getName();
        if (HELPER_THREADS.stream().noneMatch(thread::startsWith)) {
            return null;
        }
        WeakReference<Context> reference = creatorContext.get();
        Context creator = reference == null ? null : reference.get();
        return creator == null ? null : creator.get(TestCapture.KEY);
    }

    void testStarted(TestCapture capture) {
        running.add(capture);
    }

    void testFinished(TestCapture capture) {
        running.remove(capture);
        TestCapture factory = capture.parent();
        for (String spanId : capture.spanIds()) {
            if (factory != null && !factory.isClosed() && capture.isOpen(spanId)) {
                // A dynamic test's span that outlives it still ends in its factory's view.
                owners.replace(spanId, capture, factory);
            } else {
                owners.remove(spanId, capture);
            }
        }
    }

    /**
     * Whether Avaliar still traces into the test SDK, or code under test replaced it since
     * ({@code Avaliar.configure(...)}, {@code Avaliar.shutdown()}): starts a span through Avaliar
     * under a remote parent that is not sampled, which only the test SDK's sampler records (for the
     * probe alone) and this processor drops. Another SDK with a parent-based sampler (the default)
     * records nothing.
     */
    @SuppressWarnings("try")
    boolean avaliarTracesHere() {
        AtomicBoolean reached = new AtomicBoolean();
        IdGenerator ids = IdGenerator.random();
        SpanContext unsampled = SpanContext.createFromRemoteParent(
                ids.generateTraceId(), ids.generateSpanId(), TraceFlags.getDefault(), TraceState.getDefault());
        try (Scope ignored =
                Context.root().with(PROBE, reached).with(Span.wrap(unsampled)).makeCurrent()) {
            Avaliar.generic("avaliar.probe").run(() -> {});
        }
        return reached.get();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        attribute(parentContext, span);
        String testId = span.getAttribute(AvaliarAttributes.TEST_ID);
        if (testId != null) {
            TestRunSpans.started(testId, span.getSpanContext().getSpanId());
        }
    }

    private void attribute(Context parentContext, ReadWriteSpan span) {
        AtomicBoolean probe = parentContext.get(PROBE);
        if (probe != null) {
            probe.set(true);
            return;
        }
        TestCapture owner = parentContext.get(TestCapture.KEY);
        Span parent = Span.fromContext(parentContext);
        SpanContext parentSpan = parent.getSpanContext();
        if (owner == null && parentSpan.isValid()) {
            owner = owners.get(parentSpan.getSpanId());
            if (owner == null) {
                // A child of a span of no running test: keep the parent's attribution, if any.
                if (parent instanceof ReadableSpan readable) {
                    String testId = readable.getAttribute(AvaliarAttributes.TEST_ID);
                    if (testId != null) {
                        span.setAttribute(AvaliarAttributes.TEST_ID, testId);
                    }
                }
                return;
            }
        }
        if (owner == null) {
            owner = creatorsTest();
        }
        if (owner == null) {
            orphan(span);
            return;
        }
        if (owner.isContainer()) {
            return;
        }
        span.setAttribute(AvaliarAttributes.TEST_ID, owner.testId());
        String spanId = span.getSpanContext().getSpanId();
        if (owner.started(spanId, OpenSpanInfo.of(span))) {
            owners.put(spanId, owner);
            if (owner.isClosed()) {
                owners.remove(spanId, owner);
            }
        }
    }

    private void orphan(ReadWriteSpan span) {
        // A @TestFactory runs while its dynamic tests do: the dynamic test is the one running.
        List<TestCapture> now = running.stream()
                .filter(capture -> running.stream().noneMatch(other -> other.parent() == capture))
                .toList();
        if (now.isEmpty()) {
            return;
        }
        String scope = span.getInstrumentationScopeInfo().getName();
        // Only Avaliar's own spans can be orphans: only they are made by code the tests drive through Avaliar.
        if (!Avaliar.INSTRUMENTATION_SCOPE.equals(scope)) {
            // Another library's own root span (a Kafka poll, a scheduler tick) on a thread of its own, captured
            // because of avaliar.registerGlobal: usually not lost context, and not for a test to fix.
            LOG.log(
                    Level.DEBUG,
                    () -> "Avaliar: span " + OpenSpanInfo.of(span).describe() + " of instrumentation '" + scope
                            + "' has no parent and belongs to no test; ignored.");
            return;
        }
        Orphan orphan = new Orphan(OpenSpanInfo.of(span), now.size());
        for (TestCapture capture : now) {
            capture.orphan(orphan);
        }
        LOG.log(
                Level.WARNING,
                () -> "Avaliar: span " + orphan.describe() + " while tests were running, so it belongs"
                        + " to no test; " + Orphan.FIX + ".");
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        String spanId = span.getSpanContext().getSpanId();
        TestCapture owner = owners.get(spanId);
        SpanData data = null;
        if (owner != null) {
            data = span.toSpanData();
            owner.ended(spanId, data);
        }
        if (span.getAttribute(AvaliarAttributes.TEST_ID) != null) {
            // Also when its test is over: the run's report keeps spans that end late.
            TestRunSpans.ended(spanId, data != null ? data : span.toSpanData());
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Gives a misuse to the test whose context it happened in. */
    void misuse(Misuse misuse) {
        TestCapture owner = misuse.context().get(TestCapture.KEY);
        if (owner == null) {
            SpanContext current = Span.fromContext(misuse.context()).getSpanContext();
            if (current.isValid()) {
                owner = owners.get(current.getSpanId());
            } else {
                owner = creatorsTest();
            }
        }
        if (owner != null && !owner.isContainer()) {
            owner.misuse(misuse);
        }
    }
}
