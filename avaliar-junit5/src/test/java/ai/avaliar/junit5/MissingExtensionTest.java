package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.internal.MissingExtensionListener;
import ai.avaliar.junit5.report.ReportRun;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.data.Trace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** A parameter of Avaliar's on a class without its extension: the failure says what to add. */
class MissingExtensionTest {

    private static final String FIX_FOR_CAPTURED_TRACES = "CapturedTraces is injected by AvaliarExtension, which is"
            + " not registered for this test: annotate the test class with @CaptureTraces"
            + " (ai.avaliar.junit5.CaptureTraces) or @ExtendWith(AvaliarExtension.class), or register it in a field:"
            + " @RegisterExtension static AvaliarExtension avaliar = AvaliarExtension.builder().build(). To register"
            + " it for every test class, set junit.jupiter.extensions.autodetection.enabled=true in"
            + " junit-platform.properties (on JUnit 5.12 or later, with"
            + " junit.jupiter.extensions.autodetection.include=ai.avaliar.junit5.AvaliarExtension so that no other"
            + " extension on the class path is registered with it).";

    @TempDir
    Path dir;

    @Test
    void a_CapturedTraces_parameter_without_the_extension_fails_naming_the_annotation_to_add() {
        TestExecutionSummary summary = ReportRun.run(dir, Map.of(), true, WithoutExtension.class);

        assertThat(summary.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getException())
                    .isInstanceOf(ParameterResolutionException.class)
                    .hasMessageStartingWith("No ParameterResolver registered for parameter"
                            + " [ai.avaliar.junit5.CapturedTraces traces]");
            assertThat(failure.getException().getSuppressed())
                    .singleElement()
                    .satisfies(fix -> assertThat(fix)
                            .isInstanceOf(ExtensionConfigurationException.class)
                            .hasMessage(FIX_FOR_CAPTURED_TRACES));
        });
    }

    @Test
    void a_Trace_parameter_of_an_AfterEach_method_gets_the_same_fix() {
        TestExecutionSummary summary = ReportRun.run(dir, Map.of(), true, TraceWithoutExtension.class);

        assertThat(summary.getFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getException().getSuppressed())
                        .singleElement()
                        .satisfies(fix ->
                                assertThat(fix).hasMessageStartingWith("Trace is injected by AvaliarExtension,")));
    }

    @Test
    void other_failures_get_no_fix() {
        assertThat(MissingExtensionListener.fix(new ParameterResolutionException(
                        "No ParameterResolver registered for parameter [java.lang.String name] in method [void t()].")))
                .isEmpty();
        assertThat(MissingExtensionListener.fix(new AssertionError("No ParameterResolver registered for parameter"
                        + " [ai.avaliar.junit5.CapturedTraces traces]")))
                .isEmpty();
    }

    @Test
    void the_recording_parameter_names_its_own_annotation() {
        assertThat(MissingExtensionListener.fix(new ParameterResolutionException("No ParameterResolver registered for"
                        + " parameter [ai.avaliar.recording.ProviderEndpoints endpoints] in method [void t()].")))
                .hasValueSatisfying(fix -> assertThat(fix).contains("@AvaliarRecording"));
    }

    @Test
    void with_JUnit_autodetection_on_every_test_class_is_captured_without_the_annotation() {
        Kit.assertAllPassed(
                Kit.run(WithoutExtension.class, Map.of("junit.jupiter.extensions.autodetection.enabled", "true")), 1);
    }

    @Test
    void autodetection_and_the_annotation_together_capture_each_span_once() {
        Kit.assertAllPassed(
                Kit.run(CaptureTest.Passing.class, Map.of("junit.jupiter.extensions.autodetection.enabled", "true")),
                1);
    }

    // ---- fixtures ----

    static class WithoutExtension {
        @Test
        void traces_a_tool(CapturedTraces traces) {
            Avaliar.tool("lookup").call(() -> "x");
            assertThat(traces.single().root().name()).isEqualTo("lookup");
        }
    }

    static class TraceWithoutExtension {
        @Test
        void traces_a_tool() {
            Avaliar.tool("lookup").call(() -> "x");
        }

        @AfterEach
        void check(Trace trace) {}
    }
}
