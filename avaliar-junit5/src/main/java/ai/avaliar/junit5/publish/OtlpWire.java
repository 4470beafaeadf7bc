package ai.avaliar.junit5.publish;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * OTLP trace requests: encoded by the OpenTelemetry exporter's marshaler, and read back just enough
 * to count spans, without the generated OTLP classes.
 *
 * <p>Requests are split before they are encoded: a batch the receiver finds too large is halved as
 * spans and each half encoded again. A body read back from the spool has no spans to re-encode, so
 * the spool holds each trace as a request of its own, the requests one after the other
 * ({@link #encodePerTrace}): protobuf reads concatenated messages as one message with the repeated
 * fields of both, so the body is one valid request, and it comes apart between two traces by
 * cutting the bytes ({@link #halves}), with no message rewritten. Spool files written before are
 * cut the same way: {@link PublishedSpan} gives every span a {@code Resource} object of its own,
 * and the marshaler writes one {@code resource_spans} per object.
 *
 * <p>The marshaler ({@code io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler})
 * is internal to OpenTelemetry; {@code OtlpWireCompatibilityTest} pins what is relied on here.
 *
 * <p>The fields read ({@code opentelemetry/proto/collector/trace/v1} and {@code .../trace/v1}):
 * the request's {@code resource_spans = 1}; {@code ResourceSpans.scope_spans = 2};
 * {@code ScopeSpans.spans = 2}.
 */
final class OtlpWire {

    static final int RESOURCE_SPANS = 1;
    static final int SCOPE_SPANS = 2;
    static final int SPANS = 2;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LEN = 2;
    private static final int FIXED32 = 5;

    private OtlpWire() {}

    /**
     * The spans as an OTLP/HTTP protobuf request body, encoded by the OpenTelemetry exporter's
     * own marshaler (the bytes {@code OtlpHttpSpanExporter} would send).
     */
    static byte[] encode(Collection<SpanData> spans) {
        TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream out = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
        try {
            marshaler.writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * The spans as one request per trace, one after the other: a body that {@link #halves} can
     * take apart between traces. The same bytes as {@code encoder} gives for a batch of one trace.
     *
     * @param encoder spans to a request, {@link #encode} but for tests
     */
    static byte[] encodePerTrace(List<SpanData> spans, Function<List<SpanData>, byte[]> encoder) {
        Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
        for (SpanData span : spans) {
            byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<SpanData> trace : byTrace.values()) {
            out.writeBytes(encoder.apply(trace));
        }
        return out.toByteArray();
    }

    /**
     * The request as two, cut between its {@code resource_spans}: the first half of them, then the
     * rest. Each is whole, with its resource and scopes, so both halves are valid requests.
     *
     * @throws IllegalArgumentException when the request has fewer than two, or is no OTLP request
     */
    static List<byte[]> halves(byte[] request) {
        List<Field> parts = fields(request, 0, request.length);
        if (parts.size() < 2) {
            throw new IllegalArgumentException("a request of " + parts.size() + " resource_spans cannot be cut");
        }
        int cut = parts.get(parts.size() / 2 - 1).end();
        return List.of(Arrays.copyOfRange(request, 0, cut), Arrays.copyOfRange(request, cut, request.length));
    }

    /** How many {@code resource_spans} the request holds: the pieces {@link #halves} can cut it into. */
    static int parts(byte[] request) {
        return fields(request, 0, request.length).size();
    }

    /** One field of a message: its number, wire type and the bytes of its value (for LEN, the payload only). */
    record Field(int number, int wireType, byte[] data, int start, int end) {

        byte[] bytes() {
            byte[] copy = new byte[end - start];
            System.arraycopy(data, start, copy, 0, copy.length);
            return copy;
        }

        long varint() {
            return readVarint(data, new int[] {start});
        }

        /** The value as a little-endian fixed64 or fixed32. */
        long fixed() {
            long value = 0;
            for (int i = end - 1; i >= start; i--) {
                value = (value << 8) | (data[i] & 0xFF);
            }
            return value;
        }
    }

    /** The fields of one message, in order. */
    static List<Field> fields(byte[] data, int start, int end) {
        List<Field> fields = new ArrayList<>();
        int[] position = {start};
        while (position[0] < end) {
            long tag = readVarint(data, position);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (number <= 0) {
                throw new IllegalArgumentException(
                        "not an OTLP request: field number " + number + " at byte " + position[0]);
            }
            int valueStart = position[0];
            int valueEnd;
            switch (wireType) {
                case VARINT -> {
                    readVarint(data, position);
                    valueEnd = position[0];
                }
                case FIXED64 -> valueEnd = valueStart + 8;
                case FIXED32 -> valueEnd = valueStart + 4;
                case LEN -> {
                    long length = readVarint(data, position);
                    valueStart = position[0];
                    if (length < 0 || length > end - valueStart) {
                        throw new IllegalArgumentException(
                                "not an OTLP request: field " + number + " runs past the end");
                    }
                    valueEnd = valueStart + (int) length;
                }
                default ->
                    throw new IllegalArgumentException(
                            "not an OTLP request: wire type " + wireType + " of field " + number);
            }
            if (valueEnd > end) {
                throw new IllegalArgumentException("not an OTLP request: field " + number + " runs past the end");
            }
            fields.add(new Field(number, wireType, data, valueStart, valueEnd));
            position[0] = valueEnd;
        }
        return fields;
    }

    static List<Field> fields(Field message) {
        return fields(message.data(), message.start(), message.end());
    }

    /** How many spans the request holds. */
    static int spanCount(byte[] request) {
        int count = 0;
        for (Field resourceSpans : fields(request, 0, request.length)) {
            if (resourceSpans.number() != RESOURCE_SPANS || resourceSpans.wireType() != LEN) {
                continue;
            }
            for (Field scopeSpans : fields(resourceSpans)) {
                if (scopeSpans.number() != SCOPE_SPANS || scopeSpans.wireType() != LEN) {
                    continue;
                }
                for (Field span : fields(scopeSpans)) {
                    if (span.number() == SPANS && span.wireType() == LEN) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static long readVarint(byte[] data, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= data.length) {
                throw new IllegalArgumentException("not an OTLP request: it ends inside a number");
            }
            byte b = data[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("not an OTLP request: a number longer than 10 bytes");
    }
}
