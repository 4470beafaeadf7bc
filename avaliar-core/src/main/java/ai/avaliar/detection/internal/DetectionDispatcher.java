package ai.avaliar.detection.internal;

import ai.avaliar.trace.internal.Sdk;
import java.util.concurrent.TimeUnit;

/**
 * The one thread ({@code avaliar-detection-dispatch}) between the traced calls and the
 * detection pools. Callers append a job and never wake it: it polls, parking for
 * {@link #SHORT_PARK_NANOS} when the queue is empty and for {@link #LONG_PARK_NANOS} once it
 * has been idle a while, and it stops after {@link #IDLE_EXIT_NANOS} idle (the next span starts
 * it again). {@link Detections#await} wakes it, so waiting for detection does not wait for a park to end.
 * The queue holds at most the sum of the live configurations' capacities: every job holds a permit.
 *
 * <p>Polling was measured against a signalling hand-off like BatchSpanProcessor's (the dispatcher
 * parked until a caller finding it parked unparks it; DetectionBenchmark, docs/benchmarks.md): the
 * unpark is a system call on the traced call's thread: a span handed to an idle dispatcher cost the
 * caller 8.2 us at the median instead of 1.7 (1.45 against 1.25 in bursts of 16), while polling
 * costs the dispatcher about 0.5% of a core for the minute after a burst. Polling stays.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class DetectionDispatcher {
    public static final long SHORT_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    public static final long LONG_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Idle this long, the dispatcher parks for {@link #LONG_PARK_NANOS} between polls. */
    public static final long SHORT_PARKS_FOR_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Idle this long, the dispatcher's thread ends. */
    public static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final java.util.concurrent.ConcurrentLinkedQueue<Job> JOBS =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final java.util.concurrent.atomic.AtomicReference<Thread> THREAD =
            new java.util.concurrent.atomic.AtomicReference<>();

    private record Job(DetectedSpan run, DetectionSettings settings) {}

    private DetectionDispatcher() {}

    public static void submit(DetectedSpan run, DetectionSettings settings) {
        JOBS.offer(new Job(run, settings));
        if (THREAD.get() == null) {
            start();
        }
    }

    /** Spans handed over and not yet dispatched; for tests. */
    public static int waiting() {
        return JOBS.size();
    }

    /** Wakes the dispatcher; never on a traced call's path. */
    public static void wake() {
        Thread thread = THREAD.get();
        if (thread != null) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }

    /** Starts the thread unless one runs; rare: the first span, or the first after a long idle. */
    private static void start() {
        Thread thread = new Thread(DetectionDispatcher::run, "avaliar-detection-dispatch");
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
                    Detections.dispatch(job.run(), job.settings());
                } catch (Throwable e) { // the dispatcher must survive anything one span does
                    Sdk.warn("detection of span '" + job.run().name() + "' could not run", e);
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
            java.util.concurrent.locks.LockSupport.parkNanos(
                    DetectionDispatcher.class, idle < SHORT_PARKS_FOR_NANOS ? SHORT_PARK_NANOS : LONG_PARK_NANOS);
        }
    }
}
