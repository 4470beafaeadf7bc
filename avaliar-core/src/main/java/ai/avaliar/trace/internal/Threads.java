package ai.avaliar.trace.internal;

/**
 * A thread as Avaliar's messages name it: its name, or, for a virtual thread, which has none unless
 * given one, its id.
 *
 * <pre>{@code
 * "current on thread '" + Threads.name(Thread.currentThread()) + "'"
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Threads {

    private Threads() {}

    /**
     * The name of {@code thread} in a message.
     *
     * @param thread the thread
     * @return its name, or {@code #id} when it has none
     */
    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same number
    public static String name(Thread thread) {
        String name = thread.getName();
        return name.isEmpty() ? "#" + thread.getId() : name;
    }
}
