package ai.avaliar.trace;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
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
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs the detectors a span asked for. At the end of the traced call the caller only records
 * when it ended and hands the span over; the detectors run on a small pool of daemon threads
 * ({@code avaliar-detection-N}), their results become {@code avaliar.detection} events, and the
 * span ends at the recorded time. Whatever goes wrong becomes a {@code FAILED} result; the traced
 * call never sees it. Bounded everywhere: a per-configuration number of spans in detection
 * ({@link DetectionSettings#capacity()}), a timeout per span, a fixed number of threads.
 */
final class Detections {

    static final int THREADS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** Longest text a detector is given; the rest of a longer single string is not screened. */
    static final int MAX_TEXT_CHARS = 1 << 20;
    /**
     * Detector calls waiting for a thread, across configurations; beyond it a call fails as "detection
     * queue full". A call whose span timed out is skipped when its turn comes (its future is complete).
     */
    static final int QUEUED_TASKS = 10_000;

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED_TASKS), task -> {
                Thread thread = new Thread(task, "avaliar-detection-" + THREAD_NUMBER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    static {
        POOL.allowCoreThreadTimeOut(true);
    }

    private static final Object IN_FLIGHT_LOCK = new Object();
    private static int inFlight; // guarded by IN_FLIGHT_LOCK: spans whose detection has not finished

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

    /** Hands a span whose call has ended to detection; never throws, never waits. */
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
            DetectionText text = new DetectionText(run.detectionInput(), run.detectionOutput());
            CompletableFuture<List<DetectionResult>> results;
            try {
                results = plan.mode == DetectionMode.CLOUD ? cloud(run, plan, text, settings)
                        : local(plan.types, text, settings, false);
            } catch (RuntimeException | LinkageError e) {
                results = CompletableFuture.completedFuture(failedAll(plan, "detection could not start: " + e));
            }
            results.whenComplete((list, error) -> finish(run, list != null ? merge(plan.screened, list)
                    : failedAll(plan, "detection failed: " + error), settings));
        } catch (RuntimeException | LinkageError e) {
            AvaliarRuntime.warn("detection of span '" + run.name() + "' could not run", e);
            finish(run, List.of(), null);
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
        Duration margin = Duration.ofSeconds(2);
        CompletableFuture<List<DetectionResult>> asked;
        try {
            asked = CompletableFuture.supplyAsync(
                    () -> settings.client().detect(ids.getTraceId(), ids.getSpanId(), plan.types, text), POOL);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(failedAll(plan, "detection queue full"));
        }
        return asked
                .completeOnTimeout(all(plan.types, DetectionStatus.PENDING, "no answer from the detection service within "
                        + CloudDetectionClient.format(settings.timeout().plus(margin))), settings.timeout().plus(margin).toMillis(),
                        TimeUnit.MILLISECONDS)
                .exceptionally(error -> failedAll(plan, "cloud detection failed: " + error));
    }

    // ---- before the body runs (blocking) ----

    /** Screens the prompt of a blocking span, on the caller's thread; bounded; never throws. */
    static List<DetectionResult> screen(ActiveRun run) {
        Plan plan = run.plan();
        DetectionSettings settings = run.settings().detection();
        DetectionText prompt = new DetectionText(run.detectionInput(), "");
        try {
            if (plan.mode == DetectionMode.CLOUD) {
                String problem = settings.cloudProblem();
                if (problem != null) {
                    return failedAll(plan, problem);
                }
                SpanContext ids = run.span().getSpanContext();
                return settings.client().detect(ids.getTraceId(), ids.getSpanId(), plan.types, prompt);
            }
            return local(plan.types, prompt, settings, true).join();
        } catch (RuntimeException | LinkageError e) {
            return failedAll(plan, "screening the prompt failed: " + e);
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
        List<CompletableFuture<DetectionResult>> perType = new ArrayList<>();
        for (DetectorType type : types) {
            perType.add(localType(type, detectors, text, settings.timeout(), inline));
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
                            + (unavailable.size() == 1 ? "it" : "them") + " (an LLM judge needs OPENAI_API_KEY)";
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
        CompletableFuture<Outcome> outcome;
        if (inline && method(detector) == DetectionMethod.RULE) {
            outcome = CompletableFuture.completedFuture(call(detector, name, type, text));
        } else {
            try {
                outcome = CompletableFuture.supplyAsync(() -> call(detector, name, type, text), POOL);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(new Outcome(name, List.of(), "detection queue full"));
            }
        }
        return outcome
                .completeOnTimeout(new Outcome(name, List.of(), "timed out after " + CloudDetectionClient.format(timeout)
                        + " (AvaliarConfig.detectionTimeout, AVALIAR_DETECTION_TIMEOUT)"), timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(error -> new Outcome(name, List.of(), "failed: " + error));
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
            String message = e.getMessage();
            return new Outcome(name, List.of(), "failed: " + e.getClass().getName() + (message == null ? "" : ": " + message));
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
            DetectionStatus status = end.status() == DetectionStatus.COMPLETED ? first.status() : end.status();
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
        synchronized (IN_FLIGHT_LOCK) {
            inFlight++;
        }
    }

    private static void leave() {
        synchronized (IN_FLIGHT_LOCK) {
            inFlight--;
            if (inFlight <= 0) {
                inFlight = 0;
                IN_FLIGHT_LOCK.notifyAll();
            }
        }
    }

    /** Waits until no span is in detection; true when none is, false when the timeout came first. */
    static boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (IN_FLIGHT_LOCK) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(IN_FLIGHT_LOCK, left);
            }
            return true;
        }
    }

    // ---- helpers ----

    /** The text a detector sees for a single string input or output: itself, up to {@link #MAX_TEXT_CHARS}. */
    static String text(CharSequence value) {
        return value.length() <= MAX_TEXT_CHARS ? value.toString() : value.subSequence(0, MAX_TEXT_CHARS).toString();
    }

    /** The input text of a span: a single string input as itself, otherwise the recorded JSON. */
    static String inputText(Pairs inputs, String recordedJson) {
        if (inputs == null || inputs.size() == 0) {
            return "";
        }
        if (inputs.size() == 1 && inputs.value(0) instanceof CharSequence) {
            return text((CharSequence) inputs.value(0));
        }
        return recordedJson == null ? "" : recordedJson;
    }

    static Set<DetectorType> types(DetectorType... types) {
        Set<DetectorType> set = EnumSet.noneOf(DetectorType.class);
        for (DetectorType type : types) {
            set.add(Objects.requireNonNull(type, "detect(...) was given a null DetectorType"));
        }
        return set;
    }

    private static List<DetectionResult> failedAll(Plan plan, String reason) {
        return all(plan.types, DetectionStatus.FAILED, reason).stream()
                .map(r -> new DetectionResult(r.detector(), r.status(), plan.mode, r.issues(), r.reason()))
                .collect(Collectors.toList());
    }

    private static List<DetectionResult> all(Collection<DetectorType> types, DetectionStatus status, String reason) {
        List<DetectionResult> results = new ArrayList<>();
        for (DetectorType type : types) {
            results.add(new DetectionResult(type, status, DetectionMode.CLOUD, List.of(), reason));
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
