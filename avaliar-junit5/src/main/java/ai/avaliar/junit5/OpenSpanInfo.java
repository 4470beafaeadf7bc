package ai.avaliar.junit5;

import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.internal.Threads;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Optional;
import java.util.Set;

/**
 * What failure messages say about a span that has not ended, or that belongs to no test: its
 * name, type, the thread that started it, and where: the first frame of the code that called
 * Avaliar (or OpenTelemetry), and the Avaliar method it called, which says how to end the span.
 */
record OpenSpanInfo(
        String name,
        String type,
        String thread,
        long startedNanoTime,
        String spanId,
        String parentSpanId,
        StackTraceElement caller,
        String api) {

    /** Walks the stack of the thread that starts a span, to find the code that started it. */
    private static final StackWalker WALKER = StackWalker.getInstance();

    /** Describes {@code span}; call it on the thread that starts the span. */
    static OpenSpanInfo of(ReadableSpan span) {
        String type = span.getAttribute(AvaliarAttributes.SPAN_TYPE);
        String[] api = new String[1];
        StackTraceElement caller = WALKER.walk(frames -> frames.filter(frame -> {
                    String owner = frame.getClassName();
                    if (owner.startsWith("ai.avaliar.trace.")) {
                        if (api[0] == null && SPAN_METHODS.contains(frame.getMethodName())) {
                            api[0] = frame.getMethodName();
                        }
                        return false;
                    }
                    return !machinery(owner);
                })
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
        return new OpenSpanInfo(
                span.getName(),
                type == null ? "span" : type,
                Threads.name(Thread.currentThread()),
                System.nanoTime(),
                span.getSpanContext().getSpanId(),
                span.getParentSpanContext().isValid()
                        ? span.getParentSpanContext().getSpanId()
                        : null,
                caller,
                api[0]);
    }

    private static boolean machinery(String className) {
        return className.startsWith("io.opentelemetry.")
                || className.startsWith("java.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.")
                || className.startsWith("com.sun.proxy.")
                || (className.startsWith("ai.avaliar.junit5.") && MACHINERY.contains(className.substring(18)));
    }

    /** The span builders' methods that start a span: the first one on the stack says how it was started. */
    private static final Set<String> SPAN_METHODS =
            Set.of("start", "call", "run", "callAsync", "stream", "iterate", "publish");

    /**
     * This package's classes on the path from a span's start to {@link CapturingSpanProcessor}: only
     * they are skipped, since test fixtures in {@code ai.avaliar.junit5} are user code.
     */
    private static final Set<String> MACHINERY = Set.of("OpenSpanInfo", "CapturingSpanProcessor");

    String describe() {
        return "'" + name + "' (" + type + ") started on thread '" + thread + "'";
    }

    /** "'name' (type), started with start() at Class.method(File.java:12) on thread 'main'". */
    String describeWhere() {
        StringBuilder text =
                new StringBuilder("'").append(name).append("' (").append(type).append("), started");
        if (api != null) {
            text.append(" with ").append(api).append("(...)");
        }
        if (caller != null) {
            text.append(" at ").append(caller);
        }
        return text.append(" on thread '").append(thread).append('\'').toString();
    }

    /** How to end a span started the way this one was. */
    String fix() {
        return switch (Optional.ofNullable(api).orElse("")) {
            case "start" ->
                "close the OpenSpan, best with try-with-resources: try (OpenSpan span = ....start()) { ... }";
            case "callAsync" ->
                "complete the CompletionStage that the code given to callAsync(...) returns,"
                        + " and join it before the test returns";
            case "stream", "iterate" ->
                "read the stream to its end or close it, best with try-with-resources on the"
                        + " Stream (or close the Iterator, if it is AutoCloseable)";
            case "publish" -> "let the subscription complete, or cancel it";
            default -> "end the span before the test returns";
        };
    }
}
