package ai.avaliar.junit5.internal;

import ai.avaliar.trace.AvaliarAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The test run as Avaliar publishes it: a run id, the git commit and branch, and the CI system
 * and build it ran in (GitHub Actions, GitLab CI, Jenkins), read from the CI's environment
 * variables, else from {@code git} in the working directory (bounded in time, failures ignored).
 * Published as resource attributes, named after OpenTelemetry's semantic conventions where they
 * have a name ({@code vcs.*}, {@code cicd.*}) and {@code avaliar.*} otherwise.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class TestRunEnvironment {

    /** Lets several JVMs of one build (Maven modules, Surefire forks) publish as one run. */
    public static final String RUN_ID_VARIABLE = "AVALIAR_TEST_RUN_ID";

    public static final String GITHUB_ACTIONS = "github-actions";
    public static final String GITLAB = "gitlab";
    public static final String JENKINS = "jenkins";

    private static final long GIT_TIMEOUT_MILLIS = 2_000;

    private final String runId;
    private final String gitCommit;
    private final String gitBranch;
    private final String ciProvider;
    private final String buildUrl;
    private final String pipelineName;
    private final String pipelineRunId;

    private TestRunEnvironment(
            String runId,
            String gitCommit,
            String gitBranch,
            String ciProvider,
            String buildUrl,
            String pipelineName,
            String pipelineRunId) {
        this.runId = runId;
        this.gitCommit = gitCommit;
        this.gitBranch = gitBranch;
        this.ciProvider = ciProvider;
        this.buildUrl = buildUrl;
        this.pipelineName = pipelineName;
        this.pipelineRunId = pipelineRunId;
    }

    /** The run described by these environment variables (usually {@code System.getenv()}), else by {@code git}. */
    public static TestRunEnvironment detect(Map<String, String> env) {
        return detect(env, TestRunEnvironment::git);
    }

    /**
     * As {@link #detect(Map)}, asking {@code git} for what the environment does not say.
     *
     * @param git runs {@code git} with these arguments and returns its trimmed output, or empty on any failure
     */
    public static TestRunEnvironment detect(Map<String, String> env, Function<List<String>, Optional<String>> git) {
        String runId = value(env, RUN_ID_VARIABLE);
        if (runId == null) {
            runId = UUID.randomUUID().toString();
        }
        String provider = null;
        String commit = null;
        String branch = null;
        String url = null;
        String pipeline = null;
        String pipelineRun = null;
        if ("true".equalsIgnoreCase(value(env, "GITHUB_ACTIONS"))) {
            provider = GITHUB_ACTIONS;
            commit = value(env, "GITHUB_SHA");
            // On pull requests GITHUB_REF_NAME is "<number>/merge"; the branch is GITHUB_HEAD_REF.
            branch = first(value(env, "GITHUB_HEAD_REF"), value(env, "GITHUB_REF_NAME"));
            String server = value(env, "GITHUB_SERVER_URL");
            String repository = value(env, "GITHUB_REPOSITORY");
            pipelineRun = value(env, "GITHUB_RUN_ID");
            if (server != null && repository != null && pipelineRun != null) {
                url = stripSlash(server) + "/" + repository + "/actions/runs/" + pipelineRun;
                String attempt = value(env, "GITHUB_RUN_ATTEMPT");
                if (attempt != null && !attempt.equals("1")) {
                    url += "/attempts/" + attempt;
                }
            }
            pipeline = value(env, "GITHUB_WORKFLOW");
        } else if ("true".equalsIgnoreCase(value(env, "GITLAB_CI"))) {
            provider = GITLAB;
            commit = value(env, "CI_COMMIT_SHA");
            branch = first(value(env, "CI_COMMIT_REF_NAME"), value(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"));
            url = first(value(env, "CI_JOB_URL"), value(env, "CI_PIPELINE_URL"));
            pipeline = first(value(env, "CI_PIPELINE_NAME"), value(env, "CI_PROJECT_PATH"));
            pipelineRun = value(env, "CI_PIPELINE_ID");
        } else if (value(env, "JENKINS_URL") != null || value(env, "JENKINS_HOME") != null) {
            provider = JENKINS;
            commit = value(env, "GIT_COMMIT");
            branch = first(value(env, "BRANCH_NAME"), withoutRemote(value(env, "GIT_BRANCH")));
            url = value(env, "BUILD_URL");
            pipeline = value(env, "JOB_NAME");
            pipelineRun = first(value(env, "BUILD_NUMBER"), value(env, "BUILD_ID"));
        }
        if (commit == null) {
            commit = git.apply(List.of("rev-parse", "HEAD")).orElse(null);
        }
        if (branch == null && commit != null) {
            // "HEAD" means a detached checkout: no branch to name.
            branch = git.apply(List.of("rev-parse", "--abbrev-ref", "HEAD"))
                    .filter(b -> !b.equals("HEAD"))
                    .orElse(null);
        }
        return new TestRunEnvironment(runId, commit, branch, provider, url, pipeline, pipelineRun);
    }

    public String runId() {
        return runId;
    }

    public Optional<String> gitCommit() {
        return Optional.ofNullable(gitCommit);
    }

    public Optional<String> gitBranch() {
        return Optional.ofNullable(gitBranch);
    }

    /** {@code github-actions}, {@code gitlab} or {@code jenkins}; empty outside those. */
    public Optional<String> ciProvider() {
        return Optional.ofNullable(ciProvider);
    }

    public Optional<String> buildUrl() {
        return Optional.ofNullable(buildUrl);
    }

    public Optional<String> pipelineName() {
        return Optional.ofNullable(pipelineName);
    }

    public Optional<String> pipelineRunId() {
        return Optional.ofNullable(pipelineRunId);
    }

    /** The run as resource attributes, only those known. */
    public Attributes resourceAttributes() {
        AttributesBuilder attributes = Attributes.builder().put(AvaliarAttributes.TEST_RUN_ID, runId);
        gitCommit().ifPresent(v -> attributes.put(AvaliarAttributes.VCS_REVISION, v));
        gitBranch().ifPresent(v -> attributes.put(AvaliarAttributes.VCS_BRANCH, v));
        ciProvider().ifPresent(v -> attributes.put(AvaliarAttributes.CI_PROVIDER, v));
        pipelineName().ifPresent(v -> attributes.put(AvaliarAttributes.CICD_PIPELINE_NAME, v));
        pipelineRunId().ifPresent(v -> attributes.put(AvaliarAttributes.CICD_PIPELINE_RUN_ID, v));
        buildUrl().ifPresent(v -> attributes.put(AvaliarAttributes.CICD_PIPELINE_RUN_URL, v));
        return attributes.build();
    }

    @Override
    public String toString() {
        return "run " + runId + resourceAttributes();
    }

    /** {@code git <arguments>} in the working directory: its output, or empty if git is missing, fails or takes over 2 s. */
    public static Optional<String> git(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(arguments);
        Process process = null;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(GIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            try (InputStream out = process.getInputStream()) {
                String text = new String(out.readNBytes(4096), StandardCharsets.UTF_8).trim();
                return text.isEmpty() || text.contains("\n") ? Optional.empty() : Optional.of(text);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String withoutRemote(String branch) {
        return branch != null && branch.startsWith("origin/") ? branch.substring("origin/".length()) : branch;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
