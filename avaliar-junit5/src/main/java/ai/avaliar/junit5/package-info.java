/**
 * The JUnit 5 extension of Avaliar: each test's own traces, captured in memory and injected.
 *
 * <pre>{@code
 * @CaptureTraces
 * class AgentTest {
 *     @Test
 *     void answers(CapturedTraces traces) {
 *         agent.answer("What's the weather?");
 *         Trace trace = traces.single();
 *     }
 * }
 * }</pre>
 *
 * <p>{@link ai.avaliar.junit5.AvaliarExtension} does the work, {@link ai.avaliar.junit5.CaptureTraces}
 * applies it, {@link ai.avaliar.junit5.CapturedTraces} is what a test reads.
 * {@link ai.avaliar.junit5.AvaliarReportListener}, found by JUnit on its own, writes the run's
 * report to {@code target/avaliar} when the run ends ({@code report.html}, {@code traces.jsonl}).
 */
package ai.avaliar.junit5;
