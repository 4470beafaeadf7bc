package ai.avaliar.junit5.budget;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits of what one test's traces may spend: tokens, cost and llm calls, added up over every trace
 * the test made. Checked by {@code AvaliarExtension} after the test; a test over its budget fails
 * with what it spent. On a class, it applies to each of its tests; a method's own annotation wins.
 *
 * <pre>{@code
 * @Test
 * @TraceBudget(maxTokens = 2_000, maxCostUsd = 0.01, maxLlmCalls = 3)
 * void briefs_within_budget(CapturedTraces traces) {
 *     agent.morningBriefing("Lisbon");
 * }
 * }</pre>
 *
 * <p>For a budget of the whole run, see {@link RunBudget}.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface TraceBudget {

    /**
     * Input plus output tokens of the test's llm calls.
     *
     * @return the limit; negative for none
     */
    long maxTokens() default -1;

    /**
     * Cost of the test's llm calls in US dollars.
     *
     * @return the limit; negative for none
     */
    double maxCostUsd() default -1;

    /**
     * Number of llm calls (an llm span inside another counts once).
     *
     * @return the limit; negative for none
     */
    long maxLlmCalls() default -1;
}
