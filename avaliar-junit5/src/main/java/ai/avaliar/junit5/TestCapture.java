package ai.avaliar.junit5;

import ai.avaliar.junit5.internal.Options;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.Misuse;
import ai.avaliar.trace.data.Trace;
import ai.avaliar.trace.internal.Durations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The spans of one test, as they start and end; put in the OpenTelemetry {@code Context} the
 * test runs in, so spans started there (and on threads the context was carried to) are its own.
 * Kept in the test's {@code ExtensionContext.Store}; closing it ends the test's capture.
 */
final class TestCapture implements AutoCloseable {

    static final ContextKey<TestCapture> KEY = ContextKey.named("avaliar-junit5-test");

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    private final String testId;
    private final boolean container;
    private final TestCapture parent;
    private final CapturingSpanProcessor processor;
    private final Map<String, OpenSpanInfo> open = new ConcurrentHashMap<>();
    private final Queue<SpanData> finished = new ConcurrentLinkedQueue<>();
    private final Set<String> spanIds = ConcurrentHashMap.newKeySet();
    private final List<Orphan> orphans = new CopyOnWriteArrayList<>();
    private final List<Misuse> misuses = new CopyOnWriteArrayList<>();
    /** Spans of this test left open and current on a thread when its code returned, by span id, with the thread. */
    private final Map<String, String> leftCurrent = new ConcurrentHashMap<>();
    /** Spans already reported as left open (by the SDK, from a pool thread); not reported again. */
    private final Set<String> reportedOpen = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;
    private volatile boolean bodyRan;
    private volatile Duration awaitTimeout = Options.DEFAULT_AWAIT_TIMEOUT;

    private TestCapture(String testId, boolean container, TestCapture parent, CapturingSpanProcessor processor) {
        this.testId = testId;
        this.container = container;
        this.parent = parent;
        this.processor = processor;
    }

    /** The capture of a test, registered as running until closed. */
    static TestCapture forTest(String testId, CapturingSpanProcessor processor) {
        TestCapture capture = new TestCapture(testId, false, null, processor);
        processor.testStarted(capture);
        return capture;
    }

    /**
     * The capture of a dynamic test, registered as running until closed. Its spans are its
     * factory's as well, so the factory's own view (its {@code @AfterEach} methods) holds every
     * dynamic test's spans; orphans and misuse are the dynamic test's alone.
     */
    static TestCapture forDynamicTest(String testId, TestCapture factory, CapturingSpanProcessor processor) {
        TestCapture capture = new TestCapture(testId, false, factory, processor);
        processor.testStarted(capture);
        return capture;
    }

    /**
     * The context of {@code @BeforeAll} and {@code @AfterAll} methods: spans made there belong to
     * no test and are not orphans either; they are not kept.
     */
    static TestCapture forContainer(String containerId, CapturingSpanProcessor processor) {
        return new TestCapture(containerId, true, null, processor);
    }

    String testId() {
        return testId;
    }

    CapturingSpanProcessor processor() {
        return processor;
    }

    boolean isContainer() {
        return container;
    }

    /** The capture of the {@code @TestFactory} this dynamic test came from; null for other tests. */
    TestCapture parent() {
        return parent;
    }

    /** Whether the test method has run (so parameters resolved now come after it). */
    boolean bodyRan() {
        return bodyRan;
    }

    void bodyRan(boolean ran) {
        bodyRan = ran;
    }

    boolean isClosed() {
        return closed;
    }

    /** Records that a span of this test started; false once the test is over. */
    boolean started(String spanId, OpenSpanInfo info) {
        if (closed) {
            return false;
        }
        spanIds.add(spanId);
        open.put(spanId, info);
        if (parent != null) {
            parent.started(spanId, info);
        }
        return true;
    }

    void ended(String spanId, SpanData data) {
        // Finished first, open second: whoever sees nothing open sees every finished span.
        finished.add(data);
        open.remove(spanId);
        if (parent != null) {
            parent.ended(spanId, data);
        }
    }

    boolean isOpen(String spanId) {
        return open.containsKey(spanId);
    }

    boolean hasOpenSpans() {
        return !open.isEmpty();
    }

    List<OpenSpanInfo> openSpans() {
        List<OpenSpanInfo> spans = new ArrayList<>(open.values());
        spans.sort(Comparator.comparingLong(OpenSpanInfo::startedNanoTime));
        return spans;
    }

    /** The finished spans so far, as traces in the order their roots started. */
    List<Trace> traces() {
        return Trace.of(List.copyOf(finished));
    }

    Set<String> spanIds() {
        return spanIds;
    }

    void orphan(Orphan orphan) {
        orphans.add(orphan);
    }

    List<Orphan> orphans() {
        return List.copyOf(orphans);
    }

    void misuse(Misuse misuse) {
        if (closed) {
            // Its test has been judged: all that is left is to say it, against that test.
            String late = misuse.message();
            LOG.log(Level.WARNING, () -> "Avaliar: " + testId + ", after it ended: " + late);
            return;
        }
        if (misuse.kind() != Misuse.Kind.SPAN_LEFT_OPEN) {
            misuses.add(misuse);
            return;
        }
        String spanId = Span.fromContext(misuse.context()).getSpanContext().getSpanId();
        OpenSpanInfo span = open.get(spanId);
        misuses.add(
                span == null || span.caller() == null
                        ? misuse
                        : new Misuse(
                                misuse.kind(),
                                misuse.message() + " It was started at " + span.caller() + ".",
                                misuse.context()));
        // Only now: the end of the test stops waiting for this span once it is marked, and must then find it listed.
        reported(spanId);
    }

    /**
     * The test's code returned on {@code thread} leaving {@code left} current there, on top of the
     * test's context (which has been put back since). A span of this test is reported when the test
     * ends, if it is still open then, and is not waited for; anything else is a scope left open.
     */
    void leftCurrent(Span left, String thread) {
        SpanContext span = left.getSpanContext();
        if (span.isValid() && open.containsKey(span.getSpanId())) {
            markLeftCurrent(span.getSpanId(), thread);
            // The open spans it was started under by hand on this thread were left current beneath it.
            for (OpenSpanInfo parent = parentOf(span.getSpanId());
                    parent != null && "start".equals(parent.api()) && thread.equals(parent.thread());
                    parent = parentOf(parent.spanId())) {
                markLeftCurrent(parent.spanId(), thread);
            }
            return;
        }
        if (left instanceof ReadableSpan readable
                && !readable.hasEnded()
                && Avaliar.INSTRUMENTATION_SCOPE.equals(
                        readable.getInstrumentationScopeInfo().getName())) {
            // A span of a method whose spans are not kept (@BeforeAll, @AfterAll): said all the same.
            String type = readable.getAttribute(AvaliarAttributes.SPAN_TYPE);
            report(new Misuse(
                    Misuse.Kind.SPAN_LEFT_OPEN,
                    "span '" + readable.getName() + "' (" + (type == null ? "span" : type)
                            + ") was never closed: it was still open, and current on thread '" + thread + "', when the"
                            + " code that started it returned. Avaliar took it off the thread, so later tests are not its"
                            + " children. Fix: close the OpenSpan, best with try-with-resources: try (OpenSpan span ="
                            + " ....start()) { ... }.",
                    Context.root()));
            return;
        }
        String current = !span.isValid()
                ? "no span"
                : left instanceof ReadableSpan readable
                        ? "span '" + readable.getName() + "'" + (readable.hasEnded() ? ", already ended," : "")
                        : "span " + span.getSpanId();
        report(new Misuse(
                Misuse.Kind.SCOPE_LEFT_OPEN,
                "an OpenTelemetry Scope was left open on thread '" + thread
                        + "' (" + current + " current in it) when the test's code returned; close every Scope that"
                        + " makeCurrent() returns, best with try-with-resources. Avaliar put the thread's context back, so"
                        + " later tests are not affected.",
                Context.root()));
    }

    /** A span left current on {@code thread}, here and in the factory's view of a dynamic test. */
    private void markLeftCurrent(String spanId, String thread) {
        leftCurrent.put(spanId, thread);
        if (parent != null) {
            parent.markLeftCurrent(spanId, thread);
        }
    }

    /** A span already reported as left open: not waited for, nor reported again, here or by the factory. */
    private void reported(String spanId) {
        reportedOpen.add(spanId);
        if (parent != null) {
            parent.reported(spanId);
        }
    }

    private OpenSpanInfo parentOf(String spanId) {
        OpenSpanInfo span = open.get(spanId);
        return span == null || span.parentSpanId() == null ? null : open.get(span.parentSpanId());
    }

    /** A problem the extension found itself: logged as the SDK logs misuse, and kept for strict mode. */
    private void report(Misuse misuse) {
        LOG.log(Level.WARNING, () -> "Avaliar: " + testId + ": " + misuse.message());
        misuses.add(misuse);
    }

    List<Misuse> misuses() {
        return List.copyOf(misuses);
    }

    /** How long {@link #close()} waits for this test's open spans to end: the test's await timeout. */
    void awaitTimeout(Duration timeout) {
        awaitTimeout = timeout;
    }

    /**
     * Ends the capture. Spans still open are waited for first, bounded by the await timeout: spans
     * of async work the test did not join, and spans whose detection is still running, end then, and
     * the test's traces hold them even when the test never read its traces. Spans still open after
     * that, or left current on a thread when the test's code returned (never to be closed), are
     * reported as {@link Misuse.Kind#SPAN_LEFT_OPEN}; if they end later, the run's report still
     * attributes them to this test.
     */
    @Override
    public void close() {
        if (!closed) {
            awaitOpenSpans();
            closed = true;
            processor.testFinished(this);
            reportOpenSpans();
        }
    }

    private void awaitOpenSpans() {
        long deadline = System.nanoTime() + awaitTimeout.toNanos();
        while (!open.isEmpty()
                && open.keySet().stream().anyMatch(id -> !leftCurrent.containsKey(id) && !reportedOpen.contains(id))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long slice = Math.min(left, POLL.toNanos());
            if (Avaliar.awaitDetections(Duration.ZERO)) {
                LockSupport.parkNanos(slice);
            } else {
                Avaliar.awaitDetections(Duration.ofNanos(slice));
            }
        }
    }

    private void reportOpenSpans() {
        if (open.isEmpty()) {
            return;
        }
        for (OpenSpanInfo span : openSpans()) {
            String id = span.spanId();
            if (reportedOpen.contains(id) || !open.containsKey(id)) {
                continue;
            }
            String thread = leftCurrent.get(id);
            report(new Misuse(
                    Misuse.Kind.SPAN_LEFT_OPEN,
                    "span " + span.describeWhere()
                            + (thread != null
                                    ? " was never closed: it was still open, and current on thread '" + thread
                                            + "', when the test's"
                                            + " code returned. Avaliar took it off the thread, so later tests are not its children."
                                    : " was still open " + Durations.format(awaitTimeout)
                                            + " after the test's code returned (" + Options.AWAIT_TIMEOUT + ").")
                            + " Fix: " + span.fix() + ".",
                    Context.root()));
            reported(id);
        }
    }

    /** How often {@link #close()} looks whether the test's open spans have ended. */
    private static final Duration POLL = Duration.ofMillis(1);

    @Override
    public String toString() {
        return testId;
    }
}
