package ai.avaliar.trace;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads token counts from provider SDK objects by their accessors, so that core needs neither
 * openai-java nor anthropic-java: {@code usage()}, {@code promptTokens()}/{@code inputTokens()},
 * {@code completionTokens()}/{@code outputTokens()}, cache and reasoning details, {@code model()};
 * and LangChain4j's {@code ChatResponse}: {@code tokenUsage()} with {@code inputTokenCount()} and
 * {@code outputTokenCount()}, {@code modelName()}.
 */
final class ProviderUsage {

    private static final ClassValue<ConcurrentHashMap<String, Optional<Method>>> METHODS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private ProviderUsage() {}

    static void read(Object source, ActiveRun run) {
        Object object = unwrap(source);
        if (object == null) {
            return; // a chunk without usage: nothing to record yet
        }
        String model = null;
        Object usage = object;
        String usageAccessor = method(object.getClass(), "usage") != null ? "usage"
                : method(object.getClass(), "tokenUsage") != null ? "tokenUsage" : null;
        if (usageAccessor != null) {
            model = model(object);
            usage = unwrap(call(object, usageAccessor));
            if (usage == null) {
                run.usageParts(null, null, null, null, model);
                return;
            }
        }
        Long input = firstLong(usage, "promptTokens", "inputTokens", "inputTokenCount");
        Long output = firstLong(usage, "completionTokens", "outputTokens", "outputTokenCount");
        Long cacheRead = nestedLong(usage, "promptTokensDetails", "cachedTokens");
        if (cacheRead == null) {
            cacheRead = nestedLong(usage, "inputTokensDetails", "cachedTokens");
        }
        Long anthropicCacheRead = firstLong(usage, "cacheReadInputTokens");
        if (anthropicCacheRead != null) {
            // Anthropic counts cache reads and writes apart from input_tokens; OpenTelemetry's
            // gen_ai.usage.input_tokens includes them.
            Long cacheWrite = firstLong(usage, "cacheCreationInputTokens");
            if (input != null) {
                input = input + anthropicCacheRead + (cacheWrite == null ? 0 : cacheWrite);
            }
            cacheRead = anthropicCacheRead;
        }
        Long reasoning = nestedLong(usage, "completionTokensDetails", "reasoningTokens");
        if (reasoning == null) {
            reasoning = nestedLong(usage, "outputTokensDetails", "reasoningTokens");
        }
        if (input == null && output == null && cacheRead == null && reasoning == null && model == null) {
            AvaliarRuntime.misuse(Misuse.Kind.UNREADABLE_USAGE, "usageFrom(...) found no token counts on a "
                    + source.getClass().getName() + "; pass a ChatCompletion, ChatCompletionChunk or CompletionUsage"
                    + " (openai-java), a Message, Usage or MessageDeltaUsage (anthropic-java), a ChatResponse or"
                    + " TokenUsage (LangChain4j), or call"
                    + " usage(inputTokens, outputTokens).");
            return;
        }
        run.usageParts(input, output, cacheRead, reasoning, model);
    }

    private static String model(Object response) {
        Object model = unwrap(call(response, method(response.getClass(), "model") != null ? "model" : "modelName"));
        if (model == null || model instanceof String) {
            return (String) model;
        }
        Object text = method(model.getClass(), "asString") != null ? call(model, "asString") : model.toString();
        return text == null ? null : text.toString();
    }

    private static Long nestedLong(Object usage, String details, String count) {
        Object nested = unwrap(call(usage, details));
        return nested == null ? null : firstLong(nested, count);
    }

    private static Long firstLong(Object target, String... names) {
        for (String name : names) {
            Object value = unwrap(call(target, name));
            if (value instanceof Number) {
                return ((Number) value).longValue();
            }
        }
        return null;
    }

    private static Object unwrap(Object value) {
        if (value instanceof Optional<?>) {
            return ((Optional<?>) value).orElse(null);
        }
        return value;
    }

    private static Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        Method method = method(target.getClass(), name);
        if (method == null) {
            return null;
        }
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return null;
        }
    }

    private static Method method(Class<?> type, String name) {
        return METHODS.get(type).computeIfAbsent(name, n -> find(type, n)).orElse(null);
    }

    private static Optional<Method> find(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            if (method.getReturnType() == void.class || Modifier.isStatic(method.getModifiers())) {
                return Optional.empty();
            }
            if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                method.setAccessible(true);
            }
            return Optional.of(method);
        } catch (NoSuchMethodException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
