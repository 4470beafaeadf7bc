package ai.avaliar.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Captures each test's traces with {@link AvaliarExtension}: the same as
 * {@code @ExtendWith(AvaliarExtension.class)}, on a test class, a test method or your own
 * composed annotation.
 *
 * <pre>{@code
 * @CaptureTraces
 * class MorningBriefingTest {
 *
 *     @Test
 *     void synthesizes_with_gpt_4o(CapturedTraces traces) {
 *         agent.morningBriefing("Lisbon");
 *         assertThat(traces.single().span("morning_briefing/synthesize").orElseThrow().model())
 *                 .contains("gpt-4o");
 *     }
 * }
 * }</pre>
 *
 * <p>{@code @CaptureTraces(registerGlobal = true)} also registers the tests' SDK as
 * {@code GlobalOpenTelemetry}, so an app that traces through it (a LangChain4j listener, a library
 * instrumented by OpenTelemetry) is captured in the same trees, as {@code avaliar.registerGlobal}
 * does for every test.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AvaliarExtension.class)
public @interface CaptureTraces {

    /**
     * Registers the tests' SDK as {@code GlobalOpenTelemetry} (never replacing one someone else
     * set); {@code false} leaves it to the configuration parameter {@code avaliar.registerGlobal}.
     *
     * @return whether to register the tests' SDK as the global one
     */
    boolean registerGlobal() default false;
}
