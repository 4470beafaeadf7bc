package ai.avaliar.trace;

import ai.avaliar.trace.internal.Contexts;
import ai.avaliar.trace.internal.Threads;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks in the context that was current where they were handed over, and puts the context of
 * the thread that runs them back afterwards, whatever the task left current. OpenTelemetry's own
 * {@code Context.wrap} closes its scope only when the task closed everything it opened; a task that
 * left a span started by hand open leaves that span current on a pool thread, where the next task
 * of any test or request would become its child. Here such a span is reported as misuse instead,
 * and the thread is clean for the next task.
 */
final class ContextTasks {

    private ContextTasks() {}

    /** The body of a task, whatever its shape. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    /** Runs {@code body} with {@code context} current on this thread, then restores this thread's own context. */
    @SuppressWarnings({"try", "MustBeClosedChecker"}) // the scope is closed by closeAndPutBack, in finally
    static <T> T runIn(Context context, Body<T> body) throws Exception {
        Context before = Context.current();
        Scope scope = context.makeCurrent();
        try {
            return body.run();
        } finally {
            ActiveRun expected = context.get(AvaliarRuntime.RUN_KEY);
            ActiveRun left = Context.current().get(AvaliarRuntime.RUN_KEY);
            Contexts.closeAndPutBack(scope, before, AvaliarRuntime.RUN_KEY);
            if (left != expected && left != null && !left.hasEnded()) {
                AvaliarRuntime.misuse(
                        Misuse.Kind.SPAN_LEFT_OPEN,
                        "span '" + left.name() + "' (" + left.type()
                                + ") was still open and current on thread '" + Threads.name(Thread.currentThread())
                                + "' when the task that started it returned; Avaliar took it off the thread so later tasks"
                                + " are not its children. " + SPAN_LEFT_OPEN_FIX,
                        left.context());
            }
        }
    }

    /** How to end a span started by hand: said wherever one is found left open. */
    static final String SPAN_LEFT_OPEN_FIX = "Close every OpenSpan, best with try-with-resources:"
            + " try (OpenSpan span = Avaliar.tool(\"...\").start()) { ... }.";

    static Runnable wrap(Context context, Runnable task) {
        return () -> {
            try {
                runIn(context, () -> {
                    task.run();
                    return null;
                });
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception impossible) {
                throw new IllegalStateException(impossible);
            }
        };
    }

    static <T> Callable<T> wrap(Context context, Callable<T> task) {
        return () -> runIn(context, task::call);
    }

    /** Runs unchecked code (a supplier, a function) through {@link #runIn}. */
    static <T> T call(Context context, java.util.function.Supplier<T> body) {
        try {
            return runIn(context, body::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** An executor that wraps each task in the context current where it is submitted. */
    static Executor propagating(Executor executor) {
        return new PropagatingExecutor(executor);
    }

    static ExecutorService propagating(ExecutorService executor) {
        return new PropagatingExecutorService(executor);
    }

    private record PropagatingExecutor(Executor delegate) implements Executor {
        @Override
        public void execute(Runnable task) {
            delegate.execute(wrap(Context.current(), task));
        }
    }

    /**
     * Every way of submitting ends in {@link #execute}, which wraps the task, so {@code submit},
     * {@code invokeAll} and {@code invokeAny} propagate alike, and a future's {@code cancel(true)}
     * still interrupts the thread that runs it.
     */
    private static final class PropagatingExecutorService extends AbstractExecutorService {

        private final ExecutorService delegate;

        PropagatingExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            delegate.execute(wrap(Context.current(), task));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public String toString() {
            return "Avaliar.propagating(" + delegate + ")";
        }
    }
}
