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
 * The rest of the module lives in packages named for what it does: {@code report} (the run's
 * report, written by {@link ai.avaliar.junit5.report.AvaliarReportListener}, which JUnit finds on
 * its own), {@code allure} (each test's traces as Allure attachments), {@code publish} (the traces
 * and the run sent to Avaliar or any OTLP backend, with the spool of what could not be sent) and
 * {@code internal} (configuration and the run-wide state they share; not for public use).
 */
package ai.avaliar.junit5;
