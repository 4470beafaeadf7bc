/**
 * Trace snapshots: a trace's tree written once to a reviewable {@code .trace} file beside the test's
 * sources, and compared with it on every later run.
 *
 * <pre>{@code
 * assertThatTrace(trace).matchesSnapshot();   // src/test/resources/avaliar-snapshots/<Class>/<method>.trace
 * assertThatTrace(trace).matchesSnapshot(SnapshotOptions.defaults().with(SnapshotField.INPUTS).tokenTolerance(0.1));
 * }</pre>
 */
package ai.avaliar.assertions.snapshot;
