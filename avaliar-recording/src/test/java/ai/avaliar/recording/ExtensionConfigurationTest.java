package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where cassettes are looked up, which annotation wins, and how endpoints are handed out. */
class ExtensionConfigurationTest {

    @TempDir
    Path cassettes;

    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @AvaliarRecording(cassette = "class-wide.json")
    static class Overrides {
        @Test
        void uses_the_class_cassette(ProviderEndpoints endpoints) {
            SEEN.put("class", Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("x")));
        }

        @Test
        @AvaliarRecording(cassette = "{class}/{method}-own.json")
        void uses_its_own_cassette(ProviderEndpoints endpoints) {
            SEEN.put("method", Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("x")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        void uses_one_cassette_per_invocation(String which, ProviderEndpoints endpoints) {
            SEEN.put(which, Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("x")));
        }
    }

    @Test
    void the_annotation_nearest_to_the_test_names_the_cassette() {
        String dir = "ExtensionConfigurationTest$Overrides/";
        Http.write(
                cassettes.resolve("class-wide.json"),
                Http.cassette(MatchingBehaviourTest.ask("x"), "{\"from\": \"class\"}"));
        Http.write(
                cassettes.resolve(dir + "uses_its_own_cassette-own.json"),
                Http.cassette(MatchingBehaviourTest.ask("x"), "{\"from\": \"method\"}"));

        // the parameterized invocations have no cassette of their own: the class-level template wins
        Kit.run(Overrides.class, cassettes).testEvents().assertStatistics(s -> s.succeeded(4));

        assertThat(SEEN)
                .containsEntry("class", "200 {\"from\":\"class\"}")
                .containsEntry("method", "200 {\"from\":\"method\"}")
                .containsEntry("a", "200 {\"from\":\"class\"}");
    }

    @AvaliarRecording
    static class Invocations {
        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        void asks(String which, ProviderEndpoints endpoints) {
            SEEN.put(
                    "inv-" + which,
                    Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask(which)));
        }
    }

    @Test
    void gives_each_invocation_of_a_parameterized_test_its_own_cassette() {
        String dir = "ExtensionConfigurationTest$Invocations/";
        Http.write(cassettes.resolve(dir + "asks-1.json"), Http.cassette(MatchingBehaviourTest.ask("a"), "{\"n\": 1}"));
        Http.write(cassettes.resolve(dir + "asks-2.json"), Http.cassette(MatchingBehaviourTest.ask("b"), "{\"n\": 2}"));

        Kit.run(Invocations.class, cassettes).testEvents().assertStatistics(s -> s.succeeded(2));

        assertThat(SEEN).containsEntry("inv-a", "200 {\"n\":1}").containsEntry("inv-b", "200 {\"n\":2}");
    }

    @AvaliarRecording(cassette = "{displayName}.json")
    static class OddDisplayNames {
        @Test
        @DisplayName("asks a/b: why? <now>")
        void slash(ProviderEndpoints endpoints) {
            SEEN.put("slash", Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("x")));
        }

        @Test
        @DisplayName("..")
        void dots(ProviderEndpoints endpoints) {
            SEEN.put("dots", Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("x")));
        }
    }

    @Test
    void makes_each_placeholder_one_file_name() throws Exception {
        Http.write(
                cassettes.resolve("asks a_b_ why_ _now_.json"),
                Http.cassette(MatchingBehaviourTest.ask("x"), "{\"n\": 1}"));
        Http.write(cassettes.resolve("_.json"), Http.cassette(MatchingBehaviourTest.ask("x"), "{\"n\": 2}"));

        Kit.run(OddDisplayNames.class, cassettes).testEvents().assertStatistics(s -> s.succeeded(2));

        assertThat(SEEN).containsEntry("slash", "200 {\"n\":1}").containsEntry("dots", "200 {\"n\":2}");
        try (var files = java.nio.file.Files.list(cassettes)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("asks a_b_ why_ _now_.json", "_.json");
        }
    }

    @Test
    void fails_when_two_test_classes_of_the_same_simple_name_would_share_cassettes() {
        var results = Kit.run(
                cassettes, Map.of(), ai.avaliar.recording.twins.a.Twin.class, ai.avaliar.recording.twins.b.Twin.class);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("asks"),
                                finishedWithFailure(
                                        instanceOf(ExtensionConfigurationException.class),
                                        message(
                                                "Test classes ai.avaliar.recording.twins.a.Twin and ai.avaliar.recording.twins.b.Twin"
                                                        + " have the same simple name, so they would share the cassettes "
                                                        + cassettes.resolve("Twin/{method}.json")
                                                        + " ({class} is the simple class name). Give one of them its own with"
                                                        + " @AvaliarRecording(cassette = \"{package}/{class}/{method}.json\"), or rename"
                                                        + " it."))));
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
    }

    @AvaliarRecording(cassette = "{package}/{class}/{method}.json")
    static class InItsPackage {
        @Test
        void asks(ProviderEndpoints endpoints) {
            SEEN.put("package", Http.post(endpoints.openai() + "/chat/completions", MatchingBehaviourTest.ask("x")));
        }
    }

    @Test
    void puts_cassettes_under_the_package_path_with_the_package_placeholder() {
        Http.write(
                cassettes.resolve("ai/avaliar/recording/ExtensionConfigurationTest$InItsPackage/asks.json"),
                Http.cassette(MatchingBehaviourTest.ask("x"), "{\"n\": 3}"));

        Kit.run(InItsPackage.class, cassettes).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(SEEN).containsEntry("package", "200 {\"n\":3}");
    }

    @AvaliarRecording
    static class ConstructorInjection {
        ConstructorInjection(ProviderEndpoints endpoints) {}

        @Test
        void never_runs() {}
    }

    @Test
    void refuses_to_inject_endpoints_outside_a_test_method() {
        Kit.run(ConstructorInjection.class, cassettes)
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("never_runs"),
                                finishedWithFailure(
                                        instanceOf(ParameterResolutionException.class),
                                        message(m -> m.startsWith(
                                                "ProviderEndpoints can only be injected into test methods and"
                                                        + " @BeforeEach/@AfterEach methods, because each test has its own"
                                                        + " cassette; it was requested by")))));
    }

    @Test
    void hands_out_per_test_base_urls_in_each_client_convention() {
        ProviderEndpoints endpoints = new ProviderEndpoints("http://127.0.0.1:1234/avaliar/7");

        assertThat(endpoints.openai()).isEqualTo("http://127.0.0.1:1234/avaliar/7/openai/v1");
        assertThat(endpoints.anthropic()).isEqualTo("http://127.0.0.1:1234/avaliar/7/anthropic");
        assertThat(endpoints.upstream("weather-api")).isEqualTo("http://127.0.0.1:1234/avaliar/7/weather-api");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoints.upstream("Weather API"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Upstream name 'Weather API' is not valid: use lower-case letters, digits and dashes,"
                        + " such as 'weather-api'.");
    }
}
