package ai.avaliar.trace;

import ai.avaliar.detection.internal.LocalDetection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/** The dynamic proxy behind {@link Avaliar#traced(Class, Object)}. */
final class TracedProxy implements InvocationHandler {

    private final Object target;
    private final ConcurrentHashMap<Method, Traceable> annotations = new ConcurrentHashMap<>();
    private static final Traceable NONE = NoAnnotation.class.getDeclaredMethods()[0].getAnnotation(Traceable.class);

    private TracedProxy(Object target) {
        this.target = target;
    }

    static <T> T create(Class<T> type, T implementation) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("Avaliar.traced(...) proxies interfaces; " + type.getName()
                    + " is a class. Declare the @Traceable methods on an interface it implements.");
        }
        for (Method method : type.getMethods()) {
            checkOnce(type, method.getAnnotation(Traceable.class), method);
            checkDetectors(type, method.getAnnotation(Traceable.class), method);
        }
        Object proxy =
                Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new TracedProxy(implementation));
        return type.cast(proxy);
    }

    /** Settings that do not fit the span type are reported once, when the proxy is made. */
    private static void checkOnce(Class<?> type, Traceable traceable, Method method) {
        if (traceable != null
                && traceable.type() != SpanType.LLM
                && (!traceable.model().isEmpty()
                        || (!traceable.provider().isEmpty() && traceable.type() != SpanType.AGENT)
                        || traceable.blocking())) {
            AvaliarRuntime.misuse(
                    Misuse.Kind.LLM_SETTING_ON_OTHER_SPAN,
                    "@Traceable on " + type.getSimpleName() + "."
                            + method.getName() + " sets model, provider or blocking on a " + traceable.type()
                            + " span; they belong to llm spans (type = SpanType.LLM).");
        }
    }

    /** LOCAL detection with no detector on the class path (nor in the configuration) fails when the proxy is made. */
    private static void checkDetectors(Class<?> type, Traceable traceable, Method method) {
        if (traceable != null
                && traceable.detect().length > 0
                && traceable.detectionMode() == ai.avaliar.detection.DetectionMode.LOCAL
                && LocalDetection.noLocalDetectors(AvaliarRuntime.settings().detection())) {
            throw LocalDetection.missingLocalDetectors(
                    "@Traceable on " + type.getSimpleName() + "." + method.getName());
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "Avaliar.traced(" + target + ")";
                default:
                    return invokeTarget(method, args);
            }
        }
        Traceable traceable = annotations.computeIfAbsent(method, this::annotation);
        if (traceable == NONE) {
            return invokeTarget(method, args);
        }
        SpanCall<?> call = describe(traceable, method, args);
        // Only the declared types we return an instance of; a subtype (ListIterator, a custom
        // stage) is traced as a plain call rather than answered with the wrong class.
        Class<?> returns = method.getReturnType();
        if (returns == CompletionStage.class || returns == CompletableFuture.class) {
            return call.callAsync(() -> (CompletionStage<?>) invokeTarget(method, args));
        }
        if (returns == Stream.class) {
            return call.stream(() -> (Stream<?>) invokeTarget(method, args));
        }
        if (returns == Iterator.class) {
            return call.iterate(() -> (Iterator<?>) invokeTarget(method, args));
        }
        if (returns == Flow.Publisher.class) {
            return call.publish(() -> (Flow.Publisher<?>) invokeTarget(method, args));
        }
        return call.call(() -> invokeTarget(method, args));
    }

    private Object invokeTarget(Method method, Object[] args) throws Throwable {
        try {
            if (!method.canAccess(target)) {
                method.setAccessible(true);
            }
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Traceable annotation(Method method) {
        Traceable onInterface = method.getAnnotation(Traceable.class);
        if (onInterface != null) {
            return onInterface;
        }
        try {
            Traceable onImplementation = target.getClass()
                    .getMethod(method.getName(), method.getParameterTypes())
                    .getAnnotation(Traceable.class);
            return onImplementation != null ? onImplementation : NONE;
        } catch (NoSuchMethodException e) {
            return NONE;
        }
    }

    private static SpanCall<?> describe(Traceable traceable, Method method, Object[] args) {
        String name = traceable.name().isEmpty() ? method.getName() : traceable.name();
        SpanCall<?> call = Avaliar.span(traceable.type(), name);
        if (traceable.type() == SpanType.AGENT && !traceable.provider().isEmpty()) {
            ((TaskCall) call).provider(traceable.provider());
        }
        if (call instanceof LlmCall) {
            LlmCall llm = (LlmCall) call;
            if (!traceable.model().isEmpty()) {
                llm.model(traceable.model());
            }
            if (!traceable.provider().isEmpty()) {
                llm.provider(traceable.provider());
            }
            if (!Double.isNaN(traceable.temperature())) {
                llm.temperature(traceable.temperature());
            }
            if (!Double.isNaN(traceable.topP())) {
                llm.topP(traceable.topP());
            }
            if (traceable.maxTokens() >= 0) {
                llm.maxTokens(traceable.maxTokens());
            }
            llm.blocking(traceable.blocking());
        }
        if (traceable.detect().length > 0) {
            call.detect(traceable.detect()).detectionMode(traceable.detectionMode());
        }
        if (traceable.recordInputs() && args != null) {
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < args.length; i++) {
                call.input(parameters[i].getName(), args[i]);
            }
        }
        return call;
    }

    /** Holds the marker meaning "not annotated" in the cache (it cannot hold null). */
    private interface NoAnnotation {
        @Traceable
        @SuppressWarnings("UnusedMethod") // read by reflection, for its annotation
        void marker();
    }
}
