package ai.avaliar.detection.internal;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>This class is the detection of one span from start to end: its {@link Plan}, the hand-off
 * after the call, the screening of a blocking prompt, the merge of both, and waiting for detection
 * to finish. The rest has a class each: {@link DetectionDispatcher} (the hand-off's thread),
 * {@link DetectionPools} (threads and timeouts), {@link LocalDetection} (which detectors, fan-out,
 * merge per type) and {@link DetectionTexts} (what text detectors see).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Detections {

    /** Spans waiting for the dispatcher, and tasks waiting in the pools' queues; for tests. */
    public static int queued() {
        return DetectionDispatcher.waiting() + DetectionPools.queuedTasks();
    }

    /** Spans whose detection has not finished. */
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    /** Notified when {@link #IN_FLIGHT} drops to zero; only waiters and finishing detections take it. */
    private static final Object IN_FLIGHT_LOCK = new Object();

    private Detections() {}

    // ---- at the end of the traced call ----

    /**
     * Hands a span whose call has ended to detection; never throws, never waits, and wakes no
     * thread: the caller only takes a permit of {@link DetectionSettings#capacity()} (a CAS) and
     * appends one job to a lock-free queue, which the {@link DetectionDispatcher} drains. Everything else
     * (the text, the fan-out to the pools, the timeouts) happens on the dispatcher's thread.
     */
    public static void afterCall(DetectedSpan run) {
        enter();
        DetectionPlan plan = run.plan();
        try {
            if (plan.blocked() || !run.recorded()) {
                // Blocked: the screening is the whole story. Not recorded: nobody would see the results.
                finish(run, plan.blocked() ? plan.screened() : List.of(), null);
                return;
            }
            DetectionSettings settings = run.detectionSettings();
            if (!settings.capacity().tryAcquire()) {
                finish(
                        run,
                        failedAll(
                                plan,
                                "detection queue full: " + settings.queueCapacity() + " spans are already"
                                        + " waiting for detection (AvaliarConfig.detectionQueueCapacity); this span was not checked"),
                        null);
                return;
            }
            DetectionDispatcher.submit(run, settings);
        } catch (RuntimeException | LinkageError e) {
            Sdk.warn("detection of span '" + run.name() + "' could not run", e);
            finish(run, List.of(), null);
        }
    }

    /** On the dispatcher's thread: what the caller used to do, fan the span's detection out to the pools. */
    public static void dispatch(DetectedSpan run, DetectionSettings settings) {
        DetectionPlan plan = run.plan();
        try {
            DetectionText text = new DetectionText(run.detectionInput(), run.detectionOutput());
            String cut = DetectionTexts.cutNote(text);
            CompletableFuture<List<DetectionResult>> results;
            try {
                results = plan.mode() == DetectionMode.CLOUD
                        ? cloud(run, plan, text, settings)
                        : LocalDetection.local(plan.types(), text, settings, false);
            } catch (RuntimeException | LinkageError e) {
                results =
                        CompletableFuture.completedFuture(failedAll(plan, "detection could not start: " + describe(e)));
            }
            results.whenComplete((list, error) -> finish(
                    run,
                    list != null
                            ? merge(plan.screened(), noted(list, cut))
                            : failedAll(plan, "detection failed: " + describe(error)),
                    settings));
        } catch (RuntimeException | LinkageError e) {
            Sdk.warn("detection of span '" + run.name() + "' could not run", e);
            finish(run, failedAll(plan, "detection could not start: " + describe(e)), settings);
        }
    }

    private static void finish(DetectedSpan run, List<DetectionResult> results, DetectionSettings permit) {
        try {
            run.finishDetection(results);
        } finally {
            if (permit != null) {
                permit.capacity().release();
            }
            leave();
        }
    }

    private static CompletableFuture<List<DetectionResult>> cloud(
            DetectedSpan run, DetectionPlan plan, DetectionText text, DetectionSettings settings) {
        Duration wait = settings.timeout().plus(Duration.ofSeconds(2));
        return askCloud(
                run,
                plan,
                text,
                settings,
                CloudDetectionClient.STAGE_SPAN,
                wait,
                all(
                        plan.types(),
                        DetectionStatus.PENDING,
                        DetectionMode.CLOUD,
                        "no answer from the detection service within " + Durations.format(wait)));
    }

    /**
     * Asks the detection service about {@code text} on the cloud pool; {@code onTimeout} when no
     * answer comes within {@code wait}, FAILED results when the service is not set up or the
     * request fails.
     */
    private static CompletableFuture<List<DetectionResult>> askCloud(
            DetectedSpan run,
            DetectionPlan plan,
            DetectionText text,
            DetectionSettings settings,
            String stage,
            Duration wait,
            List<DetectionResult> onTimeout) {
        String problem = settings.cloudProblem();
        if (problem != null) {
            return CompletableFuture.completedFuture(failedAll(plan, problem));
        }
        SpanContext ids = run.spanContext();
        return DetectionPools.onPool(
                        DetectionPools.CLOUD,
                        () -> settings.client().detect(ids.getTraceId(), ids.getSpanId(), plan.types(), text, stage),
                        wait,
                        onTimeout)
                .exceptionally(error -> failedAll(plan, problem(error)));
    }

    // ---- before the body runs (blocking) ----

    /**
     * Screens the prompt of a blocking span; the caller waits for it, at most about the detection
     * timeout. Rule detectors run on the caller's thread; LLM judges and the cloud request run on
     * the detection threads, and are given up (FAILED, not blocking) when the timeout comes. Never throws.
     */
    public static List<DetectionResult> screen(DetectedSpan run) {
        DetectionPlan plan = run.plan();
        DetectionSettings settings = run.detectionSettings();
        DetectionText prompt = new DetectionText(run.detectionInput(), "");
        String cut = DetectionTexts.cutNote(prompt);
        try {
            if (plan.mode() == DetectionMode.CLOUD) {
                Duration timeout = settings.timeout();
                List<DetectionResult> onTimeout = failedAll(
                        plan,
                        "the detection service did not answer within "
                                + Durations.format(timeout)
                                + " (AvaliarConfig.detectionTimeout, AVALIAR_DETECTION_TIMEOUT); the prompt was not"
                                + " screened");
                return noted(
                        askCloud(run, plan, prompt, settings, CloudDetectionClient.STAGE_PROMPT, timeout, onTimeout)
                                .join(),
                        cut);
            }
            return noted(
                    LocalDetection.local(plan.types(), prompt, settings, true).join(), cut);
        } catch (RuntimeException | LinkageError e) {
            return failedAll(plan, "screening the prompt failed: " + describe(e));
        }
    }

    /** The issues of {@code HIGH} severity or worse: those that block a prompt. */
    public static List<DetectionIssue> blocking(List<DetectionResult> results) {
        List<DetectionIssue> blocking = new ArrayList<>();
        for (DetectionResult result : results) {
            for (DetectionIssue issue : result.issues()) {
                if (issue.severity().isAtLeast(Severity.HIGH)) {
                    blocking.add(issue);
                }
            }
        }
        return blocking;
    }

    // ---- local detection ----

    /**
     * The end-of-span results with the screening's added: an issue found by both (same type,
     * category, ranges and method) is reported once.
     */
    public static List<DetectionResult> merge(List<DetectionResult> screened, List<DetectionResult> atEnd) {
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
            merged.add(new DetectionResult(
                    end.detector(), status, end.mode(), new ArrayList<>(issues.values()), String.join("; ", reasons)));
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
    public static boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (IN_FLIGHT.get() > 0) {
            DetectionDispatcher.wake(); // spans may be waiting for its next poll
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (IN_FLIGHT_LOCK) {
                if (IN_FLIGHT.get() > 0) {
                    TimeUnit.NANOSECONDS.timedWait(
                            IN_FLIGHT_LOCK, Math.min(left, DetectionDispatcher.SHORT_PARK_NANOS * 10));
                }
            }
        }
        return true;
    }

    // ---- helpers ----

    /** The results, each with {@code note} added to its reason; the same list when there is no note. */
    public static List<DetectionResult> noted(List<DetectionResult> results, String note) {
        if (note == null) {
            return results;
        }
        List<DetectionResult> noted = new ArrayList<>(results.size());
        for (DetectionResult r : results) {
            noted.add(new DetectionResult(
                    r.detector(),
                    r.status(),
                    r.mode(),
                    r.issues(),
                    r.reason().isEmpty() ? note : r.reason().contains(note) ? r.reason() : r.reason() + "; " + note));
        }
        return noted;
    }

    /** At most this much of an exception's message is recorded: it may carry the text being checked. */
    public static final int MAX_MESSAGE_CHARS = 200;

    /** An exception as a reason: its class and the start of its message. */
    public static String describe(Throwable error) {
        Throwable e = Sdk.unwrap(error);
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getName();
        }
        return e.getClass().getName() + ": "
                + (message.length() <= MAX_MESSAGE_CHARS
                        ? message
                        : message.substring(0, MAX_MESSAGE_CHARS) + "… (" + message.length() + " chars)");
    }

    /** Why a task on a pool gave no answer: a full queue, or the failure. */
    public static String problem(Throwable error) {
        Throwable e = Sdk.unwrap(error);
        return e instanceof RejectedExecutionException ? e.getMessage() : "failed: " + describe(e);
    }

    public static Set<DetectorType> types(DetectorType... types) {
        Set<DetectorType> set = EnumSet.noneOf(DetectorType.class);
        for (DetectorType type : types) {
            set.add(Objects.requireNonNull(type, "detect(...) was given a null DetectorType"));
        }
        return set;
    }

    private static List<DetectionResult> failedAll(DetectionPlan plan, String reason) {
        return all(plan.types(), DetectionStatus.FAILED, plan.mode(), reason);
    }

    /** One result without issues per type, all with the same status, mode and reason. */
    public static List<DetectionResult> all(
            Collection<DetectorType> types, DetectionStatus status, DetectionMode mode, String reason) {
        List<DetectionResult> results = new ArrayList<>();
        for (DetectorType type : types) {
            results.add(new DetectionResult(type, status, mode, List.of(), reason));
        }
        return results;
    }
}
