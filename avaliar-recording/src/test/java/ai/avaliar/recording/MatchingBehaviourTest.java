package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Strict canonical matching, recorded order for repeats, concurrency and parallel tests. */
@Execution(ExecutionMode.SAME_THREAD)
class MatchingBehaviourTest {

    @TempDir
    Path cassettes;

    static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    static String ask(String content) {
        return "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"" + content + "\"}]}";
    }

    private Path cassette(Class<?> fixture, String method) {
        return cassettes
                .resolve("MatchingBehaviourTest$" + fixture.getSimpleName())
                .resolve(method + ".json");
    }

    @AvaliarRecording
    static class Repeats {
        @Test
        void asks_three_times(ProviderEndpoints endpoints) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seen.add(Http.post(endpoints.openai() + "/chat/completions", ask("again")));
            }
            SEEN.put("repeats", seen);
        }
    }

    @Test
    void replays_identical_requests_in_recorded_order_and_fails_beyond_them() {
        Path file = Http.write(
                cassette(Repeats.class, "asks_three_times"),
                Http.cassette(ask("again"), "{\"n\": 1}", ask("again"), "{\"n\": 2}"));

        var results = Kit.run(Repeats.class, cassettes);

        assertThat(SEEN.get("repeats")).hasSize(3);
        assertThat(SEEN.get("repeats").get(0)).isEqualTo("200 {\"n\":1}");
        assertThat(SEEN.get("repeats").get(1)).isEqualTo("200 {\"n\":2}");
        assertThat(SEEN.get("repeats").get(2)).startsWith("418 ");
        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks_three_times"),
                                finishedWithFailure(
                                        message(
                                                "No recorded interaction matches request POST openai /v1/chat/completions (cassette "
                                                        + file
                                                        + ", mode REPLAY; nothing was sent to the network).\n"
                                                        + "Nearest recorded interaction: #1 POST openai /v1/chat/completions\n"
                                                        + "It matches, but all 2 recorded interactions equal to this request were already"
                                                        + " replayed: the test sends it more often than when it was recorded.\n"
                                                        + "If the request changed on purpose, record again with"
                                                        + " -Davaliar.recording.mode=RECORD_MISSING (adds it) or RECORD (rewrites the cassette)."))));
    }

    @AvaliarRecording
    static class Concurrent {
        @Test
        void asks_in_parallel(ProviderEndpoints endpoints) throws Exception {
            List<Integer> order = new ArrayList<>(IntStream.range(0, 12).boxed().toList());
            Collections.shuffle(order);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<String>> replies = new ArrayList<>();
                for (int i : order) {
                    replies.add(pool.submit(
                            () -> i + "=" + Http.post(endpoints.openai() + "/chat/completions", ask("q" + i))));
                }
                List<String> seen = new ArrayList<>();
                for (Future<String> reply : replies) {
                    seen.add(reply.get());
                }
                SEEN.put("concurrent", seen);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void matches_concurrent_requests_to_their_own_interactions() {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            pairs.add(ask("q" + i));
            pairs.add("{\"answer\": " + i + "}");
        }
        Http.write(cassette(Concurrent.class, "asks_in_parallel"), Http.cassette(pairs.toArray(String[]::new)));

        Kit.run(Concurrent.class, cassettes).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(SEEN.get("concurrent")).hasSize(12).allSatisfy(line -> {
            String i = line.substring(0, line.indexOf('='));
            assertThat(line).isEqualTo(i + "=200 {\"answer\":" + i + "}");
        });
    }

    @AvaliarRecording(ignoreBodyFields = "seed")
    static class Variants {
        @Test
        void key_order_and_ignored_fields(ProviderEndpoints endpoints) {
            String reply = Http.post(
                    endpoints.openai() + "/chat/completions",
                    "{\"user\": \"run-42\", \"seed\": 7, \"messages\": [{\"content\": \"a\", \"role\": \"user\"},"
                            + " {\"role\": \"user\", \"content\": \"b\"}], \"model\": \"m\", \"temperature\": 1.0}");
            assertThat(reply).isEqualTo("200 {\"ok\":true}");
        }

        @Test
        void array_order(ProviderEndpoints endpoints) {
            Http.post(
                    endpoints.openai() + "/chat/completions",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"b\"}, {\"role\": \"user\", \"content\": \"a\"}],"
                            + " \"model\": \"m\", \"temperature\": 1}");
        }

        @Test
        void extra_array_element(ProviderEndpoints endpoints) {
            Http.post(
                    endpoints.openai() + "/chat/completions",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"b\"},"
                            + " {\"role\": \"user\", \"content\": \"c\"}], \"model\": \"m\", \"temperature\": 1}");
        }
    }

    @Test
    void ignores_key_order_and_varying_fields_but_not_array_order_or_length() {
        String recorded = "{\"model\": \"m\", \"temperature\": 1, \"user\": \"run-1\", \"seed\": 1, \"messages\":"
                + " [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"b\"}]}";
        for (String method : List.of("key_order_and_ignored_fields", "array_order", "extra_array_element")) {
            Http.write(cassette(Variants.class, method), Http.cassette(recorded, "{\"ok\": true}"));
        }

        var results = Kit.run(Variants.class, cassettes);

        results.testEvents().succeeded().assertThatEvents().haveExactly(1, event(test("key_order_and_ignored_fields")));
        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("array_order"),
                                finishedWithFailure(message(m -> m.contains("Differences (recorded vs request):\n"
                                        + "  $.messages[0].content: recorded \"a\", request has \"b\"\n"
                                        + "  $.messages[1].content: recorded \"b\", request has \"a\"\n")))))
                .haveExactly(
                        1,
                        event(
                                test("extra_array_element"),
                                finishedWithFailure(
                                        message(m -> m.contains("  $.messages[2]: not in recording, request has"
                                                + " {\"role\":\"user\",\"content\":\"c\"}\n")))));
    }

    @AvaliarRecording
    static class ParallelTests {
        @Test
        void first(ProviderEndpoints endpoints) {
            SEEN.put("first", List.of(Http.post(endpoints.openai() + "/chat/completions", ask("same"))));
        }

        @Test
        void second(ProviderEndpoints endpoints) {
            SEEN.put("second", List.of(Http.post(endpoints.openai() + "/chat/completions", ask("same"))));
        }

        @Test
        void third(ProviderEndpoints endpoints) {
            SEEN.put("third", List.of(Http.post(endpoints.openai() + "/chat/completions", ask("same"))));
        }
    }

    @Test
    void serves_parallel_tests_each_from_its_own_cassette() {
        for (String method : List.of("first", "second", "third")) {
            Http.write(
                    cassette(ParallelTests.class, method),
                    Http.cassette(ask("same"), "{\"from\": \"" + method + "\"}"));
        }

        var results = Kit.run(
                ParallelTests.class,
                cassettes,
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"));

        results.testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(SEEN.get("first")).containsExactly("200 {\"from\":\"first\"}");
        assertThat(SEEN.get("second")).containsExactly("200 {\"from\":\"second\"}");
        assertThat(SEEN.get("third")).containsExactly("200 {\"from\":\"third\"}");
    }

    @AvaliarRecording(failOnUnusedInteractions = true)
    static class Strict {
        @Test
        void asks_once(ProviderEndpoints endpoints) {
            Http.post(endpoints.openai() + "/chat/completions", ask("one"));
        }
    }

    @Test
    void fails_a_passing_test_that_left_recorded_interactions_unused_when_strict() {
        Path file = Http.write(cassette(Strict.class, "asks_once"), Http.cassette(ask("one"), "{}", ask("two"), "{}"));

        Kit.run(Strict.class, cassettes)
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks_once"),
                                finishedWithFailure(message("Cassette "
                                        + file
                                        + " has 1 recorded interaction(s) this test never requested: #2 POST openai"
                                        + " /v1/chat/completions. Record it again with -Davaliar.recording.mode=RECORD"
                                        + " to drop stale ones, or set failOnUnusedInteractions = false."))));
    }
}
