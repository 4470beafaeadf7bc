package ai.avaliar.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in a JVM of its own (a context storage wrapper must be installed before first use):
 * a storage that, like the OpenTelemetry Java agent's, hands out a new Context object on every
 * {@code current()}. Prints what happened; {@link AgentLikeContextStorageTest} reads it.
 */
public final class AgentLikeContextStorageMain {

    private AgentLikeContextStorageMain() {}

    /** A context equal in content to the one it wraps, but never the same object. */
    private static final class Wrapped implements Context {
        private final Context delegate;

        Wrapped(Context delegate) {
            this.delegate = delegate;
        }

        @Override
        public <V> V get(ContextKey<V> key) {
            return delegate.get(key);
        }

        @Override
        public <V> Context with(ContextKey<V> key, V value) {
            return new Wrapped(delegate.with(key, value));
        }

        @Override
        public Scope makeCurrent() {
            return ContextStorage.get().attach(this);
        }
    }

    public static void main(String[] args) {
        ContextStorage.addWrapper(storage -> new ContextStorage() {
            @Override
            public Scope attach(Context toAttach) {
                return storage.attach(toAttach instanceof Wrapped ? ((Wrapped) toAttach).delegate : toAttach);
            }

            @Override
            public Context current() {
                Context current = storage.current();
                return current == null ? null : new Wrapped(current);
            }
        });
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        Avaliar.configure(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build());
        List<Misuse> misuses = new ArrayList<>();
        Avaliar.onMisuse(misuses::add);

        try (OpenSpan outer = Avaliar.agent("by_hand").start()) {
            try (OpenSpan inner = Avaliar.tool("nested").start()) {
                inner.output("fine");
            }
        }
        Avaliar.tool("after").call(() -> "separate");

        System.out.println("misuses=" + misuses.size());
        System.out.println("current-after-close=" + Avaliar.currentRun().isPresent());
        System.out.println("traces=" + exporter.traces().size());
        System.out.println(exporter.traces().get(0).renderShape().strip());
    }
}
