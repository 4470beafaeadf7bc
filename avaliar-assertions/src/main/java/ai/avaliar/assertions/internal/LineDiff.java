package ai.avaliar.assertions.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A line diff (longest common subsequence) of two lists of lines, the one diff of the assertions:
 * {@code hasShape} prints it whole, a snapshot mismatch as unified hunks.
 *
 * <pre>{@code
 * List<LineDiff.Edit> edits = LineDiff.diff(expected, actual, String::equals, LineDiff.MAX_CELLS);
 * }</pre>
 *
 * <p>Lines both lists start and end with are paired without a table, so a diff of two long trees
 * that differ in one place costs time in their length only. When what remains between would need
 * a table of more than {@code maxCells} cells, its expected lines are listed as removed and its
 * actual lines as added.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class LineDiff {

    /** The most cells of the table a diff fills; beyond it, differing lines are listed plainly. */
    public static final long MAX_CELLS = 1_000_000;

    /** What happened to a line. */
    public enum Op {
        /** In both lists. */
        SAME,
        /** Only in the expected list. */
        REMOVED,
        /** Only in the actual list. */
        ADDED
    }

    /**
     * One line of the diff.
     *
     * @param op what happened to it
     * @param expected its index in the expected list, or -1 when added
     * @param actual its index in the actual list, or -1 when removed
     */
    public record Edit(Op op, int expected, int actual) {}

    private LineDiff() {}

    /**
     * The edits that turn {@code expected} into {@code actual}, in order.
     *
     * @param expected the expected lines
     * @param actual the actual lines
     * @param same whether an expected line matches an actual one
     * @param maxCells the most cells of the table to fill
     * @param <E> expected line type
     * @param <A> actual line type
     * @return the edits
     */
    public static <E, A> List<Edit> diff(List<E> expected, List<A> actual, BiPredicate<E, A> same, long maxCells) {
        List<Edit> edits = new ArrayList<>(Math.max(expected.size(), actual.size()));
        int start = 0;
        while (start < expected.size() && start < actual.size() && same.test(expected.get(start), actual.get(start))) {
            edits.add(new Edit(Op.SAME, start, start));
            start++;
        }
        int end = 0;
        while (end < expected.size() - start
                && end < actual.size() - start
                && same.test(expected.get(expected.size() - 1 - end), actual.get(actual.size() - 1 - end))) {
            end++;
        }
        int n = expected.size() - start - end;
        int m = actual.size() - start - end;
        if ((long) (n + 1) * (m + 1) > maxCells) {
            for (int i = 0; i < n; i++) {
                edits.add(new Edit(Op.REMOVED, start + i, -1));
            }
            for (int j = 0; j < m; j++) {
                edits.add(new Edit(Op.ADDED, -1, start + j));
            }
        } else {
            int[][] lcs = new int[n + 1][m + 1];
            for (int i = n - 1; i >= 0; i--) {
                for (int j = m - 1; j >= 0; j--) {
                    lcs[i][j] = same.test(expected.get(start + i), actual.get(start + j))
                            ? lcs[i + 1][j + 1] + 1
                            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < n || j < m) {
                if (i < n && j < m && same.test(expected.get(start + i), actual.get(start + j))) {
                    edits.add(new Edit(Op.SAME, start + i++, start + j++));
                } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                    edits.add(new Edit(Op.REMOVED, start + i++, -1));
                } else {
                    edits.add(new Edit(Op.ADDED, -1, start + j++));
                }
            }
        }
        for (int k = end; k > 0; k--) {
            edits.add(new Edit(Op.SAME, expected.size() - k, actual.size() - k));
        }
        return edits;
    }
}
