package ai.avaliar.trace;

import java.util.Iterator;

/**
 * An iterator whose span ends when it is exhausted or closed. Also an {@link Iterable}, so a
 * for-each loop can read it (once).
 *
 * <pre>{@code
 * try (TracedIterator<String> chunks = Avaliar.llm("stream").iterate(() -> source.iterator())) {
 *     for (String chunk : chunks) {
 *         System.out.print(chunk);
 *     }
 * }
 * }</pre>
 *
 * @param <T> the chunk type
 * @since 0.1.0
 */
public interface TracedIterator<T> extends Iterator<T>, Iterable<T>, AutoCloseable {

    /**
     * This iterator itself; it can be iterated once.
     *
     * @return this
     */
    @Override
    Iterator<T> iterator();

    /** Ends the span (as cancelled when chunks were left) and closes the source if it is closeable. */
    @Override
    void close();
}
