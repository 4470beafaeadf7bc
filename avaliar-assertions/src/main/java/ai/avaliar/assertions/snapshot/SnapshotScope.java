package ai.avaliar.assertions.snapshot;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The test that {@code matchesSnapshot()} runs in: where its snapshots live, what they are called
 * and whether they may be written. The JUnit extension of avaliar-junit5 makes one per test and
 * activates it on the thread that runs the test's methods; other test frameworks can do the same.
 *
 * <pre>{@code
 * SnapshotScope scope = SnapshotScope.forTest(MyTest.class, "answers[2]", System::getProperty);
 * try (SnapshotScope.Activation ignored = scope.activate()) {
 *     assertThatTrace(trace).matchesSnapshot();   // src/test/resources/avaliar-snapshots/MyTest/answers[2].trace
 * }
 * }</pre>
 *
 * <p>Settings: {@code avaliar.snapshots} is {@code update} (write every snapshot again from the
 * trace), {@code verify} (never write one: a missing snapshot fails), or {@code auto}, the default
 * (a missing snapshot is written and the test passes, unless the environment variable {@code CI}
 * is {@code true}: then it fails). {@code avaliar.snapshots.dir} is the directory that holds a
 * folder per test class; by default {@code src/test/resources/avaliar-snapshots} of the module
 * whose {@code target/test-classes} (Maven) or {@code build/classes/<language>/test} (Gradle) the
 * test class was loaded from, else of the working directory.
 *
 * @since 0.1.0
 */
public final class SnapshotScope {

    /** The setting that says whether snapshots are written: {@code auto}, {@code update} or {@code verify}. */
    public static final String MODE = "avaliar.snapshots";
    /** The setting that names the directory of the snapshots. */
    public static final String DIR = "avaliar.snapshots.dir";

    static final String DEFAULT_DIR = "src/test/resources/avaliar-snapshots";

    private static final ThreadLocal<SnapshotScope> CURRENT = new ThreadLocal<>();

    /** Whether a missing or different snapshot is written. */
    enum Mode {
        AUTO,
        UPDATE,
        VERIFY
    }

    private final String title;
    private final Path directory;
    private final String testName;
    private final Mode mode;
    private final Map<String, Integer> uses = new HashMap<>();
    private final Set<Path> used = new LinkedHashSet<>();

    private SnapshotScope(String title, Path directory, String testName, Mode mode) {
        this.title = title;
        this.directory = directory;
        this.testName = testName;
        this.mode = mode;
    }

    /**
     * The scope of one test (one invocation of a parameterized or repeated test).
     *
     * @param testClass the test class
     * @param testName the file name of its first snapshot without {@code .trace}: the method's name,
     *     with the invocation index of a test template or dynamic test, as in {@code answers[2]}
     * @param settings the settings {@code avaliar.snapshots} and {@code avaliar.snapshots.dir}, such as
     *     JUnit's configuration parameters
     * @return the scope, not yet active
     */
    public static SnapshotScope forTest(
            Class<?> testClass, String testName, Function<String, Optional<String>> settings) {
        String className = testClass
                .getName()
                .substring(
                        testClass.getPackageName().isEmpty()
                                ? 0
                                : testClass.getPackageName().length() + 1);
        Path root = settings.apply(DIR)
                .map(String::trim)
                .filter(dir -> !dir.isEmpty())
                .map(Paths::get)
                .orElseGet(() -> MODULE_DIRECTORY.get(testClass).resolve(DEFAULT_DIR));
        return new SnapshotScope(
                className + "." + testName, root.resolve(className), testName, mode(settings, System.getenv()));
    }

    /** The scope of a snapshot named by its file, outside any test. */
    static SnapshotScope forFile(Path file) {
        String name = file.getFileName().toString();
        return new SnapshotScope(
                name,
                file.toAbsolutePath().getParent(),
                name,
                mode(key -> Optional.ofNullable(System.getProperty(key)), System.getenv()));
    }

    static Mode mode(Function<String, Optional<String>> settings, Map<String, String> env) {
        String value = settings.apply(MODE).map(String::trim).orElse("auto").toLowerCase(Locale.ROOT);
        switch (value) {
            case "update":
                return Mode.UPDATE;
            case "verify":
                return Mode.VERIFY;
            case "auto":
            case "":
                return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim()) ? Mode.VERIFY : Mode.AUTO;
            default:
                throw new IllegalArgumentException(
                        MODE + " = '" + value + "' is none of update (write snapshots again), verify (never write"
                                + " one) and auto (write the missing ones unless CI=true)");
        }
    }

    /** The directory of the test class's module: from where the class was loaded, else the working directory. */
    /** Each test class's module directory, found once: every test of a class asks for it. */
    private static final ClassValue<Path> MODULE_DIRECTORY = new ClassValue<>() {
        @Override
        protected Path computeValue(Class<?> type) {
            return moduleDirectory(type);
        }
    };

    static Path moduleDirectory(Class<?> testClass) {
        Path cwd = Paths.get("").toAbsolutePath();
        CodeSource source = testClass.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return cwd;
        }
        Path classes;
        try {
            classes = Paths.get(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return cwd;
        }
        // Maven: <module>/target/test-classes
        if (endsWith(classes, "target", "test-classes")) {
            return classes.getParent().getParent();
        }
        // Gradle: <module>/build/classes/<language>/test
        int count = classes.getNameCount();
        if (count >= 4
                && classes.getName(count - 1).toString().equals("test")
                && classes.getName(count - 3).toString().equals("classes")
                && classes.getName(count - 4).toString().equals("build")) {
            return classes.getParent().getParent().getParent().getParent();
        }
        return cwd;
    }

    private static boolean endsWith(Path path, String parent, String name) {
        int count = path.getNameCount();
        return count >= 2
                && path.getName(count - 1).toString().equals(name)
                && path.getName(count - 2).toString().equals(parent);
    }

    /**
     * Makes this scope the current one of this thread until the activation is closed; the one
     * before it is current again then.
     *
     * @return the activation, to close
     */
    public Activation activate() {
        SnapshotScope previous = CURRENT.get();
        CURRENT.set(this);
        return new Activation(previous);
    }

    /**
     * The snapshot files this scope's assertions read or wrote so far.
     *
     * @return the files, in the order first used
     */
    public synchronized Set<Path> filesUsed() {
        return Set.copyOf(used);
    }

    /**
     * The directory of this test class's snapshots.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    static Optional<SnapshotScope> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The file of the next snapshot of this test: {@code <test>.trace}, {@code <test>.<name>.trace}
     * when named; a test's second unnamed snapshot is {@code <test>#2.trace}, and so on.
     */
    synchronized Path next(String name) {
        String base = name == null ? testName : testName + "." + name;
        int n = uses.merge(base, 1, Integer::sum);
        Path file = directory.resolve(base + (n == 1 ? "" : "#" + n) + SnapshotFile.EXTENSION);
        used.add(file);
        return file;
    }

    /** The file itself, for a snapshot named by its path. */
    synchronized Path use(Path file) {
        used.add(file);
        return file;
    }

    String title() {
        return title;
    }

    Mode mode() {
        return mode;
    }

    /**
     * A scope made current on a thread; closing it restores the scope that was current before.
     *
     * @since 0.1.0
     */
    public static final class Activation implements AutoCloseable {

        private final SnapshotScope previous;

        private Activation(SnapshotScope previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
