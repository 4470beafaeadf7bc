package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.Avaliar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class DoubleRegistrationTest {

    @Test
    void an_extension_with_options_on_a_class_that_also_has_the_annotation_decides() {
        EngineExecutionResults results = Kit.run(Both.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void with_both_a_constructor_parameter_fails_with_the_clear_message_not_competing_resolvers() {
        EngineExecutionResults results = Kit.run(BothWithConstructorParameter.class);

        assertThat(Kit.failure(results, "test"))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("CapturedTraces belongs to one test: declare it as a parameter of a @Test, @BeforeEach or"
                        + " @AfterEach method, not of parameter [CapturedTraces traces] of the constructor.");
    }

    @Test
    void with_both_a_BeforeAll_parameter_fails_with_the_clear_message_not_competing_resolvers() {
        EngineExecutionResults results = Kit.run(BothWithBeforeAllParameter.class);

        Throwable failure = results.containerEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow())
                .findFirst()
                .orElseThrow();
        assertThat(failure)
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("CapturedTraces belongs to one test: declare it as a parameter of a @Test, @BeforeEach or"
                        + " @AfterEach method, not of parameter [CapturedTraces traces] of warmUp(...).");
    }

    // ---- fixtures ----

    @CaptureTraces
    static class BothWithConstructorParameter {
        @RegisterExtension
        static final AvaliarExtension avaliar =
                AvaliarExtension.builder().strict(false).build();

        BothWithConstructorParameter(CapturedTraces traces) {}

        @Test
        void test() {}
    }

    @CaptureTraces
    static class BothWithBeforeAllParameter {
        @RegisterExtension
        static final AvaliarExtension avaliar =
                AvaliarExtension.builder().strict(false).build();

        @org.junit.jupiter.api.BeforeAll
        static void warmUp(CapturedTraces traces) {}

        @Test
        void test() {}
    }

    @CaptureTraces
    static class Both {
        @RegisterExtension
        static final AvaliarExtension avaliar =
                AvaliarExtension.builder().strict(false).build();

        @Test
        void misuses_and_reads(CapturedTraces traces) {
            Avaliar.updateCurrentLlmRun(1, 2);
            Avaliar.tool("search").run(() -> {});
            assertThat(traces.single().root().name()).isEqualTo("search");
        }
    }
}
