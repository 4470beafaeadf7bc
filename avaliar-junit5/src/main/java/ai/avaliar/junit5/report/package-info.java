/**
 * The report of a test run: at the end of every run, {@link ai.avaliar.junit5.report.AvaliarReportListener}
 * (a JUnit Platform listener found by {@code ServiceLoader}) writes {@code target/avaliar/report.html},
 * {@code traces.jsonl} and {@code summary.md}, and hands the run to publishing when it is configured.
 *
 * <pre>{@code
 * mvn test          # then open target/avaliar/report.html
 * }</pre>
 */
package ai.avaliar.junit5.report;
