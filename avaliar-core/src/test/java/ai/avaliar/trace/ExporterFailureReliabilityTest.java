package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An exporter that throws, hangs or is slow never changes a traced call: same return values,
 * the same exceptions, no waiting, and memory bounded by the span processor's queue. Tested with
 * the batch pipeline {@code Avaliar.configure(AvaliarConfig)} builds (over real HTTP), the same
 * batch processor around exporters of our own, and the simple processor users may configure.
 *
 * <p>Under {@code SimpleSpanProcessor}, OpenTelemetry calls {@code export} on the thread that ends
 * the span: an exporter whose {@code export} method itself blocks blocks that thread, by
 * OpenTelemetry's design. The hanging and slow exporters here are asynchronous, as OTLP exporters
 * are (their result completes late or never); under the batch processor they also block inside
 * {@code export}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExporterFailureReliabilityTest {

    /** More spans than the batch processor's queue (2048) and one batch in flight (512) hold. */
    static final int MANY = 10_000;

    static final int QUEUE = 2048;
    static final int BATCH = 512;
    /** Generous: tracing that waited for the exporter would take minutes or forever. */
    static final Duration NOT_BLOCKED = Duration.ofSeconds(20);

    private final List<Runnable> cleanUp = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).run();
        }
        Avaliar.shutdown();
    }

    // ---- the traced calls, checked for being unaffected ----

    /**
     * {@code calls} traced calls of every kind, each checked against what it returns or throws
     * untraced; each makes two spans (a generic step with an llm call inside, neither of which
     * repeats its name in an attribute, so a receiver can count them by name).
     */
    static void tracedCallsAreUnaffected(int calls) {
        assertTimeoutPreemptively(
                NOT_BLOCKED,
                () -> {
                    for (int i = 0; i < calls; i++) {
                        int n = i;
                        if (n % 100 == 7) {
                            IOException failure = new IOException("failure " + n);
                            assertThatThrownBy(() -> Avaliar.generic("xq-span")
                                            .input("n", n)
                                            .call(() -> {
                                                Avaliar.llm("xq-span").run(run -> run.usage(1, 1));
                                                throw failure;
                                            }))
                                    .as("the call's own exception, unchanged")
                                    .isSameAs(failure);
                        } else if (n % 100 == 8) {
                            IllegalStateException failure = new IllegalStateException("async failure " + n);
                            CompletableFuture<String> result = Avaliar.generic("xq-span")
                                    .callAsync(() -> {
                                        Avaliar.llm("xq-span").run(run -> run.usage(1, 1));
                                        return CompletableFuture.failedFuture(failure);
                                    });
                            assertThatThrownBy(result::join)
                                    .isInstanceOf(CompletionException.class)
                                    .hasCause(failure);
                        } else {
                            Integer result = Avaliar.generic("xq-span")
                                    .input("n", n)
                                    .call(() -> Avaliar.llm("xq-span").call(run -> {
                                        run.usage(n, 1);
                                        return n * 2;
                                    }));
                            assertThat(result).isEqualTo(n * 2);
                        }
                    }
                },
                "traced calls waited for the exporter");
    }

    private void configure(SpanProcessor processor) {
        SdkTracerProvider provider =
                SdkTracerProvider.builder().addSpanProcessor(processor).build();
        Avaliar.configure(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
        cleanUp.add(() -> provider.shutdown()); // not joined: a hanging exporter may still hold it
    }

    /** The batch processor as {@code Exporting} builds it for {@code AvaliarConfig.endpoint}. */
    static SpanProcessor batchAsAvaliarBuildsIt(SpanExporter exporter) {
        return BatchSpanProcessor.builder(exporter)
                .setExporterTimeout(Duration.ofSeconds(10)) // AvaliarConfig's default exportTimeout
                .setMaxQueueSize(QUEUE)
                .build();
    }

    // ---- the batch processor Avaliar builds, around our own exporters ----

    @Nested
    class With_the_batch_processor_Avaliar_builds {

        @Test
        void an_exporter_that_throws_changes_no_call() {
            CountingExporter exporter = new CountingExporter(spans -> {
                throw new IllegalStateException("exporter down");
            });
            SpanProcessor batch = batchAsAvaliarBuildsIt(exporter);
            configure(batch);

            tracedCallsAreUnaffected(1_000);

            assertThat(batch.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                    .isTrue();
            assertThat(exporter.received())
                    .as("every span was offered to the exporter")
                    .isEqualTo(2_000);
        }

        @Test
        void an_exporter_that_never_returns_blocks_no_call_and_the_queue_bounds_what_is_kept() {
            CountDownLatch release = new CountDownLatch(1);
            CountingExporter exporter = new CountingExporter(spans -> {
                release.await(); // blocks the processor's thread until the test ends
                return CompletableResultCode.ofSuccess();
            });
            SpanProcessor batch = batchAsAvaliarBuildsIt(exporter);
            configure(batch);
            cleanUp.add(release::countDown);

            tracedCallsAreUnaffected(MANY / 2);

            // Everything kept is exported once the exporter comes back: at most a batch in flight and a full queue.
            release.countDown();
            batch.forceFlush().join(10, TimeUnit.SECONDS);
            assertThat(exporter.received())
                    .as("spans kept while the exporter hung, of %d", MANY)
                    .isGreaterThanOrEqualTo(QUEUE)
                    .isLessThanOrEqualTo(QUEUE + BATCH);
        }

        @Test
        void a_slow_exporter_blocks_no_call_and_the_queue_bounds_what_is_kept() {
            CountingExporter exporter = new CountingExporter(spans -> {
                Thread.sleep(200);
                return CompletableResultCode.ofSuccess();
            });
            SpanProcessor batch = batchAsAvaliarBuildsIt(exporter);
            configure(batch);

            tracedCallsAreUnaffected(MANY / 2);

            batch.forceFlush().join(20, TimeUnit.SECONDS);
            assertThat(exporter.received()).as("spans exported, of %d", MANY).isBetween(1L, (long) MANY);
        }
    }

    // ---- the simple processor, as users may configure it ----

    @Nested
    class With_the_simple_processor {

        @Test
        void an_exporter_that_throws_changes_no_call_and_keeps_no_span() {
            List<WeakReference<SpanData>> offered = java.util.Collections.synchronizedList(new ArrayList<>());
            CountingExporter exporter = new CountingExporter(spans -> {
                spans.forEach(span -> offered.add(new WeakReference<>(span)));
                throw new IllegalStateException("exporter down");
            });
            configure(SimpleSpanProcessor.create(exporter));

            tracedCallsAreUnaffected(1_000);

            assertThat(exporter.received()).isEqualTo(2_000);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                System.gc();
                assertThat(offered)
                        .as("spans still held after the exporter refused them")
                        .filteredOn(reference -> reference.get() != null)
                        .isEmpty();
            });
        }

        @Test
        void an_exporter_whose_export_never_completes_blocks_no_call() {
            List<CompletableResultCode> pending = java.util.Collections.synchronizedList(new ArrayList<>());
            CountingExporter exporter = new CountingExporter(spans -> {
                CompletableResultCode never = new CompletableResultCode();
                pending.add(never);
                return never;
            });
            configure(SimpleSpanProcessor.create(exporter));
            cleanUp.add(() -> {
                synchronized (pending) {
                    pending.forEach(CompletableResultCode::succeed);
                }
            });

            tracedCallsAreUnaffected(1_000);

            assertThat(exporter.received()).isEqualTo(2_000);
        }

        @Test
        void a_slow_exporter_blocks_no_call_and_gets_every_span() {
            ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
            cleanUp.add(later::shutdownNow);
            CountingExporter exporter = new CountingExporter(spans -> {
                CompletableResultCode done = new CompletableResultCode();
                later.schedule(done::succeed, 100, TimeUnit.MILLISECONDS);
                return done;
            });
            configure(SimpleSpanProcessor.create(exporter));

            // 2,000 spans at 100 ms each would take 200 s if the calls waited for the exporter.
            tracedCallsAreUnaffected(1_000);

            assertThat(exporter.received()).isEqualTo(2_000);
        }
    }

    // ---- the pipeline AvaliarConfig.endpoint builds, over real HTTP ----

    @Nested
    class With_the_OTLP_pipeline_of_AvaliarConfig {

        private OtlpReceiver receiver;

        @Test
        void a_receiver_that_fails_every_request_changes_no_call() throws IOException {
            receiver = start(exchange -> 500);
            Avaliar.configure(AvaliarConfig.builder()
                    .endpoint(receiver.url())
                    .exportTimeout(Duration.ofSeconds(30))
                    .build());

            tracedCallsAreUnaffected(1_000);

            Avaliar.shutdown(); // flushes
            assertThat(receiver.requests())
                    .as("requests the failing receiver answered")
                    .isPositive();
        }

        @Test
        void a_receiver_that_never_answers_blocks_no_call_and_the_queue_bounds_what_is_kept() throws IOException {
            CountDownLatch release = new CountDownLatch(1);
            receiver = start(exchange -> {
                release.await();
                return 200;
            });
            cleanUp.add(release::countDown);
            Avaliar.configure(AvaliarConfig.builder()
                    .endpoint(receiver.url())
                    .exportTimeout(Duration.ofSeconds(30))
                    .build());

            tracedCallsAreUnaffected(MANY / 2);

            release.countDown();
            Avaliar.shutdown(); // flushes what was kept
            assertThat(receiver.spans())
                    .as("spans kept while the receiver hung, of %d", MANY)
                    .isGreaterThanOrEqualTo(QUEUE)
                    .isLessThanOrEqualTo(QUEUE + BATCH);
        }

        @Test
        void a_slow_receiver_blocks_no_call() throws IOException {
            receiver = start(exchange -> {
                Thread.sleep(200);
                return 200;
            });
            Avaliar.configure(AvaliarConfig.builder().endpoint(receiver.url()).build());

            tracedCallsAreUnaffected(MANY / 2);

            Avaliar.shutdown();
            assertThat(receiver.spans()).as("spans received, of %d", MANY).isBetween(1L, (long) MANY);
        }

        private OtlpReceiver start(Answer answer) throws IOException {
            OtlpReceiver started = new OtlpReceiver(answer);
            cleanUp.add(started::stop);
            return started;
        }
    }

    // ---- test doubles ----

    /** What an exporter does with a batch; may throw or block. */
    interface Behaviour {
        CompletableResultCode export(Collection<SpanData> spans) throws Exception;
    }

    /** Counts the spans it is offered, then behaves as told. */
    static final class CountingExporter implements SpanExporter {
        private final Behaviour behaviour;
        private final AtomicLong received = new AtomicLong();

        CountingExporter(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        long received() {
            return received.get();
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            received.addAndGet(spans.size());
            try {
                return behaviour.export(spans);
            } catch (RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableResultCode.ofFailure();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** How the receiver answers a request: the HTTP status, after whatever waiting. */
    interface Answer {
        int status(com.sun.net.httpserver.HttpExchange exchange) throws Exception;
    }

    /**
     * An OTLP/HTTP receiver on the JDK's HTTP server that counts the spans of this test in each
     * request: their name, {@code xq-span}, is in the protobuf body once per span.
     */
    static final class OtlpReceiver {
        private static final byte[] MARKER = "xq-span".getBytes(StandardCharsets.UTF_8);

        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicLong spans = new AtomicLong();

        OtlpReceiver(Answer answer) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    spans.addAndGet(count(body.readAllBytes()));
                    requests.incrementAndGet();
                    int status = answer.status(exchange);
                    exchange.sendResponseHeaders(status, -1);
                } catch (Exception e) {
                    exchange.sendResponseHeaders(500, -1);
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(threads);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int requests() {
            return requests.get();
        }

        long spans() {
            return spans.get();
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        private static long count(byte[] body) {
            long found = 0;
            outer:
            for (int i = 0; i <= body.length - MARKER.length; i++) {
                for (int j = 0; j < MARKER.length; j++) {
                    if (body[i + j] != MARKER[j]) {
                        continue outer;
                    }
                }
                found++;
            }
            return found;
        }
    }
}
