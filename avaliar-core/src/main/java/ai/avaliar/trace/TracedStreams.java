package ai.avaliar.trace;

import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.context.Scope;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Stream, iterator and publisher wrappers: the producer runs with the span current, the
 * consumer without; the span ends on exhaustion, close, cancel or failure.
 */
final class TracedStreams {

    private TracedStreams() {}

    static <T> Stream<T> stream(Stream<T> source, ActiveRun run) {
        TracingSpliterator<T> spliterator = new TracingSpliterator<>(source, run);
        return StreamSupport.stream(spliterator, false).onClose(spliterator::close);
    }

    /** Pulls one element from the source with the span current; the consumer runs outside it. */
    private static final class TracingSpliterator<T> implements Spliterator<T>, Consumer<T> {
        private final Stream<T> source;
        private final ActiveRun run;
        private Spliterator<T> upstream;
        private boolean done;
        private T next;

        TracingSpliterator(Stream<T> source, ActiveRun run) {
            this.source = source;
            this.run = run;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            if (done) {
                return false;
            }
            boolean advanced;
            try (Scope ignored = run.context().makeCurrent()) {
                if (upstream == null) {
                    upstream = source.spliterator();
                }
                advanced = upstream.tryAdvance(this); // takes the item through accept: no lambda per chunk
            } catch (RuntimeException | Error e) {
                done = true;
                run.fail(e);
                throw e;
            }
            if (!advanced) {
                done = true;
                run.end();
                return false;
            }
            T item = next;
            next = null;
            run.chunk(item);
            action.accept(item);
            return true;
        }

        /** Receives the item the source produced, in {@link #tryAdvance}. */
        @Override
        public void accept(T item) {
            next = item;
        }

        void close() {
            try {
                source.close();
            } finally {
                if (!done) {
                    done = true;
                    run.cancelStream();
                }
            }
        }

        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return Long.MAX_VALUE;
        }

        @Override
        public int characteristics() {
            return ORDERED;
        }
    }

    static <T> TracedIterator<T> iterator(Iterator<T> source, ActiveRun run) {
        return new Traced<>(source, run);
    }

    static <T> TracedIterator<T> untraced(Iterator<T> source) {
        return new Traced<>(source, null);
    }

    private static final class Traced<T> implements TracedIterator<T> {
        private final Iterator<T> source;
        private final ActiveRun run; // null: not traced
        private boolean done;
        private boolean ready; // the source said it has a next element, and it has not been taken yet
        private boolean handedOut;

        Traced(Iterator<T> source, ActiveRun run) {
            this.source = source;
            this.run = run;
        }

        @Override
        public boolean hasNext() {
            if (done) {
                return false;
            }
            if (ready) {
                return true; // asked already: the source is not asked again, nor the span made current again
            }
            boolean more;
            try (Scope ignored = run == null ? null : run.context().makeCurrent()) {
                more = source.hasNext();
            } catch (RuntimeException | Error e) {
                done = true;
                if (run != null) {
                    run.fail(e);
                }
                throw e;
            }
            if (!more) {
                done = true;
                if (run != null) {
                    run.end();
                }
            }
            ready = more;
            return more;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the traced iterator is exhausted");
            }
            ready = false;
            T item;
            try (Scope ignored = run == null ? null : run.context().makeCurrent()) {
                item = source.next();
            } catch (RuntimeException | Error e) {
                done = true;
                if (run != null) {
                    run.fail(e);
                }
                throw e;
            }
            if (run != null) {
                run.chunk(item);
            }
            return item;
        }

        @Override
        public Iterator<T> iterator() {
            if (handedOut) {
                throw new IllegalStateException(
                        "a traced iterator can be iterated once; call iterate(...) again" + " for a new traced call");
            }
            handedOut = true;
            return this;
        }

        @Override
        public void close() {
            try {
                if (source instanceof AutoCloseable) {
                    ((AutoCloseable) source).close();
                }
            } catch (Exception e) {
                Sdk.warn("closing the source of a traced iterator failed", e);
            } finally {
                if (!done) {
                    done = true;
                    if (run != null) {
                        run.cancelStream();
                    }
                }
            }
        }
    }

    static <T> void subscribe(Flow.Publisher<T> publisher, Flow.Subscriber<? super T> subscriber, ActiveRun run) {
        try (Scope ignored = run.context().makeCurrent()) {
            publisher.subscribe(new TracingSubscriber<>(subscriber, run));
        }
    }

    static void failSubscriber(Flow.Subscriber<?> subscriber, Throwable error) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        subscriber.onError(error);
    }

    private static final class TracingSubscriber<T> implements Flow.Subscriber<T> {
        private final Flow.Subscriber<? super T> downstream;
        private final ActiveRun run;
        private final AtomicBoolean finished = new AtomicBoolean();

        TracingSubscriber(Flow.Subscriber<? super T> downstream, ActiveRun run) {
            this.downstream = downstream;
            this.run = run;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            downstream.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    try (Scope ignored = run.context().makeCurrent()) {
                        subscription.request(n);
                    }
                }

                @Override
                public void cancel() {
                    try (Scope ignored = run.context().makeCurrent()) {
                        subscription.cancel();
                    } finally {
                        if (finished.compareAndSet(false, true)) {
                            run.cancelStream();
                        }
                    }
                }
            });
        }

        @Override
        public void onNext(T item) {
            run.chunk(item);
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable error) {
            if (finished.compareAndSet(false, true)) {
                run.fail(error);
            }
            downstream.onError(error);
        }

        @Override
        public void onComplete() {
            if (finished.compareAndSet(false, true)) {
                run.end();
            }
            downstream.onComplete();
        }
    }
}
