package ai.avaliar.junit5;

import ai.avaliar.assertions.snapshot.SnapshotScope;
import ai.avaliar.junit5.internal.SnapshotRuns;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.UniqueId;

/**
 * What the extension does for trace snapshots around each test: the test's {@link SnapshotScope},
 * which tells {@code matchesSnapshot()} which test runs, and the record of the files it used, from
 * which the report lists the files no test used.
 */
final class TestSnapshots {

    private static final String SNAPSHOT_SCOPE = "snapshot-scope";

    private TestSnapshots() {}

    /** Tells the report listener which snapshot files the test used, so it can list those no test used. */
    static void record(ExtensionContext context, boolean passed) {
        // Removed, so a test's scope is recorded once even with two registered instances.
        SnapshotScope scope = context.getStore(AvaliarExtension.NAMESPACE)
                .remove(SNAPSHOT_SCOPE + " " + context.getUniqueId(), SnapshotScope.class);
        if (scope != null) {
            Method method = testMethod(context);
            SnapshotRuns.record(
                    context.getUniqueId(),
                    testClass(context),
                    method.getName(),
                    scope.directory(),
                    scope.filesUsed(),
                    passed);
        }
    }

    /**
     * The test's snapshot scope, made once per test: its file names go on across its
     * {@code @BeforeEach}, test and {@code @AfterEach} methods.
     */
    static SnapshotScope scope(ExtensionContext context) {
        // The key names the test: a dynamic test would otherwise find its factory's scope in the parent store.
        return context.getStore(AvaliarExtension.NAMESPACE)
                .getOrComputeIfAbsent(
                        SNAPSHOT_SCOPE + " " + context.getUniqueId(),
                        key -> SnapshotScope.forTest(
                                testClass(context), snapshotName(context), context::getConfigurationParameter),
                        SnapshotScope.class);
    }

    /**
     * The method's name, then the index of each invocation below it: {@code answers[2]} for the second
     * invocation of a parameterized or repeated test, {@code cases[1][3]} for a dynamic test in a container.
     */
    static String snapshotName(ExtensionContext context) {
        StringBuilder name = new StringBuilder(testMethod(context).getName());
        boolean belowMethod = false;
        for (UniqueId.Segment segment : UniqueId.parse(context.getUniqueId()).getSegments()) {
            String type = segment.getType();
            if (belowMethod && segment.getValue().startsWith("#")) {
                name.append('[').append(segment.getValue().substring(1)).append(']');
            }
            belowMethod |= type.equals("method") || type.equals("test-template") || type.equals("test-factory");
        }
        return name.toString();
    }

    /** The test's method; for a dynamic test, which has none of its own, its factory's. */
    private static Method testMethod(ExtensionContext context) {
        for (ExtensionContext up = context; ; up = up.getParent().orElseThrow()) {
            if (up.getTestMethod().isPresent()) {
                return up.getTestMethod().get();
            }
        }
    }

    /** The test's class (an inherited test method's snapshots are the subclass's); a dynamic test's factory's. */
    private static Class<?> testClass(ExtensionContext context) {
        for (ExtensionContext up = context; ; up = up.getParent().orElseThrow()) {
            if (up.getTestClass().isPresent()) {
                return up.getTestClass().get();
            }
        }
    }
}
