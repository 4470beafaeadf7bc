package ai.avaliar.junit5;

import java.lang.System.Logger.Level;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test run's hold on the JVM's test SDK, kept in the root {@code ExtensionContext.Store}
 * and closed by JUnit when the run ends.
 */
final class SdkLease implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    private final TestSpans spans = TestSpans.acquire();
    private boolean globalRequested;

    CapturingSpanProcessor processor() {
        return spans.processor();
    }

    /** Registers the test SDK as global once per run; says why not where it cannot. */
    synchronized void registerGlobal(ExtensionContext context) {
        if (globalRequested) {
            return;
        }
        globalRequested = true;
        spans.registerGlobal().ifPresent(reason -> {
            LOG.log(Level.WARNING, "Avaliar: " + reason);
            context.publishReportEntry("avaliar", reason);
        });
    }

    @Override
    public void close() {
        TestSpans.release();
    }
}
