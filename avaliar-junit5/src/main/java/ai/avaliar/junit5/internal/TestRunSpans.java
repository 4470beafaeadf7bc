package ai.avaliar.junit5.internal;

import ai.avaliar.trace.AvaliarAttributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The run-wide sink of test spans: every span attributed to a test ({@code avaliar.test.id}) goes
 * to each open {@link Recording}, one per running test plan, also when it ends after its test. With
 * no recording open, spans are not kept. The only other JVM-wide state besides {@link TestSpans}:
 * the report listener and the extension are made by different parts of JUnit and meet only here.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class TestRunSpans {

    private static final List<Recording> RECORDINGS = new CopyOnWriteArrayList<>();

    private TestRunSpans() {}

    /**
     * Starts keeping the spans of the tests {@code wanted} accepts, at most {@code maxSpans} of them;
     * others (those of a launcher run nested in a test) are neither kept nor counted.
     */
    public static Recording record(int maxSpans, Predicate<String> wanted) {
        Recording recording = new Recording(maxSpans, wanted);
        RECORDINGS.add(recording);
        return recording;
    }

    public static void started(String testId, String spanId) {
        for (Recording recording : RECORDINGS) {
            if (recording.wanted.test(testId)) {
                recording.open.put(spanId, testId);
            }
        }
    }

    public static void ended(String spanId, SpanData span) {
        String testId = span.getAttributes().get(AvaliarAttributes.TEST_ID);
        for (Recording recording : RECORDINGS) {
            if (testId != null && recording.wanted.test(testId)) {
                recording.add(spanId, span);
            }
        }
    }

    /** What one test plan's listener receives, until closed. */
    public static final class Recording implements AutoCloseable {

        private final int maxSpans;
        private final Predicate<String> wanted;
        private final Map<String, String> open = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();
        private final AtomicInteger kept = new AtomicInteger();
        private final AtomicInteger dropped = new AtomicInteger();

        private Recording(int maxSpans, Predicate<String> wanted) {
            this.maxSpans = maxSpans;
            this.wanted = wanted;
        }

        private void add(String spanId, SpanData span) {
            if (kept.incrementAndGet() <= maxSpans) {
                spans.add(span);
            } else {
                kept.decrementAndGet();
                dropped.incrementAndGet();
            }
            open.remove(spanId);
        }

        /** The ended spans so far. */
        public List<SpanData> spans() {
            return new ArrayList<>(spans);
        }

        /** How many spans were not kept because of the limit. */
        public int dropped() {
            return dropped.get();
        }

        /** The ids of the tests with spans still open, among those {@code wanted}. */
        public Set<String> testsWithOpenSpans(Predicate<String> wanted) {
            Set<String> tests = ConcurrentHashMap.newKeySet();
            open.values().stream().filter(wanted).forEach(tests::add);
            return tests;
        }

        @Override
        public void close() {
            RECORDINGS.remove(this);
        }
    }
}
