package ai.avaliar.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture classes on the Jupiter engine and digs out what they reported. */
final class Kit {

    private Kit() {}

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** Asserts that {@code count} tests ran and all passed, showing the failures otherwise. */
    static void assertAllPassed(EngineExecutionResults results, int count) {
        java.util.List<Throwable> failures = results.allEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow())
                .toList();
        if (!failures.isEmpty()) {
            AssertionError error =
                    new AssertionError(failures.size() + " fixture test(s) failed; first: " + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
        results.testEvents()
                .assertStatistics(stats -> stats.started(count).succeeded(count).failed(0));
    }

    /** The throwable the test whose display name starts with {@code name} failed with. */
    static Throwable failure(EngineExecutionResults results, String name) {
        return results.testEvents().failed().stream()
                .filter(event -> event.getTestDescriptor().getDisplayName().startsWith(name))
                .map(event -> event.getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow())
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no failed test named " + name + "; events: "
                        + results.allEvents().list()));
    }

    /** Every report entry value published under {@code key}. */
    static java.util.List<String> reportEntries(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(Kit::entry)
                .filter(entries -> entries.containsKey(key))
                .map(entries -> entries.get(key))
                .toList();
    }

    private static Map<String, String> entry(Event event) {
        return event.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class)
                .getKeyValuePairs();
    }
}
