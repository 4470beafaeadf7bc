package ai.avaliar.junit5.publish;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Just enough of the protobuf wire format to cut an OTLP {@code ExportTraceServiceRequest} in two
 * and to count its spans, without the generated OTLP classes: a request body that a receiver
 * found too large (HTTP 413), or one read back from the spool, is split into two requests with
 * half the spans each, every span keeping its resource and instrumentation scope.
 *
 * <p>The fields used ({@code opentelemetry/proto/collector/trace/v1} and {@code .../trace/v1}):
 * the request's {@code resource_spans = 1}; {@code ResourceSpans.scope_spans = 2};
 * {@code ScopeSpans.spans = 2}. Every other field is copied byte for byte.
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

    /**
     * The request as two requests, the first with the first half of its spans and the second with
     * the rest, each span under a copy of its own resource and scope.
     *
     * @throws IllegalArgumentException when the request holds fewer than two spans, or is no OTLP request
     */
    static List<byte[]> split(byte[] request) {
        int total = spanCount(request);
        if (total < 2) {
            throw new IllegalArgumentException("a request of " + total + " span(s) cannot be split");
        }
        int firstHalf = total / 2;
        ByteArrayOutputStream first = new ByteArrayOutputStream(request.length / 2 + 64);
        ByteArrayOutputStream second = new ByteArrayOutputStream(request.length / 2 + 64);
        int seen = 0;
        for (Field resourceSpans : fields(request, 0, request.length)) {
            if (resourceSpans.number() != RESOURCE_SPANS || resourceSpans.wireType() != LEN) {
                // Nothing else is defined at the top level; keep it with the first half.
                writeField(first, resourceSpans);
                continue;
            }
            ByteArrayOutputStream firstResource = new ByteArrayOutputStream();
            ByteArrayOutputStream secondResource = new ByteArrayOutputStream();
            boolean firstHasSpans = false;
            boolean secondHasSpans = false;
            for (Field scopeSpans : fields(resourceSpans)) {
                if (scopeSpans.number() != SCOPE_SPANS || scopeSpans.wireType() != LEN) {
                    continue; // resource, schema_url: copied into both halves below
                }
                ByteArrayOutputStream firstScope = new ByteArrayOutputStream();
                ByteArrayOutputStream secondScope = new ByteArrayOutputStream();
                for (Field field : fields(scopeSpans)) {
                    if (field.number() == SPANS && field.wireType() == LEN) {
                        writeField(seen < firstHalf ? firstScope : secondScope, field);
                        seen++;
                    }
                }
                if (firstScope.size() > 0) {
                    writeLen(firstResource, SCOPE_SPANS, withHeader(scopeSpans, SPANS, firstScope));
                    firstHasSpans = true;
                }
                if (secondScope.size() > 0) {
                    writeLen(secondResource, SCOPE_SPANS, withHeader(scopeSpans, SPANS, secondScope));
                    secondHasSpans = true;
                }
            }
            if (firstHasSpans) {
                writeLen(first, RESOURCE_SPANS, withHeader(resourceSpans, SCOPE_SPANS, firstResource));
            }
            if (secondHasSpans) {
                writeLen(second, RESOURCE_SPANS, withHeader(resourceSpans, SCOPE_SPANS, secondResource));
            }
        }
        return List.of(first.toByteArray(), second.toByteArray());
    }

    /** The message's fields other than {@code repeated}, followed by the given replacement for them. */
    private static byte[] withHeader(Field message, int repeated, ByteArrayOutputStream replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : fields(message)) {
            if (!(field.number() == repeated && field.wireType() == LEN)) {
                writeField(out, field);
            }
        }
        out.writeBytes(replacement.toByteArray());
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, Field field) {
        if (field.wireType() == LEN) {
            writeLen(out, field.number(), field.bytes());
        } else {
            writeVarint(out, ((long) field.number() << 3) | field.wireType());
            out.write(field.data(), field.start(), field.end() - field.start());
        }
    }

    private static void writeLen(ByteArrayOutputStream out, int number, byte[] payload) {
        writeVarint(out, ((long) number << 3) | LEN);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
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
