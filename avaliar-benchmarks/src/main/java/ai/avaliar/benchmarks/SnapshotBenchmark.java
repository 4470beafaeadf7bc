package ai.avaliar.benchmarks;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;

import ai.avaliar.trace.data.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code matchesSnapshot(Path)} on traces that match their files: rendering the tree in the
 * snapshot's stable order, reading the file, comparing line by line. {@code suite}: 10,000 traces of
 * 10 spans (100,000 spans) against 10,000 files, the whole suite per operation; {@code oneTrace}:
 * one trace of {@code spans} spans, to show that time per span stays flat. The trees are
 * {@link TraceBenchmark}'s, whose siblings all overlap in time: every family is sorted, the worst
 * case of the stable order.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Benchmark)
public class SnapshotBenchmark {

    static final int SUITE_TRACES = 10_000;

    @Param({"1000", "10000", "100000"})
    public int spans;

    private Path dir;
    private List<Trace> suite;
    private List<Path> suiteFiles;
    private Trace big;
    private Path bigFile;

    @Setup(Level.Trial)
    public void writeSnapshots() throws IOException {
        dir = Files.createTempDirectory("avaliar-snapshot-benchmark");
        // Written whatever the environment (CI=true would only verify).
        System.setProperty("avaliar.snapshots", "update");
        big = Trace.of(TraceBenchmark.tree(spans)).get(0);
        bigFile = dir.resolve("big.trace");
        assertThatTrace(big).matchesSnapshot(bigFile);
        suite = new ArrayList<>(SUITE_TRACES);
        suiteFiles = new ArrayList<>(SUITE_TRACES);
        List<Trace> ten = new ArrayList<>();
        for (int i = 0; i < SUITE_TRACES; i++) {
            if (ten.isEmpty()) {
                // 100 different trees of 10 spans, reused: building 10,000 SDKs would only slow the setup
                for (int k = 0; k < 100; k++) {
                    ten.add(Trace.of(TraceBenchmark.tree(10)).get(0));
                }
            }
            Trace trace = ten.get(i % ten.size());
            Path file = dir.resolve("suite-" + i + ".trace");
            assertThatTrace(trace).matchesSnapshot(file);
            suite.add(trace);
            suiteFiles.add(file);
        }
        System.clearProperty("avaliar.snapshots");
    }

    @TearDown(Level.Trial)
    public void deleteSnapshots() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public int oneTrace() {
        assertThatTrace(big).matchesSnapshot(bigFile);
        return spans;
    }

    /** The suite; the same for every {@code spans}, run once per value only to keep one class. */
    @Benchmark
    public int suite() {
        for (int i = 0; i < SUITE_TRACES; i++) {
            assertThatTrace(suite.get(i)).matchesSnapshot(suiteFiles.get(i));
        }
        return SUITE_TRACES;
    }
}
