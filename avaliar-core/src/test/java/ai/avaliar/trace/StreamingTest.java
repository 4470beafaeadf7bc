package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.trace.data.CapturedSpan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamingTest {

    @RegisterExtension
    final Capture capture = new Capture();

    private static Stream<String> words() {
        return Stream.of("a", "b", "c", "d", "e");
    }

    @Test
    void a_stream_closed_halfway_ends_its_span_as_cancelled_with_the_partial_output() {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        List<String> firstTwo;
        try (Stream<String> chunks = Avaliar.llm("story").stream(() -> words().onClose(() -> sourceClosed.set(true)))) {
            firstTwo = chunks.limit(2).collect(Collectors.toList());
        }

        CapturedSpan span = capture.trace().root();
        assertThat(firstTwo).containsExactly("a", "b");
        assertThat(span.output()).isEqualTo("ab");
        assertThat(span.attribute(AvaliarAttributes.STREAM_CANCELLED)).isTrue();
        assertThat(span.isError()).isFalse();
        assertThat(sourceClosed).as("the provider's stream is closed too").isTrue();
    }

    @Test
    void a_stream_abandoned_without_close_keeps_its_span_open() {
        Stream<String> chunks = Avaliar.llm("story").stream(StreamingTest::words);
        chunks.iterator().next();

        assertThat(capture.exporter.spans())
                .as("an abandoned stream's span stays open; the JUnit extension reports it by name")
                .isEmpty();
        chunks.close();
        assertThat(capture.trace().root().attribute(AvaliarAttributes.STREAM_CANCELLED))
                .isTrue();
    }

    @Test
    void an_exception_in_a_stream_marks_the_span_failed_and_reaches_the_consumer_unchanged() {
        IllegalStateException boom = new IllegalStateException("connection reset");
        Stream<String> chunks =
                Avaliar.llm("story").stream(() -> Stream.of("a", "b", "c").map(chunk -> {
                    if (chunk.equals("c")) {
                        throw boom;
                    }
                    return chunk;
                }));

        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> chunks.forEach(seen::add)).isSameAs(boom);

        CapturedSpan span = capture.trace().root();
        assertThat(seen).containsExactly("a", "b");
        assertThat(span.isError()).isTrue();
        assertThat(span.errorMessage()).hasValue("connection reset");
        assertThat(span.exception().orElseThrow().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(span.output()).isEqualTo("ab");
    }

    @Test
    void chunks_that_are_not_text_are_recorded_as_a_list() {
        record Delta(String text) {}
        Avaliar.llm("deltas").stream(() -> Stream.of(new Delta("Hel"), new Delta("lo")))
                .forEach(d -> {});

        assertThat(capture.trace().root().outputJson()).isEqualTo("[{\"text\":\"Hel\"},{\"text\":\"lo\"}]");
    }

    @Test
    void a_traced_iterator_reads_in_a_for_each_loop_and_ends_when_exhausted() {
        StringBuilder read = new StringBuilder();
        for (String chunk : Avaliar.llm("story").iterate(() -> List.of("x", "y").iterator())) {
            read.append(chunk);
        }

        assertThat(read).hasToString("xy");
        assertThat(capture.trace().root().output()).isEqualTo("xy");
        assertThat(capture.trace().root().attribute(AvaliarAttributes.STREAM_CANCELLED))
                .isNull();
    }

    @Test
    void a_traced_iterator_closed_early_is_cancelled() {
        try (TracedIterator<String> chunks = Avaliar.llm("story").iterate(() -> words().iterator())) {
            chunks.next();
        }

        assertThat(capture.trace().root().output()).isEqualTo("a");
        assertThat(capture.trace().root().attribute(AvaliarAttributes.STREAM_CANCELLED))
                .isTrue();
    }

    @Test
    void a_traced_iterator_can_be_iterated_once() {
        TracedIterator<String> chunks = Avaliar.llm("story").iterate(() -> words().iterator());
        chunks.iterator();

        assertThatThrownBy(chunks::iterator)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("iterated once");
        chunks.close();
    }

    @Test
    void the_producer_of_an_iterator_runs_with_the_span_current() {
        Iterator<String> producer = new Iterator<>() {
            int left = 2;

            @Override
            public boolean hasNext() {
                if (left == 0) {
                    Avaliar.updateCurrentLlmRun(7, 2); // the final chunk's usage
                }
                return left > 0;
            }

            @Override
            public String next() {
                left--;
                return "t";
            }
        };
        Avaliar.llm("story").iterate(() -> producer).forEachRemaining(t -> {});

        assertThat(capture.trace().root().inputTokens()).hasValue(7);
        assertThat(capture.misuses).isEmpty();
    }

    @Test
    void a_cancelled_subscription_ends_the_publisher_span_as_cancelled() throws Exception {
        Flow.Publisher<String> endless = Avaliar.llm("endless")
                .publish(() -> subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        for (long i = 0; i < n; i++) {
                            subscriber.onNext("tick ");
                        }
                    }

                    @Override
                    public void cancel() {}
                }));
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        endless.subscribe(new Flow.Subscriber<>() {
            Flow.Subscription subscription;
            int seen;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(String item) {
                if (++seen == 2) {
                    subscription.cancel();
                    cancelled.complete(null);
                } else {
                    subscription.request(1);
                }
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        });
        cancelled.get(5, TimeUnit.SECONDS);

        CapturedSpan span = capture.trace().root();
        assertThat(span.output()).isEqualTo("tick tick ");
        assertThat(span.attribute(AvaliarAttributes.STREAM_CANCELLED)).isTrue();
    }

    @Test
    void a_publisher_that_fails_to_open_reports_on_error_and_fails_the_span() {
        List<Throwable> errors = new ArrayList<>();
        Flow.Publisher<String> broken = Avaliar.llm("broken").publish(() -> {
            throw new IllegalArgumentException("bad request");
        });
        broken.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {}

            @Override
            public void onNext(String item) {}

            @Override
            public void onError(Throwable throwable) {
                errors.add(throwable);
            }

            @Override
            public void onComplete() {}
        });

        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("bad request");
        assertThat(capture.trace().root().errorMessage()).hasValue("bad request");
    }

    @Test
    void a_huge_streamed_output_is_truncated_with_a_visible_marker() {
        String chunk = "x".repeat(1_000);
        Avaliar.llm("huge").stream(() -> Stream.generate(() -> chunk).limit(10_000))
                .forEach(c -> {});

        String output = capture.trace().root().output();
        assertThat(output).startsWith("xxx").endsWith("…[avaliar: truncated, 32768 of 10000000 chars kept]");
        assertThat(output.length()).isLessThan(33_000);
    }
}
