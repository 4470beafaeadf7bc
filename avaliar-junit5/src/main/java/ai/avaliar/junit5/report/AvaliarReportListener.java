package ai.avaliar.junit5.report;

import ai.avaliar.junit5.budget.RunBudget;
import ai.avaliar.junit5.internal.Options;
import ai.avaliar.junit5.internal.SnapshotRuns;
import ai.avaliar.junit5.internal.TestRunEnvironment;
import ai.avaliar.junit5.internal.TestRunSpans;
import ai.avaliar.junit5.internal.TraceJson;
import ai.avaliar.junit5.publish.TestRunPublisher;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.WholeFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the report of a test run when it ends: {@code traces.jsonl}, {@code report.html} and
 * {@code summary.md} under {@code target/avaliar}, with every test's outcome and the traces its
 * {@link AvaliarExtension} captured. JUnit finds it by {@code ServiceLoader} whenever
 * avaliar-junit5 is on the test class path, so there is nothing to register.
 *
 * <pre>{@code
 * # junit-platform.properties (all optional)
 * avaliar.report=true                # false: no report
 * avaliar.report.dir=target/avaliar  # relative to the working directory
 * avaliar.report.await=2 s           # how long to wait for spans that end after their test
 * }</pre>
 *
 * <p>The report never fails the run: a problem writing it is logged with the path. When
 * {@code AVALIAR_API_KEY} is set, the traces are also published to Avaliar (see
 * {@code docs/report.md}).
 *
 * @since 0.1.0
 */
public final class AvaliarReportListener implements TestExecutionListener {

    static final String ENABLED = "avaliar.report";
    static final String DIR = "avaliar.report.dir";
    static final String AWAIT = "avaliar.report.await";
    static final String MAX_SPANS = "avaliar.report.maxSpans";

    static final String DEFAULT_DIR = "target/avaliar";
    static final Duration DEFAULT_AWAIT = Duration.ofSeconds(2);
    static final int DEFAULT_MAX_SPANS = 100_000;

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    /** The run id when the environment names none: one per JVM, so every plan of a JVM is one run. */
    private static final String JVM_RUN_ID = UUID.randomUUID().toString();

    /** The current plan's outcomes. */
    private final Map<String, TestOutcome> outcomes = new ConcurrentHashMap<>();

    private final Map<String, Long> startedNanos = new ConcurrentHashMap<>();
    /** The tests and containers the current plan started: only their spans are recorded. */
    private final Set<String> planIds = ConcurrentHashMap.newKeySet();

    private volatile TestPlan plan;
    private volatile TestRunSpans.Recording recording;
    private volatile Path dir;
    private volatile Duration await = DEFAULT_AWAIT;
    private volatile int maxSpans = DEFAULT_MAX_SPANS;

    // The run so far, over every plan this listener saw (Surefire runs a plan per class when forking,
    // and reruns failed tests in plans of their own): guarded by this.
    /** Each test's last outcome, in the order tests were first seen. */
    private final Map<String, TestOutcome> runOutcomes = new LinkedHashMap<>();
    /** Tests that failed and later passed on a rerun: their earlier failure's message. */
    private final Map<String, String> flaky = new LinkedHashMap<>();

    private final List<SpanData> runSpans = new ArrayList<>();
    private int runDropped;
    private Instant started;
    private TestRunEnvironment runEnvironment;
    private boolean environmentDetected;

    private final Map<String, String> env;

    /** Made by JUnit's {@code ServiceLoader}. */
    public AvaliarReportListener() {
        this(System.getenv());
    }

    /** With these environment variables instead of the process's (for tests). */
    AvaliarReportListener(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        try {
            Function<String, Optional<String>> config =
                    key -> testPlan.getConfigurationParameters().get(key);
            if (!config.apply(ENABLED)
                    .map(value -> Options.bool(ENABLED, value))
                    .orElse(true)) {
                return;
            }
            dir = Paths.get(config.apply(DIR)
                    .map(String::trim)
                    .filter(value -> !value.isEmpty())
                    .orElse(DEFAULT_DIR));
            await = config.apply(AWAIT)
                    .map(value -> Options.duration(AWAIT, value))
                    .orElse(DEFAULT_AWAIT);
            maxSpans = config.apply(MAX_SPANS)
                    .map(value -> positive(MAX_SPANS, value))
                    .orElse(DEFAULT_MAX_SPANS);
            // A launcher may run several plans with the same listener (Surefire's forks and reruns): the
            // report grows with each and says every test's last outcome.
            outcomes.clear();
            startedNanos.clear();
            planIds.clear();
            plan = testPlan;
            int room;
            synchronized (this) {
                if (started == null) {
                    started = Instant.now();
                }
                room = Math.max(0, maxSpans - runSpans.size());
            }
            recording = TestRunSpans.record(room, planIds::contains);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Avaliar: no report for this run: " + e.getMessage(), e);
            dir = null;
        }
    }

    private static int positive(String key, String value) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(key + " = '" + value + "' is not a positive whole number");
    }

    @Override
    public void executionStarted(TestIdentifier identifier) {
        if (recording != null) {
            planIds.add(identifier.getUniqueId());
            startedNanos.put(identifier.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        TestPlan testPlan = plan;
        if (recording == null || testPlan == null) {
            return;
        }
        String why = reason == null ? "" : reason;
        if (identifier.isTest()) {
            outcomes.put(identifier.getUniqueId(), outcome(identifier, TestOutcome.SKIPPED, why, "", -1));
        }
        for (TestIdentifier descendant : testPlan.getDescendants(identifier)) {
            if (descendant.isTest()) {
                outcomes.putIfAbsent(descendant.getUniqueId(), outcome(descendant, TestOutcome.SKIPPED, why, "", -1));
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (recording == null) {
            return;
        }
        Long start = startedNanos.remove(identifier.getUniqueId());
        long millis =
                start == null ? -1 : Duration.ofNanos(System.nanoTime() - start).toMillis();
        Throwable failure = result.getThrowable().orElse(null);
        String message =
                failure == null ? "" : String.valueOf(failure.getMessage() == null ? "" : failure.getMessage());
        String type = failure == null ? "" : failure.getClass().getName();
        String status = switch (result.getStatus()) {
            case SUCCESSFUL -> TestOutcome.SUCCESSFUL;
            case ABORTED -> TestOutcome.ABORTED;
            case FAILED -> TestOutcome.FAILED;
        };
        if (identifier.isTest()) {
            outcomes.put(identifier.getUniqueId(), outcome(identifier, status, message, type, millis));
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // A class whose @BeforeAll failed or was aborted: its tests never started, so say it here.
            TestOutcome container = outcome(identifier, status, message, type, millis);
            outcomes.put(
                    identifier.getUniqueId(),
                    new TestOutcome(
                            container.testId(),
                            container.displayName(),
                            container.path(),
                            container.className(),
                            status,
                            message,
                            type,
                            millis,
                            true));
        }
    }

    private TestOutcome outcome(TestIdentifier identifier, String status, String message, String type, long millis) {
        return new TestOutcome(
                identifier.getUniqueId(),
                identifier.getDisplayName(),
                path(identifier),
                className(identifier),
                status,
                message,
                type,
                millis,
                false);
    }

    private String path(TestIdentifier identifier) {
        List<String> names = new ArrayList<>();
        TestIdentifier current = identifier;
        TestPlan testPlan = plan;
        while (current != null) {
            if (current.getParentId().isPresent()) {
                // Below the engine: the engine's own name says nothing about the test.
                names.add(0, current.getDisplayName());
            }
            current =
                    current.getParentIdObject().map(testPlan::getTestIdentifier).orElse(null);
        }
        return names.isEmpty() ? identifier.getDisplayName() : String.join(" › ", names);
    }

    private static String className(TestIdentifier identifier) {
        TestSource source = identifier.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return method.getClassName();
        }
        if (source instanceof ClassSource type) {
            return type.getClassName();
        }
        return "";
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        TestRunSpans.Recording done = recording;
        if (done == null || dir == null) {
            return;
        }
        recording = null;
        try {
            List<TestOutcome> ordered = inPlanOrder(testPlan);
            Set<String> ids = ConcurrentHashMap.newKeySet();
            ordered.forEach(outcome -> ids.add(outcome.testId()));
            awaitOpenSpans(done, ids);
            // Only this plan's: a test that runs tests of its own (EngineTestKit) sees their spans too.
            List<SpanData> spans = done.spans().stream()
                    .filter(span -> ids.contains(span.getAttributes().get(AvaliarAttributes.TEST_ID)))
                    .toList();
            TestRunEnvironment run;
            TestRunReport report;
            synchronized (this) {
                for (TestOutcome outcome : ordered) {
                    TestOutcome earlier = runOutcomes.get(outcome.testId());
                    if (earlier != null && earlier.failed() && !outcome.failed()) {
                        flaky.putIfAbsent(outcome.testId(), firstLine(earlier.message()));
                    } else if (outcome.failed()) {
                        flaky.remove(outcome.testId());
                    }
                    // A rerun keeps the test's first place and takes its last outcome.
                    runOutcomes.put(outcome.testId(), outcome);
                }
                runSpans.addAll(spans);
                runDropped += done.dropped();
                run = runEnvironment();
                report = TestRunReport.of(
                                runOutcomes.values(),
                                runSpans,
                                started,
                                Instant.now(),
                                runDropped,
                                environment(run),
                                flaky)
                        .compareWith(testPlan.getConfigurationParameters().get(TestRunReport.BASELINE))
                        .checkBudget(budget(testPlan));
            }
            report.baselineNote().ifPresent(note -> LOG.log(Level.WARNING, "Avaliar: " + note));
            write(report);
            printObsoleteSnapshots(SnapshotRuns.obsolete(ids::contains));
            Map<String, String> planOutcomes = new LinkedHashMap<>();
            ordered.forEach(outcome -> planOutcomes.put(outcome.testId(), outcome.status()));
            // Each plan publishes its own spans, all under the JVM's one run id.
            publish(testPlan, spans, planOutcomes, run);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Avaliar: could not write the report to " + dir.toAbsolutePath() + ": " + e, e);
        } finally {
            done.close();
        }
    }

    /** The run budget; none when its settings are wrong (the engine fails the run saying so). */
    private static RunBudget budget(TestPlan testPlan) {
        try {
            return RunBudget.from(key -> testPlan.getConfigurationParameters().get(key));
        } catch (RuntimeException wrong) {
            LOG.log(Level.WARNING, "Avaliar: the report shows no budget: " + wrong.getMessage());
            return RunBudget.from(key -> Optional.empty());
        }
    }

    /** Lists the snapshot files no test of the plan used; deleting them is left to the user, who reviews it. */
    static void printObsoleteSnapshots(List<Path> obsolete) {
        if (obsolete.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("Avaliar: ")
                .append(obsolete.size())
                .append(" snapshot file(s) no test used in this run (their test is gone, or passed without them);"
                        + " delete them if so:");
        for (Path file : obsolete) {
            text.append("\n  ").append(file.toAbsolutePath());
        }
        System.out.println(text);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Tests (and failed containers) in the order of the plan, dynamic tests included. */
    private List<TestOutcome> inPlanOrder(TestPlan testPlan) {
        List<TestOutcome> ordered = new ArrayList<>();
        List<TestIdentifier> pending = new ArrayList<>(testPlan.getRoots());
        // Depth-first, iteratively.
        while (!pending.isEmpty()) {
            TestIdentifier identifier = pending.remove(0);
            TestOutcome outcome = outcomes.get(identifier.getUniqueId());
            if (outcome != null) {
                ordered.add(outcome);
            }
            pending.addAll(0, testPlan.getChildren(identifier));
        }
        return ordered;
    }

    /** Waits, bounded, for spans of this plan's tests that are still open (a background task's, say). */
    private void awaitOpenSpans(TestRunSpans.Recording done, Set<String> ids) {
        long deadline = System.nanoTime() + await.toNanos();
        while (!done.testsWithOpenSpans(ids::contains).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                LOG.log(
                        Level.INFO,
                        () -> "Avaliar: spans of " + done.testsWithOpenSpans(ids::contains)
                                + " were still open after " + Durations.format(await) + " (" + AWAIT
                                + "); the report leaves them out.");
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(TestRunReport report) {
        Path jsonl = dir.resolve("traces.jsonl");
        Path html = dir.resolve("report.html");
        Path summary = dir.resolve("summary.md");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Avaliar: could not create the report directory " + dir.toAbsolutePath() + ": " + e);
            return;
        }
        boolean written = writeFile(jsonl, writer -> {
            for (ObjectNode line : report.jsonLines()) {
                writer.write(TraceJson.MAPPER.writeValueAsString(line));
                writer.write('\n');
            }
        });
        written &= writeFile(html, writer -> HtmlReport.write(report, writer));
        written &= writeFile(summary, writer -> writer.write(report.markdown()));
        System.out.println(report.line()
                + (written
                        ? " - report: " + html.toAbsolutePath().toUri()
                        : " - the report could not be written to " + dir.toAbsolutePath()
                                + " (see the warning above)"));
    }

    private interface Content {
        void writeTo(Writer writer) throws IOException;
    }

    /**
     * Writes a file whole or not at all: into a temporary file beside it, then moved over it, so a
     * reader (or another JVM writing the same report) never sees half of one. Text that is not valid
     * UTF-16 (half of a surrogate pair, from a string cut short) is written as {@code ?}, never a failure.
     */
    static boolean writeFile(Path path, Content content) {
        try {
            WholeFiles.write(path, temp -> {
                // OutputStreamWriter replaces what cannot be encoded; Files.newBufferedWriter would throw.
                try (Writer writer = new BufferedWriter(
                        new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8))) {
                    content.writeTo(writer);
                }
            });
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Avaliar: could not write " + path.toAbsolutePath() + ": " + e);
            return false;
        }
    }

    /** The run as published: its id, git commit and branch, CI provider and build; null when it cannot be told. */
    private synchronized TestRunEnvironment runEnvironment() {
        if (!environmentDetected) {
            environmentDetected = true;
            Map<String, String> withRunId = new HashMap<>(env);
            withRunId.putIfAbsent(TestRunEnvironment.RUN_ID_VARIABLE, JVM_RUN_ID);
            try {
                // Once: git runs at most twice per listener, not per plan.
                runEnvironment = TestRunEnvironment.detect(withRunId);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "Avaliar: no git or CI details for the report: " + e);
            }
        }
        return runEnvironment;
    }

    /** What the report's header says about where it ran. */
    private static Map<String, String> environment(TestRunEnvironment run) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (run != null) {
            environment.put("run", run.runId());
            run.ciProvider().ifPresent(value -> environment.put("ci", value));
            run.buildUrl().ifPresent(value -> environment.put("build", value));
            run.gitBranch().ifPresent(value -> environment.put("branch", value));
            run.gitCommit().ifPresent(value -> environment.put("commit", value));
        }
        environment.put("java", System.getProperty("java.version", "?"));
        environment.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", ""));
        return environment;
    }

    private void publish(
            TestPlan testPlan, List<SpanData> spans, Map<String, String> outcomes, TestRunEnvironment run) {
        TestRunPublisher.fromEnvironment(
                        env, key -> testPlan.getConfigurationParameters().get(key))
                .publish(spans, outcomes, dir, run)
                .ifPresent(System.out::println);
    }
}
