package ai.avaliar.junit5.publish;

import ai.avaliar.junit5.internal.TestRunEnvironment;
import ai.avaliar.junit5.internal.TraceJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The small JSON record of a test run, posted to {@code <endpoint>/v1/runs} after its traces:
 * the run, its totals by outcome, and the tests that did not succeed (at most
 * {@value #MAX_LISTED_TESTS}; the per-test outcome of every test is on its traces' root spans).
 */
final class TestRunRecord {

    static final String SCHEMA = "avaliar.test.run/v1";
    static final int MAX_LISTED_TESTS = 100;

    private TestRunRecord() {}

    static byte[] json(
            TestRunEnvironment run, Map<String, String> outcomeByTestId, long traces, long spans, Instant at) {
        ObjectNode record = TraceJson.MAPPER.createObjectNode();
        record.put("schema", SCHEMA);
        record.put("run_id", run.runId());
        record.put("published_at", at.toString());
        ObjectNode vcs = record.putObject("vcs");
        run.gitCommit().ifPresent(v -> vcs.put("revision", v));
        run.gitBranch().ifPresent(v -> vcs.put("branch", v));
        ObjectNode ci = record.putObject("ci");
        run.ciProvider().ifPresent(v -> ci.put("provider", v));
        run.pipelineName().ifPresent(v -> ci.put("pipeline", v));
        run.pipelineRunId().ifPresent(v -> ci.put("pipeline_run_id", v));
        run.buildUrl().ifPresent(v -> ci.put("build_url", v));

        Map<String, Integer> byOutcome = new TreeMap<>();
        for (String outcome : outcomeByTestId.values()) {
            byOutcome.merge(normalized(outcome), 1, Integer::sum);
        }
        ObjectNode totals = record.putObject("totals");
        totals.put("tests", outcomeByTestId.size());
        for (String outcome : new String[] {"successful", "failed", "aborted", "skipped"}) {
            totals.put(outcome, byOutcome.getOrDefault(outcome, 0));
        }
        byOutcome.forEach((outcome, count) -> {
            if (!totals.has(outcome)) {
                totals.put(outcome, count);
            }
        });
        totals.put("traces", traces);
        totals.put("spans", spans);

        ArrayNode notSuccessful = record.putArray("tests_not_successful");
        int unlisted = 0;
        for (Map.Entry<String, String> test : new TreeMap<>(outcomeByTestId).entrySet()) {
            String outcome = normalized(test.getValue());
            if (outcome.equals("successful")) {
                continue;
            }
            if (notSuccessful.size() < MAX_LISTED_TESTS) {
                notSuccessful.addObject().put("test_id", test.getKey()).put("outcome", outcome);
            } else {
                unlisted++;
            }
        }
        record.put("tests_not_listed", unlisted);
        try {
            return TraceJson.MAPPER.writeValueAsString(record).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run record", e);
        }
    }

    /** {@code SUCCESSFUL} and {@code successful} alike: lower case, as published. */
    static String normalized(String outcome) {
        return outcome == null ? "unknown" : outcome.trim().toLowerCase(Locale.ROOT);
    }
}
