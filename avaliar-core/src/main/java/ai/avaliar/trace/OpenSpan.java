package ai.avaliar.trace;

/**
 * A span started by hand, current on this thread until closed. For code that cannot be
 * wrapped in a lambda; prefer {@code call(...)} where it can.
 *
 * <pre>{@code
 * try (OpenSpan span = Avaliar.tool("lookup").input("id", id).start()) {
 *     Order order = orders.find(id);
 *     span.output(order);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface OpenSpan extends Run, AutoCloseable {

    /**
     * Marks the span as failed with this exception; it is still ended by {@link #close()}.
     *
     * @param error what went wrong
     * @return this span
     */
    OpenSpan error(Throwable error);

    /** Ends the span and restores the context that was current before {@code start()}. */
    @Override
    void close();
}
