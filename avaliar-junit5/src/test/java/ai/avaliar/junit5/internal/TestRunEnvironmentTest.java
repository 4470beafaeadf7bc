package ai.avaliar.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.publish.PublishFixtures;
import ai.avaliar.trace.AvaliarAttributes;
import io.opentelemetry.api.common.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TestRunEnvironmentTest {

    private final List<List<String>> gitCalls = new ArrayList<>();

    private Function<List<String>, Optional<String>> git(String commit, String branch) {
        return args -> {
            gitCalls.add(args);
            return args.contains("--abbrev-ref") ? Optional.ofNullable(branch) : Optional.ofNullable(commit);
        };
    }

    @Test
    void reads_github_actions_and_links_the_workflow_run() {
        TestRunEnvironment run = TestRunEnvironment.detect(PublishFixtures.GITHUB, git("ffff", "other"));

        assertThat(run.ciProvider()).contains("github-actions");
        assertThat(run.gitCommit()).contains("0123456789abcdef0123456789abcdef01234567");
        assertThat(run.gitBranch()).contains("main");
        assertThat(run.buildUrl()).contains("https://github.com/acme/agents/actions/runs/4242");
        assertThat(run.pipelineName()).contains("ci");
        assertThat(run.pipelineRunId()).contains("4242");
        assertThat(gitCalls).as("git is not asked what the CI says").isEmpty();
    }

    @Test
    void on_a_github_pull_request_the_branch_is_the_head_branch_not_the_merge_ref() {
        Map<String, String> env = new java.util.HashMap<>(PublishFixtures.GITHUB);
        env.put("GITHUB_REF_NAME", "17/merge");
        env.put("GITHUB_HEAD_REF", "feature/retries");
        env.put("GITHUB_RUN_ATTEMPT", "2");

        TestRunEnvironment run = TestRunEnvironment.detect(env, git(null, null));

        assertThat(run.gitBranch()).contains("feature/retries");
        assertThat(run.buildUrl()).contains("https://github.com/acme/agents/actions/runs/4242/attempts/2");
    }

    @Test
    void reads_gitlab_ci() {
        TestRunEnvironment run = TestRunEnvironment.detect(
                Map.of(
                        "GITLAB_CI", "true",
                        "CI_COMMIT_SHA", "abc123",
                        "CI_COMMIT_REF_NAME", "release-1",
                        "CI_JOB_URL", "https://gitlab.example.com/acme/agents/-/jobs/77",
                        "CI_PIPELINE_ID", "900",
                        "CI_PROJECT_PATH", "acme/agents"),
                git(null, null));

        assertThat(run.ciProvider()).contains("gitlab");
        assertThat(run.gitCommit()).contains("abc123");
        assertThat(run.gitBranch()).contains("release-1");
        assertThat(run.buildUrl()).contains("https://gitlab.example.com/acme/agents/-/jobs/77");
        assertThat(run.pipelineRunId()).contains("900");
        assertThat(run.pipelineName()).contains("acme/agents");
    }

    @Test
    void reads_jenkins_and_drops_the_remote_from_git_branch() {
        TestRunEnvironment run = TestRunEnvironment.detect(
                Map.of(
                        "JENKINS_URL", "https://ci.example.com/",
                        "GIT_COMMIT", "def456",
                        "GIT_BRANCH", "origin/main",
                        "BUILD_URL", "https://ci.example.com/job/agents/12/",
                        "JOB_NAME", "agents",
                        "BUILD_NUMBER", "12"),
                git(null, null));

        assertThat(run.ciProvider()).contains("jenkins");
        assertThat(run.gitCommit()).contains("def456");
        assertThat(run.gitBranch()).contains("main");
        assertThat(run.buildUrl()).contains("https://ci.example.com/job/agents/12/");
        assertThat(run.pipelineRunId()).contains("12");
    }

    @Test
    void jenkins_multibranch_names_the_branch_in_branch_name() {
        TestRunEnvironment run = TestRunEnvironment.detect(
                Map.of("JENKINS_HOME", "/var/jenkins", "BRANCH_NAME", "PR-5", "GIT_BRANCH", "origin/feature"),
                git("c0ffee", null));

        assertThat(run.gitBranch()).contains("PR-5");
        assertThat(run.gitCommit()).as("from git, as Jenkins did not say").contains("c0ffee");
    }

    @Test
    void outside_ci_asks_git_for_commit_and_branch() {
        TestRunEnvironment run = TestRunEnvironment.detect(Map.of(), git("1a2b3c", "work"));

        assertThat(run.ciProvider()).isEmpty();
        assertThat(run.buildUrl()).isEmpty();
        assertThat(run.gitCommit()).contains("1a2b3c");
        assertThat(run.gitBranch()).contains("work");
        assertThat(gitCalls)
                .containsExactly(List.of("rev-parse", "HEAD"), List.of("rev-parse", "--abbrev-ref", "HEAD"));
    }

    @Test
    void a_detached_head_has_no_branch() {
        TestRunEnvironment run = TestRunEnvironment.detect(Map.of(), git("1a2b3c", "HEAD"));

        assertThat(run.gitBranch()).isEmpty();
    }

    @Test
    void without_ci_or_git_only_the_run_id_is_known() {
        TestRunEnvironment run = TestRunEnvironment.detect(Map.of(), git(null, null));

        assertThat(run.resourceAttributes().asMap()).containsOnlyKeys(AvaliarAttributes.TEST_RUN_ID);
        assertThat(run.runId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(gitCalls).as("no branch is asked for without a commit").hasSize(1);
    }

    @Test
    void every_run_has_its_own_id_unless_the_build_names_one() {
        TestRunEnvironment first = TestRunEnvironment.detect(Map.of(), git(null, null));
        TestRunEnvironment second = TestRunEnvironment.detect(Map.of(), git(null, null));
        TestRunEnvironment named =
                TestRunEnvironment.detect(Map.of("AVALIAR_TEST_RUN_ID", "nightly-311"), git(null, null));

        assertThat(first.runId()).isNotEqualTo(second.runId());
        assertThat(named.runId()).isEqualTo("nightly-311");
    }

    @Test
    void publishes_the_run_under_semantic_convention_names() {
        TestRunEnvironment run = TestRunEnvironment.detect(PublishFixtures.GITHUB, git(null, null));

        assertThat(run.resourceAttributes().asMap())
                .containsOnlyKeys(
                        AttributeKey.stringKey("avaliar.test.run.id"),
                        AttributeKey.stringKey("vcs.ref.head.revision"),
                        AttributeKey.stringKey("vcs.ref.head.name"),
                        AttributeKey.stringKey("avaliar.ci.provider"),
                        AttributeKey.stringKey("cicd.pipeline.name"),
                        AttributeKey.stringKey("cicd.pipeline.run.id"),
                        AttributeKey.stringKey("cicd.pipeline.run.url.full"));
    }

    @Test
    void real_git_failures_are_ignored_and_bounded() {
        assertThat(TestRunEnvironment.git(List.of("no-such-subcommand-of-git"))).isEmpty();
    }

    @Test
    void real_git_names_the_commit_of_this_checkout_when_there_is_one() {
        Optional<String> inside = TestRunEnvironment.git(List.of("rev-parse", "--is-inside-work-tree"));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                inside.filter("true"::equals).isPresent(), "git and a checkout");

        assertThat(TestRunEnvironment.git(List.of("rev-parse", "HEAD")))
                .hasValueSatisfying(commit -> assertThat(commit).matches("[0-9a-f]{40}"));
    }
}
