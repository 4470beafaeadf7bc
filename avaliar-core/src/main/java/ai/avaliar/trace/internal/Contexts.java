package ai.avaliar.trace.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * Putting a thread's OpenTelemetry context back after code that may have left a scope of its own
 * open: a pooled task (core's {@code Avaliar.propagating}) or a test's method (the JUnit extension).
 *
 * <pre>{@code
 * Context before = Context.current();
 * Scope scope = context.makeCurrent();
 * try { task.run(); } finally { Contexts.closeAndPutBack(scope, before, RUN_KEY); }
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Contexts {

    private Contexts() {}

    /**
     * Whether two contexts hold the same span and the same value under {@code key}. Compared by what
     * they hold, not as objects: context storages such as the OpenTelemetry Java agent's hand out a
     * new Context object on every {@code Context.current()}.
     */
    public static boolean sameSpanAnd(Context a, Context b, ContextKey<?> key) {
        return a.get(key) == b.get(key)
                && Span.fromContext(a)
                        .getSpanContext()
                        .equals(Span.fromContext(b).getSpanContext());
    }

    /**
     * Closes {@code scope}; when the code left a scope of its own on top of it, so that closing did
     * not bring {@code before} back, makes {@code before} current without a scope to close.
     */
    @SuppressWarnings("MustBeClosedChecker") // the thread goes back to its own context: nothing is left to close
    public static void closeAndPutBack(Scope scope, Context before, ContextKey<?> key) {
        scope.close();
        if (!sameSpanAnd(Context.current(), before, key)) {
            before.makeCurrent();
        }
    }
}
