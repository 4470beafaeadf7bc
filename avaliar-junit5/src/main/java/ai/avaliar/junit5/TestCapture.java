package ai.avaliar.junit5;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.Misuse;
import ai.avaliar.trace.Trace;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.SpanData;
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

/**
 * The spans of one test, as they start and end; put in the OpenTelemetry {@code Context} the
 * test runs in, so spans started there (and on threads the context was carried to) are its own.
 * Kept in the test's {@code ExtensionContext.Store}; closing it ends the test's capture.
 */
final class TestCapture implements AutoCloseable {

    static final ContextKey<TestCapture> KEY = ContextKey.named("avaliar-junit5-test");

    private final String testId;
    private final boolean container;
    private final TestCapture parent;
    private final CapturingSpanProcessor processor;
    private final Map<String, OpenSpanInfo> open = new ConcurrentHashMap<>();
    private final Queue<SpanData> finished = new ConcurrentLinkedQueue<>();
    private final Set<String> spanIds = ConcurrentHashMap.newKeySet();
    private final List<Orphan> orphans = new CopyOnWriteArrayList<>();
    private final List<Misuse> misuses = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile boolean bodyRan;
    private volatile Duration detectionWait = Options.DEFAULT_AWAIT_TIMEOUT;

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
        misuses.add(misuse);
    }

    List<Misuse> misuses() {
        return List.copyOf(misuses);
    }

    /** How long {@link #close()} waits for the detections of this test's spans: the test's await timeout. */
    void detectionWait(Duration timeout) {
        detectionWait = timeout;
    }

    /**
     * Ends the capture. Spans whose call has returned but whose detection is still running end
     * when their detectors answer; they are waited for first (bounded by the await timeout), so the
     * test's traces hold them with their results even when the test never read its traces.
     */
    @Override
    public void close() {
        if (!closed) {
            awaitDetections();
            closed = true;
            processor.testFinished(this);
        }
    }

    private void awaitDetections() {
        long deadline = System.nanoTime() + detectionWait.toNanos();
        // Open spans with no detection running anywhere are the test's own open spans: not waited for.
        while (hasOpenSpans() && !Avaliar.awaitDetections(Duration.ZERO)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Avaliar.awaitDetections(Duration.ofNanos(Math.min(left, Duration.ofMillis(5).toNanos())));
        }
    }

    @Override
    public String toString() {
        return testId;
    }
}
