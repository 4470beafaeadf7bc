package ai.avaliar.junit5.report;

/**
 * How one test ended, as the report shows it.
 *
 * @param testId JUnit's unique id, the value of {@code avaliar.test.id} on the test's spans
 * @param displayName the test's display name
 * @param path display names from the class down to the test, joined with {@code " › "}
 * @param className the test class, or empty when unknown
 * @param status {@code SUCCESSFUL}, {@code FAILED}, {@code ABORTED} or {@code SKIPPED}
 * @param message the failure message, the reason for skipping, or empty
 * @param failureType the class of the failure, or empty
 * @param durationMillis how long the test ran, or -1 when it did not run
 * @param container whether this is a container that failed or was aborted (its tests did not run)
 */
record TestOutcome(
        String testId,
        String displayName,
        String path,
        String className,
        String status,
        String message,
        String failureType,
        long durationMillis,
        boolean container) {

    static final String SUCCESSFUL = "SUCCESSFUL";
    static final String FAILED = "FAILED";
    static final String ABORTED = "ABORTED";
    static final String SKIPPED = "SKIPPED";

    boolean failed() {
        return FAILED.equals(status);
    }
}
