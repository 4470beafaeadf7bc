/**
 * The report against a baseline: an earlier run's {@code traces.jsonl}, named by
 * {@code avaliar.report.baseline}, compared test by test.
 *
 * <pre>{@code
 * mvn verify -Davaliar.report.baseline=baseline/traces.jsonl
 * }</pre>
 */
package ai.avaliar.junit5.report.baseline;
