package ai.avaliar.junit5.allure;

import ai.avaliar.trace.data.Trace;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Attaches a test's traces to its Allure result when Allure is on the class path (with its
 * JUnit 5 integration, which makes the test's result current on the test's thread); without
 * Allure it does nothing and loads none of Allure's classes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class AllureTraces {

    public static final String ENABLED = "avaliar.allure";

    /** Whether allure-java-commons is on the class path. */
    public static final boolean ON_CLASS_PATH = present("io.qameta.allure.Allure");

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    private AllureTraces() {}

    public static boolean present(String className) {
        try {
            Class.forName(className, false, AllureTraces.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Attaches each trace as its rendered tree (text), its JSON and a small HTML view to the
     * current Allure test, when {@code allurePresent} and Allure runs the test {@code testId} on this
     * thread.
     *
     * @return how many traces were attached
     */
    public static int attach(String testId, List<Trace> traces, boolean allurePresent) {
        if (!allurePresent || traces.isEmpty()) {
            return 0;
        }
        try {
            return AllureAttachments.attach(testId, traces);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Avaliar: could not attach the traces to Allure: " + e, e);
            return 0;
        }
    }
}
