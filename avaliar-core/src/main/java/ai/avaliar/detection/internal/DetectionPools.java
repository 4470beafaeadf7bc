package ai.avaliar.detection.internal;

import java.time.Duration;
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

/**
 * The detection threads: separate bounded pools for rule detectors, LLM judges and cloud requests,
 * so slow model calls never starve the rules of other spans, and the timer that cancels a call
 * (interrupted if running, dropped if queued) when its timeout comes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class DetectionPools {

    /** Threads of rule detectors: fast, CPU-bound, never queued behind a model call. */
    public static final int THREADS =
            Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    /** Threads of LLM judges: waiting on a model, so more of them; they cannot take a rule's thread. */
    public static final int JUDGE_THREADS = 16;

    /** Threads of requests to the cloud detection service. */
    public static final int CLOUD_THREADS = 8;

    /**
     * Detector calls (and cloud requests) waiting for a thread, per pool; beyond it a call fails as
     * "detection queue full". A call that timed out is cancelled and taken out of the queue, so it
     * holds neither a thread's turn nor its text.
     */
    public static final int QUEUED_TASKS = 1024;

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    public static final ThreadPoolExecutor RULES = pool(THREADS);

    public static final ThreadPoolExecutor JUDGES = pool(JUDGE_THREADS);

    public static final ThreadPoolExecutor CLOUD = pool(CLOUD_THREADS);

    private static ThreadPoolExecutor pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_TASKS), task -> {
                    Thread thread = new Thread(task, "avaliar-detection-" + THREAD_NUMBER.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Runs {@code work} on {@code pool}, answering {@code onTimeout} when it has not finished in
     * time; then the work is cancelled: interrupted if running, taken out of the queue if waiting.
     * A full queue completes the future exceptionally with {@link RejectedExecutionException}.
     */
    public static <T> CompletableFuture<T> onPool(
            ThreadPoolExecutor pool, Callable<T> work, Duration timeout, T onTimeout) {
        TimedTask<T> task = new TimedTask<>(work);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.result.completeExceptionally(new RejectedExecutionException("detection queue full: " + QUEUED_TASKS
                    + " detector calls are already waiting for a thread; this one was not made"));
            return task.result;
        }
        try {
            task.timer = TIMER.schedule(
                    () -> {
                        if (!task.isDone()) {
                            // Cancelled first, so the queue slot and the text are free by the time anyone sees the
                            // result.
                            task.cancel(true);
                            pool.remove(task);
                            task.result.complete(onTimeout);
                        }
                    },
                    Math.max(1, timeout.toNanos()),
                    TimeUnit.NANOSECONDS);
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

    private DetectionPools() {}

    /** Tasks waiting in the pools' queues; for tests. */
    public static int queuedTasks() {
        return RULES.getQueue().size()
                + JUDGES.getQueue().size()
                + CLOUD.getQueue().size();
    }
}
