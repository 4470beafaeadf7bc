package ai.avaliar.trace.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What every part of the SDK takes from one place: its version, its logger, and the failure
 * behind an asynchronous wrapper.
 *
 * <pre>{@code
 * Sdk.warn("detection of span 'answer' could not run", e);
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Sdk {

    /** The version written as the instrumentation scope's and sent as the user agent's. */
    public static final String VERSION = "0.1.0";

    private static final System.Logger LOG = System.getLogger("ai.avaliar.trace");

    private Sdk() {}

    /** Logs a warning of the SDK's own: something did not work, and the traced call went on. */
    public static void warn(String message, Throwable cause) {
        LOG.log(Level.WARNING, "Avaliar: " + message, cause);
    }

    /** The failure inside {@link CompletionException}s and {@link ExecutionException}s. */
    public static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
