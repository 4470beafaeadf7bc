package ai.avaliar.junit5;

import ai.avaliar.junit5.internal.Options;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import ai.avaliar.trace.internal.Durations;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The traces of one test, as a live view: each read first waits (bounded by
 * {@code avaliar.await.timeout}) until no span of the test is still open, so spans ended on
 * other threads are there. A span that asked for detection ({@code detect(...)}) ends once its
 * detectors have answered, so a read also waits for the detection results of the test's spans:
 * {@code traces.single()} holds them. Injected by {@link AvaliarExtension} into test, {@code @BeforeEach}
 * and {@code @AfterEach} methods.
 *
 * <pre>{@code
 * @Test
 * void briefing_calls_the_model_once(CapturedTraces traces) {
 *     agent.morningBriefing("Lisbon");
 *
 *     Trace trace = traces.single();
 *     assertThat(trace.root().name()).isEqualTo("morning_briefing");
 *     assertThat(traces.spans(SpanType.LLM)).hasSize(1);
 * }
 * }</pre>
 *
 * A read fails the test with an {@link AssertionError} that says what was captured, which spans
 * are still open, and which spans lost their context on the way to another thread.
 *
 * <p>Injected into a {@code @TestFactory}, the view follows the dynamic test that reads it: inside
 * a dynamic test it holds that dynamic test's traces only; elsewhere (the factory method, its
 * {@code @BeforeEach} and {@code @AfterEach} methods) the factory's and all its dynamic tests'.
 *
 * @since 0.1.0
 */
public final class CapturedTraces {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    static final String REPLACED = "Avaliar no longer traces into the extension's SDK: since the extension set it"
            + " up, something called Avaliar.configure(...) or Avaliar.shutdown() (code under test, or a framework it"
            + " starts, such as an application context). In tests, leave configuring Avaliar to the extension.";

    static final String DETECTION_RUNNING = "Avaliar's detection is still running: a span that asked for detect(...)"
            + " ends once its detectors answer, and a detector (or the detection service) is slow. Raise "
            + Options.AWAIT_TIMEOUT + ", or lower AVALIAR_DETECTION_TIMEOUT.";

    private final TestCapture capture;
    private final Duration timeout;

    CapturedTraces(TestCapture capture, Duration timeout) {
        this.capture = capture;
        this.timeout = timeout;
        capture.awaitTimeout(timeout);
    }

    /**
     * The JUnit unique id of the test, which every span of it carries as {@code avaliar.test.id}.
     *
     * @return the test's unique id
     */
    public String testId() {
        return capture().testId();
    }

    /**
     * This view with another bound on waiting, for one slow test.
     *
     * @param awaitTimeout how long reads wait for open spans to end
     * @return a view of the same test's traces
     */
    public CapturedTraces within(Duration awaitTimeout) {
        Objects.requireNonNull(awaitTimeout, "awaitTimeout");
        if (awaitTimeout.isNegative() || awaitTimeout.isZero()) {
            throw new IllegalArgumentException("awaitTimeout must be positive, was " + awaitTimeout);
        }
        return new CapturedTraces(capture, awaitTimeout);
    }

    /**
     * Every trace of this test, once none of its spans is open.
     *
     * @return the traces, in the order their roots started; empty when the test traced nothing
     * @throws AssertionError when spans are still open after the timeout, naming them
     */
    public List<Trace> traces() {
        return await(capture(), traces -> true, () -> "the spans of this test to end");
    }

    /**
     * The one trace of this test, once none of its spans is open.
     *
     * @return the trace
     * @throws AssertionError when the test made no trace or several (showing them), or spans are still open
     */
    public Trace single() {
        TestCapture capture = capture();
        List<Trace> traces = await(capture, all -> true, () -> "the spans of this test to end");
        if (traces.size() != 1) {
            throw new AssertionError("Expected exactly one trace, but " + captured(traces, capture)
                    + (traces.size() > 1 ? "\nPick one with byRootName(name), or read them all with traces()." : "")
                    + orphans(capture.orphans()));
        }
        return traces.get(0);
    }

    /**
     * The trace of this test whose root span has that name, waiting until it is there and
     * complete, for work the test started in the background.
     *
     * @param rootName the root span's name
     * @return the trace
     * @throws AssertionError when no such trace appears in time, or there are several
     */
    public Trace byRootName(String rootName) {
        Objects.requireNonNull(rootName, "rootName");
        List<Trace> traces = await(
                capture(),
                all -> all.stream().anyMatch(t -> t.root().name().equals(rootName)),
                () -> "a trace whose root is '" + rootName + "'");
        List<Trace> named =
                traces.stream().filter(t -> t.root().name().equals(rootName)).collect(Collectors.toList());
        if (named.size() > 1) {
            throw new AssertionError(
                    "Expected one trace whose root is '" + rootName + "', but " + captured(named, capture()));
        }
        return named.get(0);
    }

    /**
     * Waits until this test has made at least {@code count} traces and none of its spans is open,
     * for work that starts its spans after the test method has moved on.
     *
     * @param count how many traces to wait for
     * @return every trace of this test, in the order their roots started
     * @throws AssertionError when fewer traces are there after the timeout
     */
    public List<Trace> awaitTraces(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        return await(capture(), traces -> traces.size() >= count, () -> count + (count == 1 ? " trace" : " traces"));
    }

    /**
     * Every span of this test, trace by trace, depth first.
     *
     * @return the spans, once none is open
     */
    public List<CapturedSpan> spans() {
        return traces().stream().flatMap(t -> t.spans().stream()).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The spans of this test of one type, trace by trace, depth first.
     *
     * @param type the span type
     * @return the matching spans, once none is open
     */
    public List<CapturedSpan> spans(SpanType type) {
        Objects.requireNonNull(type, "type");
        return spans().stream().filter(s -> s.type() == type).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public String toString() {
        return "CapturedTraces[" + capture().testId() + "]";
    }

    /**
     * The capture this view reads: the test's, or, inside a dynamic test of the {@code @TestFactory}
     * this view was injected into, that dynamic test's (whose capture is in the current context).
     */
    private TestCapture capture() {
        TestCapture current = Context.current().get(TestCapture.KEY);
        return current != null && current.parent() == capture ? current : capture;
    }

    private List<Trace> await(TestCapture capture, Predicate<List<Trace>> done, Supplier<String> waitingFor) {
        AtomicReference<List<Trace>> seen = new AtomicReference<>(List.of());
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL_INTERVAL)
                    .pollInSameThread()
                    .dontCatchUncaughtExceptions()
                    .until(() -> {
                        if (capture.hasOpenSpans()) {
                            return false;
                        }
                        List<Trace> traces = capture.traces();
                        seen.set(traces);
                        return done.test(traces) && !capture.hasOpenSpans();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(timedOut(capture, waitingFor.get(), seen.get()));
        }
        return seen.get();
    }

    private String timedOut(TestCapture capture, String waitingFor, List<Trace> seen) {
        List<OpenSpanInfo> open = capture.openSpans();
        StringBuilder message = new StringBuilder("Timed out after ")
                .append(Durations.format(timeout))
                .append(" waiting for ")
                .append(waitingFor)
                .append(';');
        if (!open.isEmpty()) {
            message.append(" still open:");
            for (OpenSpanInfo span : open) {
                message.append("\n  - ").append(span.describe());
            }
            message.append(
                    "\nEnd every span (close an OpenSpan, complete the stage given to callAsync, exhaust or close"
                            + " a traced stream), or raise " + Options.AWAIT_TIMEOUT + '.');
            if (!Avaliar.awaitDetections(Duration.ZERO)) {
                message.append("\n").append(DETECTION_RUNNING);
            }
        } else {
            message.append(' ').append(captured(seen, capture));
        }
        return message.append(orphans(capture.orphans())).toString();
    }

    /**
     * "this test captured ..." and the traces, rendered; when there are none, and Avaliar no longer
     * traces into the test SDK, says so.
     */
    static String captured(List<Trace> traces, TestCapture capture) {
        if (traces.isEmpty()) {
            return capture.processor().avaliarTracesHere()
                    ? "this test captured no spans."
                    : "this test captured no spans. " + REPLACED;
        }
        StringBuilder text = new StringBuilder("this test captured ")
                .append(traces.size())
                .append(traces.size() == 1 ? " trace:" : " traces:");
        for (Trace trace : traces) {
            text.append("\n\n").append(trace.render());
        }
        return text.append('\n').toString();
    }

    static String orphans(List<Orphan> orphans) {
        if (orphans.isEmpty()) {
            return "";
        }
        boolean one = orphans.size() == 1;
        StringBuilder text = new StringBuilder("\nWhile this test ran, ")
                .append(one ? "1 span started that belongs" : orphans.size() + " spans started that belong")
                .append(" to no test:");
        for (Orphan orphan : orphans) {
            text.append("\n  - ").append(orphan.describe());
        }
        return text.append(one ? "\nFor this span the " : "\nFor these spans the ")
                .append(Orphan.FIX)
                .append(".\n")
                .append(Orphan.CAUSES)
                .toString();
    }
}
