package ai.avaliar.trace;

import ai.avaliar.detection.internal.DetectionSettings;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.concurrent.TimeUnit;

/** Builds the OTLP/HTTP pipeline for {@link AvaliarConfig#endpoint()}: batched, bounded, in the background. */
final class Exporting {

    private Exporting() {}

    static AvaliarRuntime.Settings settingsFor(AvaliarConfig config) {
        if (!config.tracingEnabled()) {
            return new AvaliarRuntime.Settings(null, config.pricing(), config.maxPayloadChars(), null);
        }
        if (config.openTelemetry() != null) {
            return new AvaliarRuntime.Settings(
                    AvaliarRuntime.tracerOf(config.openTelemetry()),
                    config.pricing(),
                    config.maxPayloadChars(),
                    null,
                    detection(config),
                    config.captureMessageContent());
        }
        if (config.endpoint() == null) {
            if (config.apiKey() != null) {
                Sdk.warn(
                        "AVALIAR_API_KEY is set but AVALIAR_ENDPOINT is not, so traces are not exported."
                                + " Set AVALIAR_ENDPOINT to the base URL of your Avaliar (or OTLP/HTTP) receiver.",
                        null);
            }
            return new AvaliarRuntime.Settings(null, config.pricing(), config.maxPayloadChars(), null);
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource(config))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter(config))
                        .setExporterTimeout(config.exportTimeout())
                        .setMaxQueueSize(2048)
                        .build())
                .build();
        AutoCloseable owned = () -> provider.shutdown().join(10, TimeUnit.SECONDS);
        return new AvaliarRuntime.Settings(
                provider.tracerBuilder(AvaliarRuntime.INSTRUMENTATION_NAME)
                        .setInstrumentationVersion(Sdk.VERSION)
                        .build(),
                config.pricing(),
                config.maxPayloadChars(),
                owned,
                detection(config),
                config.captureMessageContent());
    }

    private static OtlpHttpSpanExporter exporter(AvaliarConfig config) {
        String base = config.endpoint().endsWith("/")
                ? config.endpoint().substring(0, config.endpoint().length() - 1)
                : config.endpoint();
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(base + "/v1/traces")
                .setTimeout(config.exportTimeout())
                .setConnectTimeout(config.exportTimeout());
        if (config.apiKey() != null) {
            builder.addHeader("X-API-Key", config.apiKey());
        }
        return builder.build();
    }

    private static Resource resource(AvaliarConfig config) {
        AttributesBuilder attributes =
                Attributes.builder().put(AttributeKey.stringKey("service.name"), config.serviceName());
        if (config.environment() != null) {
            attributes.put(AvaliarAttributes.ENVIRONMENT, config.environment());
        }
        if (config.project() != null) {
            attributes.put(AvaliarAttributes.PROJECT, config.project());
        }
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    private static DetectionSettings detection(AvaliarConfig config) {
        return new DetectionSettings(
                config.detectors(),
                config.apiKey(),
                config.detectionEndpoint(),
                config.detectionTimeout(),
                config.detectionQueueCapacity());
    }
}
