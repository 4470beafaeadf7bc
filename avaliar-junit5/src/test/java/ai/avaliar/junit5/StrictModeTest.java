package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.Avaliar;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class StrictModeTest {

    private static final String MISUSE = "USAGE_OUTSIDE_LLM_SPAN: updateCurrentLlmRun(...) was called with no Avaliar"
            + " span current; call it from inside an llm span (Avaliar.llm(...).call(...) or a @Traceable(type = LLM)"
            + " method). On another thread? Carry the context with Avaliar.propagating(executor).";

    @Test
    void misuse_inside_a_test_fails_it_with_the_reason() {
        EngineExecutionResults results = Kit.run(Misusing.class);

        assertThat(Kit.failure(results, "records_tokens_outside_an_llm_span"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Avaliar strict mode: this test misused the tracing SDK (set avaliar.strict=false to only"
                        + " log it):\n  - " + MISUSE);
    }

    @Test
    void misuse_on_a_thread_the_test_context_was_carried_to_fails_the_test() {
        EngineExecutionResults results = Kit.run(MisusingOnAPool.class);

        assertThat(Kit.failure(results, "misuses_on_a_pool")).hasMessageEndingWith(MISUSE);
    }

    @Test
    void misuse_inside_a_tool_span_names_the_span() {
        EngineExecutionResults results = Kit.run(MisusingInATool.class);

        assertThat(Kit.failure(results, "records_tokens_in_a_tool"))
                .hasMessage("Avaliar strict mode: this test misused the tracing SDK (set avaliar.strict=false to only"
                        + " log it):\n  - USAGE_OUTSIDE_LLM_SPAN: updateCurrentLlmRun(...) was called inside tool span"
                        + " 'search'; token counts belong to llm spans. Call it from inside the llm span.");
    }

    @Test
    void a_span_closed_twice_fails_the_test() {
        EngineExecutionResults results = Kit.run(ClosingTwice.class);

        assertThat(Kit.failure(results, "closes_twice"))
                .hasMessage("Avaliar strict mode: this test misused the tracing SDK (set avaliar.strict=false to only"
                        + " log it):\n  - SPAN_ENDED_TWICE: span 'step' was closed twice; close an OpenSpan once, best"
                        + " with try-with-resources.");
    }

    @Test
    void a_test_that_fails_by_itself_keeps_its_failure_and_carries_the_misuse_as_suppressed() {
        EngineExecutionResults results = Kit.run(MisusingAndFailing.class);

        Throwable failure = Kit.failure(results, "fails_after_misuse");
        assertThat(failure).hasMessage("the test's own failure");
        assertThat(failure.getSuppressed())
                .singleElement()
                .satisfies(s -> assertThat(s).hasMessageEndingWith(MISUSE));
    }

    @Test
    void misuse_in_a_dynamic_test_fails_that_dynamic_test_only() {
        EngineExecutionResults results = Kit.run(MisusingInADynamicTest.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(Kit.failure(results, "misuses"))
                .hasMessage("Avaliar strict mode: this test misused the tracing SDK (set avaliar.strict=false to only"
                        + " log it):\n  - " + MISUSE);
    }

    @Test
    void misuse_inside_assertTimeoutPreemptively_fails_the_test() {
        EngineExecutionResults results = Kit.run(MisusingInATimeout.class);

        assertThat(Kit.failure(results, "misuses_on_the_timeout_thread"))
                .hasMessage("Avaliar strict mode: this test misused the tracing SDK (set avaliar.strict=false to only"
                        + " log it):\n  - " + MISUSE);
    }

    @Test
    void with_strict_off_misuse_is_only_logged() {
        EngineExecutionResults results = Kit.run(Misusing.class, Map.of("avaliar.strict", "false"));

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void the_builder_turns_strict_off_over_the_configuration() {
        EngineExecutionResults results = Kit.run(NotStrict.class, Map.of("avaliar.strict", "true"));

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void misuse_in_BeforeAll_belongs_to_no_test_and_fails_nothing() {
        EngineExecutionResults results = Kit.run(MisusingInBeforeAll.class);

        Kit.assertAllPassed(results, 1);
    }

    @Test
    void a_wrong_strict_value_is_a_configuration_error() {
        EngineExecutionResults results = Kit.run(Clean.class, Map.of("avaliar.strict", "yes"));

        assertThat(Kit.failure(results, "test"))
                .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessage("avaliar.strict = 'yes' is neither true nor false");
    }

    // ---- fixtures ----

    @ExtendWith(AvaliarExtension.class)
    static class Misusing {
        @Test
        void records_tokens_outside_an_llm_span() {
            Avaliar.updateCurrentLlmRun(1, 2);
        }
    }

    @ExtendWith(AvaliarExtension.class)
    static class MisusingOnAPool {
        private final ExecutorService pool = Avaliar.propagating(Executors.newSingleThreadExecutor());

        @AfterEach
        void stop() {
            pool.shutdownNow();
        }

        @Test
        void misuses_on_a_pool() {
            CompletableFuture.runAsync(() -> Avaliar.updateCurrentLlmRun(1, 2), pool)
                    .join();
        }
    }

    @ExtendWith(AvaliarExtension.class)
    static class MisusingInATool {
        @Test
        void records_tokens_in_a_tool() {
            Avaliar.tool("search").run(() -> Avaliar.updateCurrentLlmRun(1, 2));
        }
    }

    @ExtendWith(AvaliarExtension.class)
    static class ClosingTwice {
        @Test
        void closes_twice() {
            ai.avaliar.trace.OpenSpan span = Avaliar.generic("step").start();
            span.close();
            span.close();
        }
    }

    @ExtendWith(AvaliarExtension.class)
    static class MisusingAndFailing {
        @Test
        void fails_after_misuse() {
            Avaliar.updateCurrentLlmRun(1, 2);
            throw new AssertionError("the test's own failure");
        }
    }

    static class NotStrict {
        @RegisterExtension
        static final AvaliarExtension avaliar =
                AvaliarExtension.builder().strict(false).build();

        @Test
        void records_tokens_outside_an_llm_span() {
            Avaliar.updateCurrentLlmRun(1, 2);
        }
    }

    @CaptureTraces
    static class MisusingInADynamicTest {
        @org.junit.jupiter.api.TestFactory
        java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> factory() {
            return java.util.stream.Stream.of(
                    org.junit.jupiter.api.DynamicTest.dynamicTest(
                            "clean", () -> Avaliar.tool("t").run(() -> {})),
                    org.junit.jupiter.api.DynamicTest.dynamicTest("misuses", () -> Avaliar.updateCurrentLlmRun(1, 2)));
        }
    }

    @CaptureTraces
    static class MisusingInATimeout {
        @Test
        void misuses_on_the_timeout_thread() {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(5), () -> Avaliar.updateCurrentLlmRun(1, 2));
        }
    }

    @CaptureTraces
    static class MisusingInBeforeAll {
        @org.junit.jupiter.api.BeforeAll
        static void misuse() {
            Avaliar.updateCurrentLlmRun(1, 2);
        }

        @Test
        void test() {}
    }

    @CaptureTraces
    static class Clean {
        @Test
        void test(CapturedTraces traces) {
            Avaliar.llm("answer").model("gpt-4o").provider("openai").run(() -> Avaliar.updateCurrentLlmRun(3, 4));
            assertThat(traces.single().root().inputTokens()).hasValue(3);
        }
    }
}
