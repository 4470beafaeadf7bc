package ai.avaliar.trace;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads token counts from provider SDK objects by their accessors, so that core needs neither
 * openai-java, anthropic-java nor LangChain4j:
 *
 * <ul>
 *   <li>a response ({@code usage()} or LangChain4j's {@code tokenUsage()}, and {@code model()} or
 *       {@code modelName()}), or its usage object: {@code promptTokens()}/{@code inputTokens()}/
 *       {@code inputTokenCount()}, {@code completionTokens()}/{@code outputTokens()}/
 *       {@code outputTokenCount()}, cached and cache-write tokens ({@code cachedTokens()},
 *       {@code cacheWriteTokens()}) under {@code promptTokensDetails()} or {@code inputTokensDetails()}, reasoning tokens under {@code completionTokensDetails()} or
 *       {@code outputTokensDetails()} ({@code reasoningTokens()}, Anthropic's
 *       {@code thinkingTokens()}), and Anthropic's {@code cacheReadInputTokens()} and
 *       {@code cacheCreationInputTokens()}, which it counts apart from {@code inputTokens()};</li>
 *   <li>a stream event of a union type, through the variant that carries usage: Anthropic's
 *       {@code messageStart()} (input and cache tokens) and {@code messageDelta()} (output tokens,
 *       cumulative), the Responses API's {@code completed()}, {@code incomplete()} and
 *       {@code failed()}; other variants carry none and are only noted as seen;</li>
 *   <li>an object holding the response: an event's {@code response()} or {@code message()}, an
 *       accumulator's {@code message()}, {@code response()} or {@code chatCompletion()}.</li>
 * </ul>
 *
 * <p>Each class is looked at once ({@link ClassValue}); reading a chunk then costs a few
 * reflective calls on methods already found.
 */
final class ProviderUsage {

    /** Union variants that carry usage, in the order tried. */
    private static final String[] VARIANTS = {"messageStart", "messageDelta", "completed", "incomplete", "failed"};
    /** Accessors of an object that holds the response, for objects that have no usage of their own. */
    private static final String[] HOLDERS = {"response", "message", "chatCompletion"};

    /** Passed to every accessor: a varargs call would allocate an empty array per call, per chunk. */
    private static final Object[] NO_ARGS = {};

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    private ProviderUsage() {}

    /** What this class offers, found once: each accessor, or null when the class has none. */
    private static final class Shape {
        final Method[] variants;
        final Method holder;
        final Method usage;
        final Method model;
        final Method input;
        final Method output;
        final Method cacheDetails;
        final Method cachedTokens;
        final Method cacheWriteTokens; // OpenAI: part of input
        final Method cacheRead; // Anthropic: apart from input
        final Method cacheCreation; // Anthropic: apart from input
        final Method reasoningDetails;
        final Method reasoningTokens;
        final Method asString;
        final Method[] modelVariants; // a model name of a union type: ResponsesModel's string(), chat(), only()
        final boolean readable;

        Shape(Class<?> type) {
            variants = optionals(type, VARIANTS);
            usage = first(type, "usage", "tokenUsage");
            holder = variants.length > 0 || usage != null ? null : first(type, HOLDERS);
            model = first(type, "model", "modelName");
            input = first(type, "promptTokens", "inputTokens", "inputTokenCount");
            output = first(type, "completionTokens", "outputTokens", "outputTokenCount");
            cacheDetails = first(type, "promptTokensDetails", "inputTokensDetails");
            cachedTokens = find(type, "cachedTokens");
            cacheWriteTokens = find(type, "cacheWriteTokens");
            cacheRead = find(type, "cacheReadInputTokens");
            cacheCreation = find(type, "cacheCreationInputTokens");
            reasoningDetails = first(type, "completionTokensDetails", "outputTokensDetails");
            reasoningTokens = first(type, "reasoningTokens", "thinkingTokens");
            asString = find(type, "asString");
            modelVariants = optionals(type, "string", "chat", "only");
            readable = variants.length > 0
                    || holder != null
                    || usage != null
                    || input != null
                    || output != null
                    || cacheRead != null;
        }
    }

    private static Method[] optionals(Class<?> type, String... names) {
        List<Method> found = new ArrayList<>();
        for (String name : names) {
            Method method = find(type, name);
            if (method != null && method.getReturnType() == Optional.class) {
                found.add(method);
            }
        }
        return found.toArray(new Method[0]);
    }

    static void read(Object source, ActiveRun run) {
        Object object = unwrap(source);
        if (object == null) {
            return; // an empty Optional: a chunk's usage() before the last chunk
        }
        Class<?> seen = object.getClass();
        Shape shape = SHAPES.get(seen);
        if (!shape.readable) {
            unreadable(seen);
            return;
        }
        // Down to the object that carries usage: through a union's variant, an event's response.
        for (int depth = 0; depth < 4; depth++) {
            Object inner = null;
            if (shape.variants.length > 0) {
                for (Method variant : shape.variants) {
                    inner = unwrap(call(object, variant));
                    if (inner != null) {
                        break;
                    }
                }
            } else if (shape.holder != null) {
                inner = unwrap(call(object, shape.holder));
            } else {
                break;
            }
            if (inner == null) {
                run.usageSeen(seen); // an event that carries no usage: a text delta, say
                return;
            }
            object = inner;
            shape = SHAPES.get(inner.getClass());
            if (!shape.readable) {
                unreadable(seen); // its message() or response() was something else
                return;
            }
        }
        ProviderResponse.Details said =
                ProviderResponse.read(object, run.settings().captureMessages());
        if (said != null) {
            run.response(said);
        }
        String model = null;
        Object usage = object;
        Shape counts = shape;
        if (shape.usage != null) {
            model = model(object, shape);
            usage = unwrap(call(object, shape.usage));
            if (usage == null) {
                run.usageParts(seen, null, null, null, null, null, model, false);
                return;
            }
            counts = SHAPES.get(usage.getClass());
        }
        Long input = number(usage, counts.input);
        Long output = number(usage, counts.output);
        Long reasoning = nested(usage, counts.reasoningDetails, s -> s.reasoningTokens);
        Long cacheRead = number(usage, counts.cacheRead);
        Long cacheCreation = number(usage, counts.cacheCreation);
        boolean apart = counts.cacheRead != null;
        if (!apart) {
            // OpenAI: cache reads and writes are details of the input tokens, which include them
            Object details = unwrap(call(usage, counts.cacheDetails));
            if (details != null) {
                Shape detailShape = SHAPES.get(details.getClass());
                cacheRead = number(details, detailShape.cachedTokens);
                cacheCreation = number(details, detailShape.cacheWriteTokens);
            }
        }
        run.usageParts(seen, input, output, cacheRead, cacheCreation, reasoning, model, apart);
    }

    private static void unreadable(Class<?> seen) {
        AvaliarRuntime.misuse(
                Misuse.Kind.UNREADABLE_USAGE,
                "usageFrom(...) found no token counts on a "
                        + seen.getName()
                        + "; pass a ChatCompletion, ChatCompletionChunk, Response or ResponseStreamEvent"
                        + " (openai-java), a Message, RawMessageStreamEvent, Usage or MessageDeltaUsage (anthropic-java),"
                        + " a ChatResponse or TokenUsage (LangChain4j), or call usage(inputTokens, outputTokens).");
    }

    private static String model(Object response, Shape shape) {
        Object model = unwrap(call(response, shape.model));
        for (int depth = 0; depth < 3 && model != null && !(model instanceof String); depth++) {
            Shape modelShape = SHAPES.get(model.getClass());
            Object inner = null;
            for (Method variant : modelShape.modelVariants) {
                inner = unwrap(call(model, variant));
                if (inner != null) {
                    break;
                }
            }
            if (inner == null) {
                Object text = call(model, modelShape.asString); // Anthropic's Model, OpenAI's ChatModel
                return (text != null ? text : model).toString();
            }
            model = inner;
        }
        return model == null ? null : model.toString();
    }

    private interface Count {
        Method of(Shape shape);
    }

    private static Long nested(Object usage, Method details, Count count) {
        Object nested = unwrap(call(usage, details));
        return nested == null ? null : number(nested, count.of(SHAPES.get(nested.getClass())));
    }

    private static Long number(Object target, Method accessor) {
        Object value = unwrap(call(target, accessor));
        return value instanceof Number ? ((Number) value).longValue() : null;
    }

    static Object unwrap(Object value) {
        if (value instanceof Optional<?>) {
            return ((Optional<?>) value).orElse(null);
        }
        return value;
    }

    static Object call(Object target, Method method) {
        if (target == null || method == null) {
            return null;
        }
        try {
            return method.invoke(target, NO_ARGS);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return null; // an accumulator asked before its stream ended, say
        }
    }

    private static Method first(Class<?> type, String... names) {
        for (String name : names) {
            Method method = find(type, name);
            if (method != null) {
                return method;
            }
        }
        return null;
    }

    /** The public no-argument instance accessor {@code name} of {@code type}, or null. */
    static Method find(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            if (method.getReturnType() == void.class || Modifier.isStatic(method.getModifiers())) {
                return null;
            }
            if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                method.setAccessible(true);
            }
            return method;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }
}
