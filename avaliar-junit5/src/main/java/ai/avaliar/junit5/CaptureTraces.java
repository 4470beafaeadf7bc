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
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AvaliarExtension.class)
public @interface CaptureTraces {}
