package ai.avaliar.junit5;

import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.internal.Contexts;
import ai.avaliar.trace.internal.Threads;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.lang.System.Logger.Level;

/**
 * The OpenTelemetry context that one piece of a test's code (the test method, a lifecycle method,
 * a dynamic test) runs in on the thread that runs it, and that thread's own context put back when
 * the code returns, however it returns. A span the code started by hand and left open stays current
 * on the thread otherwise, and every later test on that thread would trace under it; here it is
 * taken off the thread and reported to the test's {@link TestCapture}, and the next test starts clean.
 */
final class TestScope implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    private final TestCapture capture;
    private final Context before;
    private final Context attached;
    private final Scope scope;
    private final Scope helpers;

    @SuppressWarnings("MustBeClosedChecker") // the scope is closed by close(), which try-with-resources calls
    private TestScope(TestCapture capture, Context before, Context attached) {
        this.capture = capture;
        this.before = before;
        this.attached = attached;
        this.scope = attached.makeCurrent();
        this.helpers = capture.processor().carryToHelperThreads();
    }

    /** Makes {@code capture}'s context current on this thread until {@link #close()}. */
    static TestScope enter(TestCapture capture) {
        Context before = Context.current();
        return new TestScope(capture, before, base(before, capture).with(TestCapture.KEY, capture));
    }

    /**
     * The context the code starts from: the thread's own, unless a span of Avaliar's is current in
     * it, which no test code can have made current before its test began: code that ran without the
     * extension (another test class, a listener) left it open on this thread.
     */
    private static Context base(Context current, TestCapture capture) {
        if (Span.fromContext(current) instanceof ReadableSpan span
                && Avaliar.INSTRUMENTATION_SCOPE.equals(
                        span.getInstrumentationScopeInfo().getName())) {
            String owner = span.getAttribute(AvaliarAttributes.TEST_ID);
            LOG.log(
                    Level.WARNING,
                    () -> "Avaliar: " + capture.testId() + " started on thread '"
                            + Threads.name(Thread.currentThread()) + "' while span '" + span.getName() + "' of "
                            + (owner == null ? "code outside Avaliar's tests" : owner)
                            + " was still current there, left"
                            + " open; it runs in a clean context instead, and is not that span's child.");
            return Context.root();
        }
        return current;
    }

    /**
     * Ends the scope and puts the thread's context back; what the code left current on top of it is
     * reported to the capture.
     */
    @Override
    public void close() {
        helpers.close();
        Context now = Context.current();
        Span left = Span.fromContext(now);
        boolean leftSomething = !Contexts.sameSpanAnd(now, attached, TestCapture.KEY);
        Contexts.closeAndPutBack(scope, before, TestCapture.KEY);
        if (leftSomething) {
            capture.leftCurrent(left, Threads.name(Thread.currentThread()));
        }
    }
}
