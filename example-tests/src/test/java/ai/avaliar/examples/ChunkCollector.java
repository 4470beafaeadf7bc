package ai.avaliar.examples;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strict subscriber for streamed answers: it asks for one chunk at a time, and for the next
 * only after handling the last, from another thread (as a slow consumer would); it keeps every
 * chunk, completes a future at the end, and fails it if a publisher sends a chunk it did not ask
 * for (Reactive Streams rule 1.1).
 */
final class ChunkCollector implements Flow.Subscriber<String> {

    final List<String> chunks = new CopyOnWriteArrayList<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();
    private final AtomicLong demand = new AtomicLong();
    private Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription granted) {
        subscription = granted;
        demand.incrementAndGet();
        granted.request(1);
    }

    @Override
    public void onNext(String chunk) {
        if (demand.decrementAndGet() < 0) {
            done.completeExceptionally(new AssertionError("got chunk <" + chunk + "> without asking for it"));
            return;
        }
        chunks.add(chunk);
        CompletableFuture.runAsync(
                () -> {
                    demand.incrementAndGet();
                    subscription.request(1);
                },
                CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        done.complete(List.copyOf(chunks));
    }
}
