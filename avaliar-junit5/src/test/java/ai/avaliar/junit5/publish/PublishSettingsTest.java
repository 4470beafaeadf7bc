package ai.avaliar.junit5.publish;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.internal.Retry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishSettingsTest {

    private static final Function<String, Optional<String>> NO_CONFIG = key -> Optional.empty();

    @TempDir
    Path avaliarDir;

    private static Function<String, Optional<String>> config(String key, String value) {
        return k -> k.equals(key) ? Optional.of(value) : Optional.empty();
    }

    @Test
    void publishing_is_off_without_an_api_key() {
        TestRunPublisher publisher =
                TestRunPublisher.fromEnvironment(Map.of("AVALIAR_ENDPOINT", "http://127.0.0.1:1"), NO_CONFIG);

        assertThat(publisher.publish(PublishFixtures.traces(1, 2), Map.of(), avaliarDir))
                .isEmpty();
        assertThat(avaliarDir).isEmptyDirectory();
    }

    @Test
    void avaliar_publish_false_turns_it_off_even_with_a_key() {
        PublishSettings settings = PublishSettings.of(
                Map.of("AVALIAR_API_KEY", "test-key", "AVALIAR_ENDPOINT", "http://127.0.0.1:1"),
                config("avaliar.publish", "false"));

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void a_key_and_an_endpoint_turn_it_on_with_the_defaults() {
        PublishSettings settings = PublishSettings.of(
                Map.of("AVALIAR_API_KEY", "test-key", "AVALIAR_ENDPOINT", "https://otlp.example.com/avaliar/"),
                NO_CONFIG);

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.batchSize()).isEqualTo(512);
        assertThat(settings.resolve("/v1/traces")).hasToString("https://otlp.example.com/avaliar/v1/traces");
        assertThat(settings.toString()).doesNotContain("test-key");
    }

    @Test
    void the_timeout_is_read_like_every_other_avaliar_duration() {
        PublishSettings settings =
                PublishSettings.of(Map.of("AVALIAR_API_KEY", "test-key"), config("avaliar.publish.timeout", "1500 ms"));

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void a_timeout_it_cannot_read_is_reported_and_the_default_used() {
        PublishSettings settings =
                PublishSettings.of(Map.of("AVALIAR_API_KEY", "test-key"), config("avaliar.publish.timeout", "soon"));

        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.problems())
                .containsExactly("avaliar.publish.timeout = 'soon' is not a positive duration;"
                        + " write it as '5 s', '500 ms', '1 m' or 'PT2.5S'; using 30 s");
    }

    @Test
    void an_avaliar_publish_value_that_is_neither_true_nor_false_publishes_and_says_so() {
        PublishSettings settings =
                PublishSettings.of(Map.of("AVALIAR_API_KEY", "test-key"), config("avaliar.publish", "yes"));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.problems())
                .containsExactly("avaliar.publish = 'yes' is neither true nor false; publishing as if true");
    }

    @Test
    void a_key_without_an_endpoint_publishes_nothing_spools_nothing_and_says_how_to_fix_it() {
        TestRunPublisher publisher = TestRunPublisher.fromEnvironment(Map.of("AVALIAR_API_KEY", "test-key"), NO_CONFIG);

        Optional<String> summary = publisher.publish(PublishFixtures.traces(1, 2), Map.of(), avaliarDir);

        assertThat(summary)
                .contains("Avaliar: AVALIAR_API_KEY is set but AVALIAR_ENDPOINT is not, so nothing was"
                        + " published (Avaliar documents no ingestion host to default to). Set AVALIAR_ENDPOINT to the base"
                        + " URL of your Avaliar or OTLP/HTTP receiver, or avaliar.publish=false to silence this.");
        assertThat(avaliarDir).isEmptyDirectory();
    }

    @Test
    void an_endpoint_that_is_no_url_keeps_the_run_in_the_spool_until_it_is_fixed() {
        TestRunPublisher publisher = TestRunPublisher.fromEnvironment(
                Map.of("AVALIAR_API_KEY", "test-key", "AVALIAR_ENDPOINT", "otlp.example.com:4318"), NO_CONFIG);

        Optional<String> summary = publisher.publish(PublishFixtures.traces(2, 2), Map.of(), avaliarDir);

        assertThat(summary)
                .hasValueSatisfying(line -> assertThat(line)
                        .startsWith("Avaliar: published 0 of 4 spans (2 traces); nothing was sent;"
                                + " AVALIAR_ENDPOINT = 'otlp.example.com:4318' is not an http(s) base URL such as"
                                + " https://otlp.example.com (spans go to <endpoint>/v1/traces; no query, no fragment);"
                                + " 4 spans of this run spooled in 1 batch")
                        .endsWith("2 files left in " + TestRunPublisher.display(avaliarDir.resolve("spool"))
                                + ", sent by the next run"));
        assertThat(new Spool(avaliarDir.resolve("spool"), Long.MAX_VALUE, "x").entries())
                .extracting(Spool.Entry::isTraces)
                .containsExactly(true, false);
    }

    @Test
    void an_endpoint_is_never_shown_with_its_user_info_query_or_fragment() {
        for (String endpoint : List.of(
                "https://me:test-key@otlp.example.com/base?key=test-key#test-key",
                "otlp.example.com:4318?key=test-key",
                "me:test-key@otlp.example.com",
                "http://[bad?key=test-key")) {
            PublishSettings settings =
                    PublishSettings.of(Map.of("AVALIAR_API_KEY", "test-key", "AVALIAR_ENDPOINT", endpoint), NO_CONFIG);
            Optional<String> summary = new TestRunPublisher(
                            settings, Map.of(), args -> Optional.empty(), Retry.Clock.SYSTEM)
                    .publish(PublishFixtures.traces(1, 1), Map.of(), avaliarDir);

            assertThat(settings.toString()).doesNotContain("test-key");
            assertThat(settings.problems())
                    .allSatisfy(problem -> assertThat(problem).doesNotContain("test-key"));
            assertThat(summary).hasValueSatisfying(line -> assertThat(line).doesNotContain("test-key"));
        }
        assertThat(PublishSettings.forDisplay("https://me:test-key@otlp.example.com:4318/base?key=test-key"))
                .isEqualTo("https://otlp.example.com:4318/base");
    }

    @Test
    void a_key_with_a_line_break_is_not_sent() {
        PublishSettings settings = PublishSettings.of(
                        Map.of("AVALIAR_API_KEY", "test-key\n", "AVALIAR_ENDPOINT", "http://127.0.0.1:1"), NO_CONFIG)
                .withApiKey("test key");
        TestRunPublisher publisher =
                new TestRunPublisher(settings, Map.of(), args -> Optional.empty(), Retry.Clock.SYSTEM);

        Optional<String> summary = publisher.publish(PublishFixtures.traces(1, 1), Map.of(), avaliarDir);

        assertThat(summary)
                .hasValueSatisfying(line -> assertThat(line)
                        .contains(
                                "AVALIAR_API_KEY holds spaces, line breaks or other characters no key has (a copy-paste accident?),"
                                        + " so nothing was sent; 1 span of this run spooled in 1 batch"));
        assertThat(List.of(summary.get())).noneMatch(line -> line.contains("test key"));
    }
}
