package ai.avaliar.junit5;

import ai.avaliar.trace.Avaliar;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Optional;

/**
 * The one OpenTelemetry SDK of the JVM that tests trace into, with the span processor that
 * sorts spans by test. Each test run (engine execution) holds a lease on it from its root
 * {@code ExtensionContext.Store}; while any lease is held, Avaliar traces into it. When the last
 * lease ends, Avaliar goes back to what it does on its own: follow a {@link GlobalOpenTelemetry}
 * if one is set, trace nothing otherwise.
 */
final class TestSpans {

    private static TestSpans instance;
    private static int leases;

    private final CapturingSpanProcessor processor = new CapturingSpanProcessor();
    private final OpenTelemetrySdk sdk;
    private AutoCloseable misuseRegistration;

    private TestSpans() {
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(
                                Attributes.of(AttributeKey.stringKey("service.name"), "avaliar-junit5"))))
                .addSpanProcessor(processor)
                .setSampler(new ProbeRecordingSampler())
                .build();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    /** The JVM's test SDK, made on first use; without a lease, Avaliar does not trace into it. */
    static synchronized TestSpans shared() {
        if (instance == null) {
            instance = new TestSpans();
        }
        return instance;
    }

    /** Takes a lease; the first makes Avaliar trace into the test SDK. */
    static synchronized TestSpans acquire() {
        shared();
        if (leases++ == 0) {
            Avaliar.configure(instance.sdk);
            instance.misuseRegistration = Avaliar.onMisuse(instance.processor::misuse);
        }
        return instance;
    }

    /** Ends a lease; the last one hands Avaliar back. */
    static synchronized void release() {
        if (leases == 0 || --leases > 0) {
            return;
        }
        try {
            instance.misuseRegistration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            instance.misuseRegistration = null;
            if (GlobalOpenTelemetry.isSet()) {
                Avaliar.configure(GlobalOpenTelemetry.get());
            } else {
                Avaliar.shutdown();
            }
        }
    }

    /**
     * The SDK's default sampler (parent-based, always on), except that it records the probe span
     * of {@link CapturingSpanProcessor#avaliarTracesHere()}, whose parent is not sampled.
     */
    private static final class ProbeRecordingSampler implements Sampler {

        private final Sampler normal = Sampler.parentBased(Sampler.alwaysOn());

        @Override
        public SamplingResult shouldSample(
                Context parentContext,
                String traceId,
                String name,
                SpanKind spanKind,
                Attributes attributes,
                List<LinkData> parentLinks) {
            if (parentContext.get(CapturingSpanProcessor.PROBE) != null) {
                return SamplingResult.recordOnly();
            }
            return normal.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        @Override
        public String getDescription() {
            return "AvaliarJunit5Sampler{" + normal.getDescription() + "}";
        }
    }

    CapturingSpanProcessor processor() {
        return processor;
    }

    OpenTelemetry openTelemetry() {
        return sdk;
    }

    /**
     * Registers the test SDK as {@link GlobalOpenTelemetry}, unless another is already.
     *
     * @return empty when the test SDK is global, else why not
     */
    synchronized Optional<String> registerGlobal() {
        if (!GlobalOpenTelemetry.isSet()) {
            try {
                GlobalOpenTelemetry.set(sdk);
                return Optional.empty();
            } catch (IllegalStateException raced) {
                // someone else set it in between: explained below
            }
        }
        if (isGlobal()) {
            return Optional.empty();
        }
        return Optional.of("avaliar.registerGlobal is on, but GlobalOpenTelemetry was already set (by your"
                + " code, the OpenTelemetry Java agent, or a call of GlobalOpenTelemetry.get() that settled it on a"
                + " no-op) and Avaliar never replaces it. Avaliar's own spans are"
                + " captured; spans of other instrumentation that uses GlobalOpenTelemetry are not. To capture them,"
                + " do not set GlobalOpenTelemetry in tests (or run them without the Java agent), or give that"
                + " instrumentation AvaliarExtension.openTelemetry() instead of GlobalOpenTelemetry.");
    }

    private boolean isGlobal() {
        // GlobalOpenTelemetry wraps what it is given, but hands out the SDK's own (cached) tracers.
        String probe = "ai.avaliar.junit5";
        return GlobalOpenTelemetry.get().getTracer(probe) == sdk.getTracer(probe);
    }
}
