package ai.avaliar.junit5;

import ai.avaliar.trace.AvaliarAttributes;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * What failure messages say about a span that has not ended, or that belongs to no test: its
 * name, type and the thread that started it.
 */
record OpenSpanInfo(String name, String type, String thread, long startedNanoTime) {

    /** Describes {@code span}; call it on the thread that starts the span. */
    static OpenSpanInfo of(ReadableSpan span) {
        String type = span.getAttribute(AvaliarAttributes.SPAN_TYPE);
        return new OpenSpanInfo(span.getName(), type == null ? "span" : type, Thread.currentThread().getName(),
                System.nanoTime());
    }

    String describe() {
        return "'" + name + "' (" + type + ") started on thread '" + thread + "'";
    }
}
