/**
 * Budgets: what one test ({@link ai.avaliar.junit5.budget.TraceBudget}) or a whole run
 * ({@link ai.avaliar.junit5.budget.RunBudget}) may spend in tokens, cost and llm calls.
 *
 * <pre>{@code
 * @Test
 * @TraceBudget(maxTokens = 2_000, maxCostUsd = 0.01)
 * void briefs(CapturedTraces traces) { ... }
 *
 * # junit-platform.properties
 * avaliar.budget.costUsd=0.50
 * }</pre>
 */
package ai.avaliar.junit5.budget;
