package ai.avaliar.assertions.snapshot;

import ai.avaliar.assertions.internal.LineDiff;
import ai.avaliar.trace.data.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares a trace with its snapshot file, writing the file when it is missing or to be updated:
 * the work behind {@code TraceAssert.matchesSnapshot}. Linear in the number of spans when the trace
 * matches; a mismatch adds a line diff, bounded by {@link LineDiff#MAX_CELLS}.
 *
 * <pre>{@code
 * Optional<String> failure = SnapshotCheck.check(trace, SnapshotOptions.defaults(), null);
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class SnapshotCheck {

    /** Where a written snapshot is said: the build log, as every other message of Avaliar. */
    private static final System.Logger LOG = System.getLogger("ai.avaliar.assertions");

    static final String NO_TEST = "matchesSnapshot() needs to know which test it runs in, to name the snapshot"
            + " file, and none is known on this thread. Add @ExtendWith(AvaliarExtension.class) (avaliar-junit5)"
            + " to the test class and assert on the test's own thread, or use matchesSnapshot(Path) with a file.";

    private static final int CONTEXT = 3;

    private SnapshotCheck() {}

    /**
     * Checks {@code trace} against its snapshot.
     *
     * @param trace the trace
     * @param options fields, tolerance and name
     * @param file the snapshot file, or null for the current test's
     * @return the failure message, or empty when the trace matches (or its snapshot was written)
     */
    public static Optional<String> check(Trace trace, SnapshotOptions options, Path file) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(options, "options");
        Optional<SnapshotScope> current = SnapshotScope.current();
        SnapshotScope scope;
        Path path;
        if (file == null) {
            scope = current.orElseThrow(() -> new IllegalStateException(NO_TEST));
            path = scope.next(options.name());
        } else {
            scope = current.orElseGet(() -> SnapshotScope.forFile(file));
            path = scope.use(file);
        }
        List<String> actual = SnapshotTree.lines(trace, options);
        boolean exists = Files.exists(path);
        if (scope.mode() == SnapshotScope.Mode.UPDATE || !exists && scope.mode() == SnapshotScope.Mode.AUTO) {
            if (!exists || !SnapshotFile.read(path).equals(actual)) {
                SnapshotFile.write(path, scope.title(), actual);
                LOG.log(System.Logger.Level.INFO, "Avaliar: wrote the snapshot {0}", path.toAbsolutePath());
            }
            return Optional.empty();
        }
        if (!exists) {
            return Optional.of("There is no snapshot " + path.toAbsolutePath() + ", and it is not written because "
                    + (SnapshotScope.MODE + " is verify or CI=true") + ": a missing snapshot would pass unreviewed."
                    + " Run the test locally (or with -D" + SnapshotScope.MODE + "=update) and commit the file."
                    + "\nThe trace:\n" + String.join("\n", actual));
        }
        List<String> expected = SnapshotFile.read(path);
        if (matches(expected, actual, options.tokenTolerance())) {
            return Optional.empty();
        }
        return Optional.of("The trace does not match its snapshot " + path.toAbsolutePath() + ":\n"
                + unifiedDiff(
                        expected,
                        actual,
                        options.tokenTolerance(),
                        path.getFileName().toString())
                + "If the change is intended, run with -D" + SnapshotScope.MODE
                + "=update and review the file's diff before committing it.");
    }

    static boolean matches(List<String> expected, List<String> actual, double tolerance) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!SnapshotFile.same(expected.get(i), actual.get(i), tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** A unified diff (3 lines of context) of the snapshot's tree and the trace's. */
    static String unifiedDiff(List<String> expected, List<String> actual, double tolerance, String name) {
        List<LineDiff.Edit> edits =
                LineDiff.diff(expected, actual, (e, a) -> SnapshotFile.same(e, a, tolerance), LineDiff.MAX_CELLS);
        StringBuilder out = new StringBuilder("--- ")
                .append(name)
                .append(" (snapshot)\n+++ ")
                .append(name)
                .append(" (actual trace)\n");
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == LineDiff.Op.SAME) {
                i++;
                continue;
            }
            int from = Math.max(0, i - CONTEXT);
            int lastChange = i;
            // One hunk while the lines between two changes are at most twice the context.
            for (int j = i + 1; j < edits.size() && j - lastChange <= 2 * CONTEXT; j++) {
                if (edits.get(j).op() != LineDiff.Op.SAME) {
                    lastChange = j;
                }
            }
            int to = Math.min(edits.size(), lastChange + CONTEXT + 1);
            appendHunk(out, edits.subList(from, to), expected, actual);
            i = to;
        }
        return out.toString();
    }

    private static void appendHunk(
            StringBuilder out, List<LineDiff.Edit> hunk, List<String> expected, List<String> actual) {
        int expectedStart = -1;
        int actualStart = -1;
        int expectedCount = 0;
        int actualCount = 0;
        for (LineDiff.Edit edit : hunk) {
            if (edit.expected() >= 0) {
                expectedStart = expectedStart < 0 ? edit.expected() : expectedStart;
                expectedCount++;
            }
            if (edit.actual() >= 0) {
                actualStart = actualStart < 0 ? edit.actual() : actualStart;
                actualCount++;
            }
        }
        out.append("@@ -")
                .append(expectedStart + 1)
                .append(',')
                .append(expectedCount)
                .append(" +")
                .append(actualStart + 1)
                .append(',')
                .append(actualCount)
                .append(" @@\n");
        for (LineDiff.Edit edit : hunk) {
            switch (edit.op()) {
                case SAME -> out.append(' ').append(actual.get(edit.actual()));
                case REMOVED -> out.append('-').append(expected.get(edit.expected()));
                case ADDED -> out.append('+').append(actual.get(edit.actual()));
            }
            out.append('\n');
        }
    }
}
