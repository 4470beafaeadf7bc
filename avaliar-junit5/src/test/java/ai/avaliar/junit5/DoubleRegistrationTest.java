package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.trace.Avaliar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class DoubleRegistrationTest {

    @Test
    void an_extension_with_options_on_a_class_that_also_has_the_annotation_decides() {
        EngineExecutionResults results = Kit.run(Both.class);

        Kit.assertAllPassed(results, 1);
    }

    // ---- fixture ----

    @CaptureTraces
    static class Both {
        @RegisterExtension
        static final AvaliarExtension avaliar = AvaliarExtension.builder().strict(false).build();

        @Test
        void misuses_and_reads(CapturedTraces traces) {
            Avaliar.updateCurrentLlmRun(1, 2);
            Avaliar.tool("search").run(() -> {});
            assertThat(traces.single().root().name()).isEqualTo("search");
        }
    }
}
