package ai.avaliar.assertions.snapshot;

import ai.avaliar.trace.internal.WholeFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .trace} file: comment lines starting with {@code #}, then the tree, one span per line,
 * inputs and outputs (when asked for) on lines of their own under their span.
 */
final class SnapshotFile {

    static final String INPUT = "input: ";
    static final String OUTPUT = "output: ";
    static final String EXTENSION = ".trace";

    private static final String TYPE = "\\((agent|tool|llm|generic)\\)";
    private static final Pattern ROOT = Pattern.compile("^\\S.*?  " + TYPE + "(  .*)?$");
    private static final Pattern BRANCH = Pattern.compile("^[ │]*[├└]── \\S.*?  " + TYPE + "(  .*)?$");
    private static final Pattern DETAIL = Pattern.compile("^[ │]*(input|output): .*$");
    private static final Pattern TOKENS = Pattern.compile("(\\d+|\\?)→(\\d+|\\?)" + SnapshotTree.TOKENS_SUFFIX);

    private SnapshotFile() {}

    /** The tree lines of a snapshot file, checked line by line. */
    static List<String> read(Path file) {
        List<String> all;
        try {
            all = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("The snapshot " + file + " is not UTF-8 text. " + REWRITE, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the snapshot " + file + ": " + e.getMessage(), e);
        }
        List<String> tree = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            boolean first = tree.isEmpty();
            if (!(ROOT.matcher(line).matches()
                    || !first
                            && (BRANCH.matcher(line).matches()
                                    || DETAIL.matcher(line).matches()))) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": this is not a line of a trace snapshot: \""
                        + line + "\". A line is a span, \"name  (type)  details\", drawn under its parent with ├── or"
                        + " └── (the first line is a root, without a branch), or an input: or output: line under its"
                        + " span. " + REWRITE);
            }
            tree.add(line);
        }
        if (tree.isEmpty()) {
            throw new IllegalStateException("The snapshot " + file + " holds no tree. " + REWRITE);
        }
        return tree;
    }

    static final String REWRITE = "Fix the file by hand, or delete it (or run with -D" + SnapshotScope.MODE
            + "=update) to write it again from the trace.";

    /** Writes the file whole or not at all, so parallel readers and an interrupted run never see half of it. */
    static void write(Path file, String title, List<String> tree) {
        StringBuilder text = new StringBuilder()
                .append("# Avaliar trace snapshot of ")
                .append(title)
                .append(". Review changes like code.\n")
                .append("# Written again with -D")
                .append(SnapshotScope.MODE)
                .append("=update; ids, times and cost are left out.\n");
        for (String line : tree) {
            text.append(line).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            WholeFiles.write(file, temp -> Files.writeString(temp, text, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the snapshot " + file + ": " + e, e);
        }
    }

    /**
     * Whether an actual line matches the snapshot's: the same text, but token counts may be off by
     * {@code tolerance} of the snapshot's count.
     */
    static boolean same(String expected, String actual, double tolerance) {
        if (expected.equals(actual)) {
            return true;
        }
        if (tolerance <= 0) {
            return false;
        }
        Matcher e = TOKENS.matcher(expected);
        Matcher a = TOKENS.matcher(actual);
        if (!e.find() || !a.find() || e.start() != a.start()) {
            return false;
        }
        return expected.substring(0, e.start()).equals(actual.substring(0, a.start()))
                && expected.substring(e.end()).equals(actual.substring(a.end()))
                && within(e.group(1), a.group(1), tolerance)
                && within(e.group(2), a.group(2), tolerance);
    }

    private static boolean within(String expected, String actual, double tolerance) {
        if (expected.equals("?") || actual.equals("?")) {
            return expected.equals(actual);
        }
        long e = Long.parseLong(expected);
        long a = Long.parseLong(actual);
        return Math.abs(a - e) <= tolerance * e;
    }
}
