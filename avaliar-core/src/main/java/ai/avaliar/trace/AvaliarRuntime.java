package ai.avaliar.trace;

import ai.avaliar.detection.internal.DetectionSettings;
import ai.avaliar.trace.internal.Sdk;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The SDK's JVM-wide state: which tracer, which settings, who hears about misuse. */
final class AvaliarRuntime {

    static final String INSTRUMENTATION_NAME = Avaliar.INSTRUMENTATION_SCOPE;
    static final ContextKey<ActiveRun> RUN_KEY = ContextKey.named("avaliar-run");

    private static final System.Logger LOG = System.getLogger("ai.avaliar.trace");

    /** Immutable settings swapped as a whole by {@code configure}. */
    record Settings(
            Tracer tracer,
            Pricing pricing,
            int maxPayloadChars,
            AutoCloseable owned,
            DetectionSettings detection,
            boolean captureMessages) {
        Settings(Tracer tracer, Pricing pricing, int maxPayloadChars, AutoCloseable owned) {
            this(tracer, pricing, maxPayloadChars, owned, DetectionSettings.DEFAULTS, MessageContent.ambient());
        }

        boolean enabled() {
            return tracer != null;
        }
    }

    static final int DEFAULT_MAX_PAYLOAD_CHARS = 32 * 1024;
    /** Turned off on purpose: {@code shutdown()}, or a configuration with tracing off. */
    static final Settings DISABLED = new Settings(null, Pricing.defaults(), DEFAULT_MAX_PAYLOAD_CHARS, null);
    /** Never configured: joins a GlobalOpenTelemetry as soon as one is set. */
    private static final Settings UNCONFIGURED =
            new Settings(null, Pricing.defaults(), DEFAULT_MAX_PAYLOAD_CHARS, null);

    private static volatile Settings settings = UNCONFIGURED;
    private static final List<Consumer<Misuse>> MISUSE_LISTENERS = new CopyOnWriteArrayList<>();

    private AvaliarRuntime() {}

    static Settings settings() {
        Settings current = settings;
        if (current == UNCONFIGURED && io.opentelemetry.api.GlobalOpenTelemetry.isSet()) {
            return joinGlobal();
        }
        return current;
    }

    /**
     * Joins the OpenTelemetry the user (or the Java agent) installed globally. Never installs one
     * itself, and never asks for the global before it is set, which would pin it to no-op.
     */
    private static synchronized Settings joinGlobal() {
        if (settings == UNCONFIGURED) {
            OpenTelemetry global = io.opentelemetry.api.GlobalOpenTelemetry.get();
            settings = new Settings(tracerOf(global), Pricing.defaults(), DEFAULT_MAX_PAYLOAD_CHARS, null);
        }
        return settings;
    }

    static synchronized Settings swap(Settings next) {
        Settings previous = settings;
        settings = next;
        return previous;
    }

    static Tracer tracerOf(OpenTelemetry openTelemetry) {
        return openTelemetry
                .tracerBuilder(INSTRUMENTATION_NAME)
                .setInstrumentationVersion(Sdk.VERSION)
                .build();
    }

    static AutoCloseable addMisuseListener(Consumer<Misuse> listener) {
        MISUSE_LISTENERS.add(listener);
        return () -> MISUSE_LISTENERS.remove(listener);
    }

    static void misuse(Misuse.Kind kind, String message) {
        misuse(kind, message, Context.current());
    }

    /** A misuse that belongs to {@code context}, not to the one current where it was found. */
    static void misuse(Misuse.Kind kind, String message, Context context) {
        Misuse misuse = new Misuse(kind, message, context);
        LOG.log(Level.WARNING, "Avaliar: " + message);
        for (Consumer<Misuse> listener : MISUSE_LISTENERS) {
            try {
                listener.accept(misuse);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Avaliar: a misuse listener failed", e);
            }
        }
    }
}
