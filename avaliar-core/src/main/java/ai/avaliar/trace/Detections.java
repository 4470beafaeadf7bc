package ai.avaliar.trace;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.trace.internal.Durations;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs the detectors a span asked for. At the end of the traced call the caller only records
 * when it ended and appends the span to a lock-free queue, waking no thread; a dispatcher
 * ({@code avaliar-detection-dispatch}) polls it and fans the detectors out to daemon threads
 * ({@code avaliar-detection-N}), their results become {@code avaliar.detection} events, and the
 * span ends at the recorded time. Whatever goes wrong becomes a {@code FAILED} result; the traced
 * call never sees it. Bounded everywhere: a per-configuration number of spans in detection
 * ({@link DetectionSettings#capacity()}), a timeout per detector call (on timeout the call is
 * interrupted and, if still queued, dropped), fixed numbers of threads and queued calls. Rule
 * detectors, LLM judges and cloud requests have separate pools, so slow model calls never starve
 * the rules of other spans.
 */
final class Detections {

    /** Threads of rule detectors: fast, CPU-bound, never queued behind a model call. */
    static final int THREADS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** Threads of LLM judges: waiting on a model, so more of them; they cannot take a rule's thread. */
    static final int JUDGE_THREADS = 16;
    /** Threads of requests to the cloud detection service. */
    static final int CLOUD_THREADS = 8;
    /** Longest text a detector is given; the rest of a longer text is not screened, and the result says so. */
    static final int MAX_TEXT_CHARS = 1 << 20;
    /** Deepest nesting of maps, lists and arrays walked for the strings of a span's inputs. */
    static final int MAX_DEPTH = 32;
    /**
     * Detector calls (and cloud requests) waiting for a thread, per pool; beyond it a call fails as
     * "detection queue full". A call that timed out is cancelled and taken out of the queue, so it
     * holds neither a thread's turn nor its text.
     */
    static final int QUEUED_TASKS = 1024;

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final ThreadPoolExecutor RULES = pool(THREADS);
    private static final ThreadPoolExecutor JUDGES = pool(JUDGE_THREADS);
    private static final ThreadPoolExecutor CLOUD = pool(CLOUD_THREADS);

    private static ThreadPoolExecutor pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_TASKS), task -> {
                    Thread thread = new Thread(task, "avaliar-detection-" + THREAD_NUMBER.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Spans waiting for the dispatcher, and tasks waiting in the pools' queues; for tests. */
    static int queued() {
        return Dispatcher.waiting() + RULES.getQueue().size() + JUDGES.getQueue().size() + CLOUD.getQueue().size();
    }

    /** Spans whose detection has not finished. */
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    /** Notified when {@link #IN_FLIGHT} drops to zero; only waiters and finishing detections take it. */
    private static final Object IN_FLIGHT_LOCK = new Object();

    private static volatile List<Detector> classPath;

    private Detections() {}

    /** What one span asked for, and what the screening of its prompt found. */
    static final class Plan {
        private final Set<DetectorType> types;
        private final DetectionMode mode;
        private final boolean blocking;
        private volatile List<DetectionResult> screened = List.of();
        private volatile boolean blocked;

        Plan(Set<DetectorType> types, DetectionMode mode, boolean blocking) {
            this.types = types;
            this.mode = mode;
            this.blocking = blocking;
        }

        Set<DetectorType> types() {
            return types;
        }

        DetectionMode mode() {
            return mode;
        }

        boolean blocking() {
            return blocking;
        }

        void screened(List<DetectionResult> results) {
            screened = List.copyOf(results);
        }

        void blocked(boolean value) {
            blocked = value;
        }
    }

    // ---- which detectors ----

    /** The detectors {@link ServiceLoader} finds, once; a provider that cannot load is skipped with a warning. */
    static List<Detector> classPathDetectors() {
        List<Detector> found = classPath;
        if (found == null) {
            synchronized (Detections.class) {
                found = classPath;
                if (found == null) {
                    found = load();
                    classPath = found;
                }
            }
        }
        return found;
    }

    private static List<Detector> load() {
        List<Detector> detectors = new ArrayList<>();
        ClassLoader loader = Detector.class.getClassLoader();
        Iterator<Detector> providers = ServiceLoader.load(Detector.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                detectors.add(providers.next());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                AvaliarRuntime.warn("a Detector listed in META-INF/services/" + Detector.class.getName()
                        + " could not be loaded; it is skipped", e);
            }
        }
        return List.copyOf(detectors);
    }

    static List<Detector> localDetectors(DetectionSettings settings) {
        List<Detector> all = new ArrayList<>(classPathDetectors());
        all.addAll(settings.registered());
        return all;
    }

    static boolean noLocalDetectors(DetectionSettings settings) {
        return settings.registered().isEmpty() && classPathDetectors().isEmpty();
    }

    /** The fail-fast error of LOCAL detection with no detector anywhere. */
    static IllegalStateException missingLocalDetectors(String what) {
        return new IllegalStateException(what + " asks for LOCAL detection, but no detector is on the class path:"
                + " LOCAL detection runs Avaliar's detectors from the artifact ai.avaliar:avaliar-eval. Add it:\n"
                + "    <dependency>\n"
                + "        <groupId>ai.avaliar</groupId>\n"
                + "        <artifactId>avaliar-eval</artifactId>\n"
                + "        <version>" + AvaliarRuntime.INSTRUMENTATION_VERSION + "</version>\n"
                + "    </dependency>\n"
                + "(Gradle: implementation(\"ai.avaliar:avaliar-eval:" + AvaliarRuntime.INSTRUMENTATION_VERSION + "\")),"
                + " or register your own with AvaliarConfig.builder().detector(...), or use"
                + " detectionMode(DetectionMode.CLOUD).");
    }

    // ---- at the end of the traced call ----

    /**
     * Hands a span whose call has ended to detection; never throws, never waits, and wakes no
     * thread: the caller only takes a permit of {@link DetectionSettings#capacity()} (a CAS) and
     * appends one job to a lock-free queue, which the {@link Dispatcher} drains. Everything else
     * (the text, the fan-out to the pools, the timeouts) happens on the dispatcher's thread.
     */
    static void afterCall(ActiveRun run) {
        enter();
        Plan plan = run.plan();
        try {
            if (plan.blocked || !run.span().isRecording()) {
                // Blocked: the screening is the whole story. Not recorded: nobody would see the results.
                finish(run, plan.blocked ? plan.screened : List.of(), null);
                return;
            }
            DetectionSettings settings = run.settings().detection();
            if (!settings.capacity().tryAcquire()) {
                finish(run, failedAll(plan, "detection queue full: " + settings.queueCapacity() + " spans are already"
                        + " waiting for detection (AvaliarConfig.detectionQueueCapacity); this span was not checked"), null);
                return;
            }
            Dispatcher.submit(run, settings);
        } catch (RuntimeException | LinkageError e) {
            AvaliarRuntime.warn("detection of span '" + run.name() + "' could not run", e);
            finish(run, List.of(), null);
        }
    }

    /** On the dispatcher's thread: what the caller used to do, fan the span's detection out to the pools. */
    static void dispatch(ActiveRun run, DetectionSettings settings) {
        Plan plan = run.plan();
        try {
            DetectionText text = new DetectionText(run.detectionInput(), run.detectionOutput());
            String cut = cutNote(text);
            CompletableFuture<List<DetectionResult>> results;
            try {
                results = plan.mode == DetectionMode.CLOUD ? cloud(run, plan, text, settings)
                        : local(plan.types, text, settings, false);
            } catch (RuntimeException | LinkageError e) {
                results = CompletableFuture.completedFuture(failedAll(plan, "detection could not start: " + describe(e)));
            }
            results.whenComplete((list, error) -> finish(run, list != null ? merge(plan.screened, noted(list, cut))
                    : failedAll(plan, "detection failed: " + describe(error)), settings));
        } catch (RuntimeException | LinkageError e) {
            AvaliarRuntime.warn("detection of span '" + run.name() + "' could not run", e);
            finish(run, failedAll(plan, "detection could not start: " + describe(e)), settings);
        }
    }

    /**
     * The one thread ({@code avaliar-detection-dispatch}) between the traced calls and the
     * detection pools. Callers append a job and never wake it: it polls, parking for
     * {@link #SHORT_PARK_NANOS} when the queue is empty and for {@link #LONG_PARK_NANOS} once it
     * has been idle a while, and it stops after {@link #IDLE_EXIT_NANOS} idle (the next span starts
     * it again). {@link #await} wakes it, so waiting for detection does not wait for a park to end.
     * The queue holds at most the sum of the live configurations' capacities: every job holds a permit.
     */
    static final class Dispatcher {
        static final long SHORT_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
        static final long LONG_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
        /** Idle this long, the dispatcher parks for {@link #LONG_PARK_NANOS} between polls. */
        static final long SHORT_PARKS_FOR_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
        /** Idle this long, the dispatcher's thread ends. */
        static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(60);

        private static final java.util.concurrent.ConcurrentLinkedQueue<Job> JOBS =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private static final java.util.concurrent.atomic.AtomicReference<Thread> THREAD =
                new java.util.concurrent.atomic.AtomicReference<>();

        private record Job(ActiveRun run, DetectionSettings settings) {}

        private Dispatcher() {}

        static void submit(ActiveRun run, DetectionSettings settings) {
            JOBS.offer(new Job(run, settings));
            if (THREAD.get() == null) {
                start();
            }
        }

        /** Spans handed over and not yet dispatched; for tests. */
        static int waiting() {
            return JOBS.size();
        }

        /** Wakes the dispatcher; never on a traced call's path. */
        static void wake() {
            Thread thread = THREAD.get();
            if (thread != null) {
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }
        }

        /** Starts the thread unless one runs; rare: the first span, or the first after a long idle. */
        private static void start() {
            Thread thread = new Thread(Dispatcher::run, "avaliar-detection-dispatch");
            thread.setDaemon(true);
            if (THREAD.compareAndSet(null, thread)) {
                thread.start();
            }
        }

        private static void run() {
            Thread self = Thread.currentThread();
            long idleSince = System.nanoTime();
            while (true) {
                Job job = JOBS.poll();
                if (job != null) {
                    try {
                        dispatch(job.run(), job.settings());
                    } catch (Throwable e) { // the dispatcher must survive anything one span does
                        AvaliarRuntime.warn("detection of span '" + job.run().name() + "' could not run", e);
                    }
                    idleSince = System.nanoTime();
                    continue;
                }
                Thread.interrupted(); // a stray interrupt must not turn the parks into a busy loop
                long idle = System.nanoTime() - idleSince;
                if (idle >= IDLE_EXIT_NANOS) {
                    THREAD.compareAndSet(self, null);
                    // A job offered after the poll above saw a thread and started none: take it back.
                    if (JOBS.isEmpty() || !THREAD.compareAndSet(null, self)) {
                        return;
                    }
                    idleSince = System.nanoTime();
                    continue;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Dispatcher.class,
                        idle < SHORT_PARKS_FOR_NANOS ? SHORT_PARK_NANOS : LONG_PARK_NANOS);
            }
        }
    }

    private static void finish(ActiveRun run, List<DetectionResult> results, DetectionSettings permit) {
        try {
            long end = run.callEndEpochNanos();
            run.recordDetections(results, end);
            run.endSpan(end);
        } finally {
            if (permit != null) {
                permit.capacity().release();
            }
            leave();
        }
    }

    private static CompletableFuture<List<DetectionResult>> cloud(ActiveRun run, Plan plan, DetectionText text,
            DetectionSettings settings) {
        String problem = settings.cloudProblem();
        if (problem != null) {
            return CompletableFuture.completedFuture(failedAll(plan, problem));
        }
        SpanContext ids = run.span().getSpanContext();
        Duration wait = settings.timeout().plus(Duration.ofSeconds(2));
        return onPool(CLOUD, () -> settings.client().detect(ids.getTraceId(), ids.getSpanId(), plan.types, text,
                        CloudDetectionClient.STAGE_SPAN), wait,
                all(plan.types, DetectionStatus.PENDING, DetectionMode.CLOUD, "no answer from the detection service within "
                        + Durations.format(wait)))
                .exceptionally(error -> failedAll(plan, problem(error)));
    }

    // ---- before the body runs (blocking) ----

    /**
     * Screens the prompt of a blocking span; the caller waits for it, at most about the detection
     * timeout. Rule detectors run on the caller's thread; LLM judges and the cloud request run on
     * the detection threads, and are given up (FAILED, not blocking) when the timeout comes. Never throws.
     */
    static List<DetectionResult> screen(ActiveRun run) {
        Plan plan = run.plan();
        DetectionSettings settings = run.settings().detection();
        DetectionText prompt = new DetectionText(run.detectionInput(), "");
        String cut = cutNote(prompt);
        try {
            if (plan.mode == DetectionMode.CLOUD) {
                String problem = settings.cloudProblem();
                if (problem != null) {
                    return failedAll(plan, problem);
                }
                SpanContext ids = run.span().getSpanContext();
                Duration timeout = settings.timeout();
                return noted(onPool(CLOUD, () -> settings.client().detect(ids.getTraceId(), ids.getSpanId(), plan.types,
                                prompt, CloudDetectionClient.STAGE_PROMPT), timeout,
                        failedAll(plan, "the detection service did not answer within "
                                + Durations.format(timeout) + " (AvaliarConfig.detectionTimeout,"
                                + " AVALIAR_DETECTION_TIMEOUT); the prompt was not screened"))
                        .exceptionally(error -> failedAll(plan, problem(error)))
                        .join(), cut);
            }
            return noted(local(plan.types, prompt, settings, true).join(), cut);
        } catch (RuntimeException | LinkageError e) {
            return failedAll(plan, "screening the prompt failed: " + describe(e));
        }
    }

    // ---- local detection ----

    /**
     * One result per type: the issues of every available local detector serving it, merged. With
     * {@code inline}, rule detectors run on this thread; the others always on the pool.
     */
    static CompletableFuture<List<DetectionResult>> local(Collection<DetectorType> types, DetectionText text,
            DetectionSettings settings, boolean inline) {
        List<Detector> detectors = localDetectors(settings);
        Duration timeout = settings.timeout(); // read once: it may come from a property or the environment
        List<CompletableFuture<DetectionResult>> perType = new ArrayList<>();
        for (DetectorType type : types) {
            perType.add(localType(type, detectors, text, timeout, inline));
        }
        return CompletableFuture.allOf(perType.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> perType.stream().map(CompletableFuture::join).collect(Collectors.toList()));
    }

    private static CompletableFuture<DetectionResult> localType(DetectorType type, List<Detector> detectors,
            DetectionText text, Duration timeout, boolean inline) {
        List<Detector> serving = new ArrayList<>();
        List<Detector> unavailable = new ArrayList<>();
        for (Detector detector : detectors) {
            if (serves(detector, type)) {
                if (available(detector)) {
                    serving.add(detector);
                } else {
                    unavailable.add(detector);
                }
            }
        }
        if (serving.isEmpty()) {
            String reason = unavailable.isEmpty()
                    ? "no LOCAL detector serves " + type + ": add ai.avaliar:avaliar-eval, or register a Detector for it"
                            + " with AvaliarConfig.builder().detector(...)"
                    : "no available LOCAL detector serves " + type + ": " + names(unavailable) + " "
                            + (unavailable.size() == 1 ? "is" : "are") + " not available here; configure "
                            + (unavailable.size() == 1 ? "it" : "them") + " (a detector's name says what it lacks)";
            return CompletableFuture.completedFuture(DetectionResult.failed(type, DetectionMode.LOCAL, reason));
        }
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (Detector detector : serving) {
            outcomes.add(runOne(detector, type, text, timeout, inline));
        }
        return CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> merge(type, outcomes.stream().map(CompletableFuture::join).collect(Collectors.toList())));
    }

    /** What one detector said: issues, or why it could not say. */
    private record Outcome(String detector, List<DetectionIssue> issues, String failure) {}

    private static CompletableFuture<Outcome> runOne(Detector detector, DetectorType type, DetectionText text,
            Duration timeout, boolean inline) {
        String name = name(detector);
        DetectionMethod method = method(detector);
        if (inline && method == DetectionMethod.RULE) {
            return CompletableFuture.completedFuture(call(detector, name, type, text));
        }
        return onPool(method == DetectionMethod.RULE ? RULES : JUDGES, () -> call(detector, name, type, text), timeout,
                new Outcome(name, List.of(), "timed out after " + Durations.format(timeout)
                        + " (AvaliarConfig.detectionTimeout, AVALIAR_DETECTION_TIMEOUT)"))
                .exceptionally(error -> new Outcome(name, List.of(), problem(error)));
    }

    /**
     * Runs {@code work} on {@code pool}, answering {@code onTimeout} when it has not finished in
     * time; then the work is cancelled: interrupted if running, taken out of the queue if waiting.
     * A full queue completes the future exceptionally with {@link RejectedExecutionException}.
     */
    static <T> CompletableFuture<T> onPool(ThreadPoolExecutor pool, Callable<T> work, Duration timeout,
            T onTimeout) {
        TimedTask<T> task = new TimedTask<>(work);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.result.completeExceptionally(new RejectedExecutionException("detection queue full: " + QUEUED_TASKS
                    + " detector calls are already waiting for a thread; this one was not made"));
            return task.result;
        }
        try {
            task.timer = TIMER.schedule(() -> {
                if (!task.isDone()) {
                    // Cancelled first, so the queue slot and the text are free by the time anyone sees the result.
                    task.cancel(true);
                    pool.remove(task);
                    task.result.complete(onTimeout);
                }
            }, Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            task.result.completeOnTimeout(onTimeout, Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        }
        if (task.isDone()) {
            task.stopTimer();
        }
        return task.result;
    }

    /** Times out detector calls and cloud requests; its waiting tasks are dropped when cancelled. */
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "avaliar-detection-timer");
        thread.setDaemon(true);
        return thread;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    /** Work on a pool that completes {@link #result}, and stops its timer when done. */
    private static final class TimedTask<T> extends FutureTask<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        TimedTask(Callable<T> work) {
            super(work);
        }

        @Override
        protected void done() {
            if (isCancelled()) {
                return;
            }
            stopTimer();
            try {
                result.complete(get());
            } catch (ExecutionException e) {
                result.completeExceptionally(e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        void stopTimer() {
            ScheduledFuture<?> scheduled = timer;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    private static Outcome call(Detector detector, String name, DetectorType type, DetectionText text) {
        try {
            List<DetectionIssue> issues = detector.detect(type, text);
            if (issues == null) {
                return new Outcome(name, List.of(), "failed: returned null instead of a list of issues");
            }
            List<DetectionIssue> copy = new ArrayList<>();
            for (DetectionIssue issue : issues) {
                if (issue != null) {
                    copy.add(issue);
                }
            }
            return new Outcome(name, copy, null);
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            return new Outcome(name, List.of(), "failed: " + describe(e));
        }
    }

    private static DetectionResult merge(DetectorType type, List<Outcome> outcomes) {
        List<DetectionIssue> issues = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            issues.addAll(outcome.issues());
            if (outcome.failure() != null) {
                failures.add(outcome.detector() + " " + outcome.failure());
            }
        }
        if (failures.isEmpty()) {
            return DetectionResult.completed(type, DetectionMode.LOCAL, issues);
        }
        // Failed, yet what the other detectors found is kept: it is real.
        return new DetectionResult(type, DetectionStatus.FAILED, DetectionMode.LOCAL, issues, String.join("; ", failures));
    }

    /**
     * The end-of-span results with the screening's added: an issue found by both (same type,
     * category, ranges and method) is reported once.
     */
    static List<DetectionResult> merge(List<DetectionResult> screened, List<DetectionResult> atEnd) {
        if (screened.isEmpty()) {
            return atEnd;
        }
        Map<DetectorType, DetectionResult> before = new LinkedHashMap<>();
        screened.forEach(r -> before.put(r.detector(), r));
        List<DetectionResult> merged = new ArrayList<>();
        for (DetectionResult end : atEnd) {
            DetectionResult first = before.get(end.detector());
            if (first == null) {
                merged.add(end);
                continue;
            }
            Map<List<Object>, DetectionIssue> issues = new LinkedHashMap<>();
            for (DetectionIssue issue : first.issues()) {
                issues.putIfAbsent(key(issue), issue);
            }
            for (DetectionIssue issue : end.issues()) {
                issues.putIfAbsent(key(issue), issue);
            }
            // The end-of-span run looked at the same prompt (and the output): its status stands; a
            // screening that failed or timed out stays as a note.
            DetectionStatus status = end.status();
            Set<String> reasons = new LinkedHashSet<>();
            if (!first.reason().isEmpty() && first.status() != DetectionStatus.COMPLETED) {
                reasons.add("screening the prompt: " + first.reason());
            }
            if (!end.reason().isEmpty()) {
                reasons.add(end.reason());
            }
            merged.add(new DetectionResult(end.detector(), status, end.mode(), new ArrayList<>(issues.values()),
                    String.join("; ", reasons)));
        }
        return merged;
    }

    private static List<Object> key(DetectionIssue issue) {
        return List.of(issue.type(), issue.category(), issue.ranges(), issue.method());
    }

    // ---- waiting ----

    private static void enter() {
        IN_FLIGHT.incrementAndGet(); // a CAS: the caller takes no lock
    }

    private static void leave() {
        if (IN_FLIGHT.decrementAndGet() <= 0) {
            synchronized (IN_FLIGHT_LOCK) {
                IN_FLIGHT_LOCK.notifyAll();
            }
        }
    }

    /** Waits until no span is in detection; true when none is, false when the timeout came first. */
    static boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (IN_FLIGHT.get() > 0) {
            Dispatcher.wake(); // spans may be waiting for its next poll
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (IN_FLIGHT_LOCK) {
                if (IN_FLIGHT.get() > 0) {
                    TimeUnit.NANOSECONDS.timedWait(IN_FLIGHT_LOCK, Math.min(left, Dispatcher.SHORT_PARK_NANOS * 10));
                }
            }
        }
        return true;
    }

    // ---- helpers ----

    /** The text a detector sees for a single string input or output: itself, up to {@link #MAX_TEXT_CHARS}. */
    static String text(CharSequence value) {
        return value.length() <= MAX_TEXT_CHARS ? value.toString() : value.subSequence(0, MAX_TEXT_CHARS).toString();
    }

    /**
     * The input text of a span, from the values themselves (not the recorded JSON, which is cut at
     * {@code maxPayloadChars} and escaped): a single string input as itself; otherwise the strings
     * (and numbers) found in the inputs, walking maps, lists, arrays and objects, one per line, up
     * to {@link #MAX_TEXT_CHARS}. Runs on the caller's thread when the span starts; bounded.
     */
    static String inputText(Pairs inputs, String recordedJson) {
        if (inputs == null || inputs.size() == 0) {
            return "";
        }
        if (inputs.size() == 1 && inputs.value(0) instanceof CharSequence) {
            return text((CharSequence) inputs.value(0));
        }
        try {
            Leaves leaves = new Leaves();
            for (int i = 0; i < inputs.size() && !leaves.full(); i++) {
                leaves.walk(inputs.value(i), 0);
            }
            return leaves.toString();
        } catch (RuntimeException | StackOverflowError e) {
            return recordedJson == null ? "" : recordedJson;
        }
    }

    /**
     * The output text of a span, as {@link #inputText} makes the input's: a string as itself,
     * anything else as the strings found in it, one per line, up to {@link #MAX_TEXT_CHARS}.
     */
    static String outputText(Object output, String recordedJson) {
        if (output == null) {
            return "";
        }
        if (output instanceof CharSequence) {
            return text((CharSequence) output);
        }
        try {
            Leaves leaves = new Leaves();
            leaves.walk(output, 0);
            return leaves.toString();
        } catch (RuntimeException | StackOverflowError e) {
            return recordedJson == null ? "" : recordedJson;
        }
    }

    /** The string and number leaves of a value, one per line; bounded in characters, depth and nodes. */
    private static final class Leaves {
        private static final int MAX_NODES = 100_000;
        private final StringBuilder text = new StringBuilder();
        private int nodes;

        boolean full() {
            return text.length() >= MAX_TEXT_CHARS || nodes >= MAX_NODES;
        }

        void walk(Object value, int depth) {
            if (value == null || full() || depth > MAX_DEPTH) {
                return;
            }
            nodes++;
            if (value instanceof CharSequence || value instanceof Number || value instanceof Character) {
                add(value instanceof CharSequence ? (CharSequence) value : value.toString());
            } else if (value instanceof Boolean || value instanceof Enum<?>) {
                return; // no text a detector looks for
            } else if (value instanceof Map<?, ?>) {
                for (Object item : ((Map<?, ?>) value).values()) {
                    if (full()) {
                        return;
                    }
                    walk(item, depth + 1);
                }
            } else if (value instanceof Iterable<?>) {
                for (Object item : (Iterable<?>) value) {
                    if (full()) {
                        return;
                    }
                    walk(item, depth + 1);
                }
            } else if (value instanceof Object[]) {
                for (Object item : (Object[]) value) {
                    if (full()) {
                        return;
                    }
                    walk(item, depth + 1);
                }
            } else if (value instanceof com.fasterxml.jackson.databind.JsonNode) {
                walkJson((com.fasterxml.jackson.databind.JsonNode) value, depth);
            } else if (value instanceof Optional<?>) {
                walk(((Optional<?>) value).orElse(null), depth + 1);
            } else if (value.getClass().isArray()) {
                return; // primitive arrays: numbers or bytes, not text
            } else {
                // An object: the strings Jackson would record for it.
                walkJson(Json.MAPPER.valueToTree(value), depth);
            }
        }

        private void walkJson(com.fasterxml.jackson.databind.JsonNode node, int depth) {
            if (node == null || full() || depth > MAX_DEPTH) {
                return;
            }
            nodes++;
            if (node.isTextual() || node.isNumber()) {
                add(node.asText());
            } else if (node.isContainerNode()) {
                for (com.fasterxml.jackson.databind.JsonNode item : node) {
                    if (full()) {
                        return;
                    }
                    walkJson(item, depth + 1);
                }
            }
        }

        private void add(CharSequence value) {
            if (text.length() > 0) {
                text.append('\n');
            }
            int room = MAX_TEXT_CHARS - text.length();
            text.append(value, 0, Math.min(room, value.length()));
        }

        @Override
        public String toString() {
            return text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text.toString();
        }
    }

    /** A note for the results when the text detectors saw was cut; null when it was whole. */
    static String cutNote(DetectionText text) {
        List<String> cut = new ArrayList<>();
        if (isCut(text.input())) {
            cut.add("input");
        }
        if (isCut(text.output())) {
            cut.add("output");
        }
        return cut.isEmpty() ? null : "note: the " + String.join(" and the ", cut) + " checked " + (cut.size() == 1 ? "was" : "were")
                + " cut (at most " + MAX_TEXT_CHARS + " characters each, or the recorded JSON's maxPayloadChars);"
                + " the rest was not checked";
    }

    private static boolean isCut(String text) {
        return text.length() >= MAX_TEXT_CHARS || text.contains(TRUNCATED);
    }

    /** The start of {@link Json#TRUNCATION_MARKER}, which ends a recorded JSON that was cut. */
    private static final String TRUNCATED = Json.TRUNCATION_MARKER.substring(0, Json.TRUNCATION_MARKER.indexOf('%'));

    /** The results, each with {@code note} added to its reason; the same list when there is no note. */
    static List<DetectionResult> noted(List<DetectionResult> results, String note) {
        if (note == null) {
            return results;
        }
        List<DetectionResult> noted = new ArrayList<>(results.size());
        for (DetectionResult r : results) {
            noted.add(new DetectionResult(r.detector(), r.status(), r.mode(), r.issues(),
                    r.reason().isEmpty() ? note : r.reason().contains(note) ? r.reason() : r.reason() + "; " + note));
        }
        return noted;
    }

    /** At most this much of an exception's message is recorded: it may carry the text being checked. */
    static final int MAX_MESSAGE_CHARS = 200;

    /** An exception as a reason: its class and the start of its message. */
    static String describe(Throwable error) {
        Throwable e = ActiveRun.unwrap(error);
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getName();
        }
        return e.getClass().getName() + ": " + (message.length() <= MAX_MESSAGE_CHARS ? message
                : message.substring(0, MAX_MESSAGE_CHARS) + "… (" + message.length() + " chars)");
    }

    /** Why a task on a pool gave no answer: a full queue, or the failure. */
    private static String problem(Throwable error) {
        Throwable e = ActiveRun.unwrap(error);
        return e instanceof RejectedExecutionException ? e.getMessage() : "failed: " + describe(e);
    }

    static Set<DetectorType> types(DetectorType... types) {
        Set<DetectorType> set = EnumSet.noneOf(DetectorType.class);
        for (DetectorType type : types) {
            set.add(Objects.requireNonNull(type, "detect(...) was given a null DetectorType"));
        }
        return set;
    }

    private static List<DetectionResult> failedAll(Plan plan, String reason) {
        return all(plan.types, DetectionStatus.FAILED, plan.mode, reason);
    }

    /** One result without issues per type, all with the same status, mode and reason. */
    static List<DetectionResult> all(Collection<DetectorType> types, DetectionStatus status, DetectionMode mode,
            String reason) {
        List<DetectionResult> results = new ArrayList<>();
        for (DetectorType type : types) {
            results.add(new DetectionResult(type, status, mode, List.of(), reason));
        }
        return results;
    }

    private static boolean serves(Detector detector, DetectorType type) {
        try {
            Set<DetectorType> types = detector.types();
            return types != null && types.contains(type);
        } catch (RuntimeException | LinkageError e) {
            AvaliarRuntime.warn("detector " + name(detector) + " failed to say its types; it is skipped", e);
            return false;
        }
    }

    private static boolean available(Detector detector) {
        try {
            return detector.isAvailable();
        } catch (RuntimeException | LinkageError e) {
            AvaliarRuntime.warn("detector " + name(detector) + " failed to say whether it is available", e);
            return false;
        }
    }

    private static DetectionMethod method(Detector detector) {
        try {
            DetectionMethod method = detector.method();
            return method == null ? DetectionMethod.RULE : method;
        } catch (RuntimeException e) {
            return DetectionMethod.LLM_JUDGE; // unknown: not inline
        }
    }

    private static String name(Detector detector) {
        try {
            String name = detector.name();
            return name == null || name.isBlank() ? detector.getClass().getName() : name;
        } catch (RuntimeException e) {
            return detector.getClass().getName();
        }
    }

    private static String names(List<Detector> detectors) {
        return detectors.stream().map(Detections::name).collect(Collectors.joining(", "));
    }
}
