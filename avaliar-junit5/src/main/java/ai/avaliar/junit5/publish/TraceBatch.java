package ai.avaliar.junit5.publish;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A trace request, and how to make it smaller when the receiver finds it too large: split
 * before encoding, never by rewriting an encoded message.
 */
interface TraceBatch {

    /** The request body. */
    byte[] body();

    /** How many spans it holds. */
    int spans();

    /** Two requests holding its spans between them; empty when it cannot be made smaller. */
    List<TraceBatch> halves();

    /** What the spool keeps when it is not sent: a body {@link SpooledBody#halves} can cut. */
    byte[] spooled();

    /** This run's spans: halved as spans, each half encoded again, down to single spans. */
    record NewSpans(List<SpanData> list, Function<List<SpanData>, byte[]> encoder) implements TraceBatch {

        @Override
        public byte[] body() {
            return encoder.apply(list);
        }

        @Override
        public int spans() {
            return list.size();
        }

        @Override
        public List<TraceBatch> halves() {
            int half = list.size() / 2;
            return list.size() < 2
                    ? List.of()
                    : List.of(
                            new NewSpans(list.subList(0, half), encoder),
                            new NewSpans(list.subList(half, list.size()), encoder));
        }

        @Override
        public byte[] spooled() {
            return OtlpWire.encodePerTrace(list, encoder);
        }
    }

    /** A body read back from the spool: no spans to encode again, so cut between its traces. */
    record SpooledBody(byte[] body) implements TraceBatch {

        @Override
        public int spans() {
            return OtlpWire.spanCount(body);
        }

        @Override
        public List<TraceBatch> halves() {
            return OtlpWire.parts(body) < 2
                    ? List.of()
                    : OtlpWire.halves(body).stream()
                            .<TraceBatch>map(SpooledBody::new)
                            .toList();
        }

        @Override
        public byte[] spooled() {
            return body;
        }
    }

    /** Batches of at most {@code size} spans; a trace is split only when it does not fit in one. */
    static List<List<SpanData>> batches(List<SpanData> spans, int size) {
        Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
        for (SpanData span : spans) {
            byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
        }
        List<List<SpanData>> batches = new ArrayList<>();
        List<SpanData> current = new ArrayList<>();
        for (List<SpanData> trace : byTrace.values()) {
            if (current.size() + trace.size() > size && !current.isEmpty()) {
                batches.add(current);
                current = new ArrayList<>();
            }
            for (SpanData span : trace) {
                current.add(span);
                if (current.size() == size) {
                    batches.add(current);
                    current = new ArrayList<>();
                }
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
