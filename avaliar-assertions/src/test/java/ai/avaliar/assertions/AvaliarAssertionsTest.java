package ai.avaliar.assertions;

import static ai.avaliar.assertions.AvaliarAssertions.SPAN;
import static ai.avaliar.assertions.AvaliarAssertions.TRACE;
import static ai.avaliar.assertions.Trees.MORNING;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ai.avaliar.trace.data.Trace;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvaliarAssertionsTest {

    @Test
    void entry_points_start_trace_and_span_assertions() {
        AvaliarAssertions.assertThat(MORNING).hasRoot("morning_briefing");
        AvaliarAssertions.assertThatTrace(MORNING).hasRoot("morning_briefing");
        AvaliarAssertions.assertThat(MORNING.root()).isAgent();
        AvaliarAssertions.assertThatSpan(MORNING.root()).isAgent();
    }

    @Test
    void instance_of_factories_work_with_extracting_and_navigation() {
        assertThat((Object) MORNING).asInstanceOf(TRACE).hasSpanCount(4);
        assertThat(List.of(MORNING)).first(as(TRACE)).hasChild("synthesize");
        assertThat(MORNING.spans()).element(3, as(SPAN)).isLlm().hasModel("gpt-4o");
        assertThat(Map.of("briefing", MORNING))
                .extractingByKey("briefing", as(TRACE))
                .hasLlmCallCount(1);
    }

    @Test
    void instance_of_factory_fails_on_another_type() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThat((Object) "not a trace").asInstanceOf(TRACE))
                .withMessageContaining("to be an instance of:\n  ai.avaliar.trace.data.Trace");
    }

    @Test
    void assert_classes_can_be_proxied_for_soft_assertions() {
        for (Class<?> type : List.of(TraceAssert.class, SpanAssert.class)) {
            assertThat(Modifier.isFinal(type.getModifiers()))
                    .as("%s is final", type)
                    .isFalse();
            assertThat(Arrays.stream(type.getDeclaredMethods())
                            .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isFinal(m.getModifiers()))
                            .map(Method::getName))
                    .as("final public methods of %s", type)
                    .isEmpty();
        }
        assertThat(TraceAssert.class.getConstructors())
                .anyMatch(c -> Arrays.equals(c.getParameterTypes(), new Class<?>[] {Trace.class}));
        assertThat(SpanAssert.class.getConstructors())
                .anyMatch(c -> Arrays.equals(
                        c.getParameterTypes(), new Class<?>[] {ai.avaliar.trace.data.CapturedSpan.class}));
    }
}
