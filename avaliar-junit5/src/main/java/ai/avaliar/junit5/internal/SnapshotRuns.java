package ai.avaliar.junit5.internal;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The snapshots each test used, kept until its test plan's listener asks which snapshot files no
 * test used: the extension and the report listener meet here, as they do in {@link TestRunSpans}.
 *
 * <p>A file is obsolete when the method it is named after is no longer in its class, or when that
 * method ran in this plan, passed in every invocation, and used other files. Files of tests that
 * did not run (a filtered run) or failed are never listed.
 *
 * <pre>{@code
 * SnapshotRuns.record(testId, MyTest.class, "answers", directory, filesUsed, true);
 * List<Path> unused = SnapshotRuns.obsolete(id -> true);
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class SnapshotRuns {

    /** One test's (or invocation's) snapshots. */
    private record Used(
            String testId, Class<?> testClass, String method, Path directory, Set<Path> files, boolean passed) {}

    private static final ConcurrentLinkedQueue<Used> USED = new ConcurrentLinkedQueue<>();
    /**
     * Whether each test directory had a snapshot directory when its first test ended; asked once:
     * a test that writes one later is recorded by the files it used.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Boolean> HAS_SNAPSHOTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private SnapshotRuns() {}

    public static void record(
            String testId, Class<?> testClass, String method, Path directory, Set<Path> files, boolean passed) {
        if (files.isEmpty() && !HAS_SNAPSHOTS.computeIfAbsent(directory, Files::isDirectory)) {
            return; // no snapshot here, used or not: nothing can be obsolete, and nothing is kept per test
        }
        USED.add(new Used(testId, testClass, method, directory, Set.copyOf(files), passed));
    }

    /** The obsolete snapshot files in the directories of the tests {@code inPlan} accepts; forgets those tests. */
    public static List<Path> obsolete(Predicate<String> inPlan) {
        Map<Path, List<Used>> byDirectory = new HashMap<>();
        for (Iterator<Used> it = USED.iterator(); it.hasNext(); ) {
            Used used = it.next();
            if (inPlan.test(used.testId())) {
                byDirectory
                        .computeIfAbsent(used.directory(), key -> new ArrayList<>())
                        .add(used);
                it.remove();
            }
        }
        Set<Path> obsolete = new TreeSet<>();
        byDirectory.forEach((directory, uses) -> obsolete.addAll(obsoleteIn(directory, uses)));
        return new ArrayList<>(obsolete);
    }

    private static List<Path> obsoleteIn(Path directory, List<Used> uses) {
        Set<Path> used = new HashSet<>();
        Map<String, Boolean> passed = new HashMap<>();
        for (Used use : uses) {
            use.files().forEach(file -> used.add(file.toAbsolutePath().normalize()));
            passed.merge(use.method(), use.passed(), Boolean::logicalAnd);
        }
        Set<String> methods = new HashSet<>();
        for (Method method : uses.get(0).testClass().getDeclaredMethods()) {
            methods.add(method.getName());
        }
        List<Path> obsolete = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return obsolete;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().endsWith(".trace"))
                    .filter(file -> !used.contains(file.toAbsolutePath().normalize()))
                    .forEach(file -> {
                        String method = methodOf(file.getFileName().toString());
                        if (!methods.contains(method) || Boolean.TRUE.equals(passed.get(method))) {
                            obsolete.add(file);
                        }
                    });
        } catch (IOException e) {
            // unreadable: nothing to list
        }
        return obsolete;
    }

    /** {@code answers[2]#2.named.trace} → {@code answers}. */
    static String methodOf(String fileName) {
        int end = fileName.length();
        for (char stop : new char[] {'[', '#', '.'}) {
            int at = fileName.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return fileName.substring(0, end);
    }
}
