package ai.avaliar.trace;

import ai.avaliar.trace.internal.Json;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what a provider response says beside its token counts, by its accessors as
 * {@link ProviderUsage} does (no compile dependency on the SDKs): the response id ({@code id()}),
 * the finish reasons (openai-java's {@code choices()[].finishReason()}, anthropic-java's
 * {@code stopReason()} or a stream's {@code delta().stopReason()}, LangChain4j's
 * {@code finishReason()}) and, when message content is recorded, the output messages in the
 * GenAI conventions' schema ({@code [{role, parts: [{type: text|tool_call, ...}], finish_reason}]})
 * from {@code choices()[].message()}, a Message's {@code content()} blocks, a Response's
 * {@code output()} items or LangChain4j's {@code aiMessage()}. Anything of another shape is
 * skipped; nothing here throws.
 */
final class ProviderResponse {

    /** Accessors found per class and name; a missing one is cached as {@link #NONE}. */
    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private static final Method NONE;

    static {
        try {
            NONE = Object.class.getMethod("hashCode");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ProviderResponse() {}

    /** What one provider object said; each part null when it did not say. */
    record Details(String id, List<String> finishReasons, List<Map<String, Object>> outputMessages) {}

    /** Reads {@code response}; messages only when {@code messages}. Never throws. */
    static Details read(Object response, boolean messages) {
        try {
            String id = text(get(response, "id"));
            List<String> reasons = finishReasons(response);
            List<Map<String, Object>> output = messages ? outputMessages(response) : null;
            return id == null && reasons == null && output == null ? null : new Details(id, reasons, output);
        } catch (RuntimeException | LinkageError e) {
            return null; // a shape we did not foresee: the call and its token counts matter more
        }
    }

    private static List<String> finishReasons(Object response) {
        List<?> choices = list(get(response, "choices"));
        if (choices != null) {
            List<String> reasons = null; // most stream chunks have none: allocate nothing for them
            for (Object choice : choices) {
                String reason = text(get(choice, "finishReason"));
                if (reason != null) {
                    if (reasons == null) {
                        reasons = new ArrayList<>(choices.size());
                    }
                    reasons.add(reason);
                }
            }
            return reasons;
        }
        String reason = text(get(response, "stopReason"));
        if (reason == null) {
            reason = text(get(get(response, "delta"), "stopReason"));
        }
        if (reason == null && has(response, "aiMessage")) {
            reason = text(get(response, "finishReason"));
        }
        return reason == null ? null : List.of(reason);
    }

    private static List<Map<String, Object>> outputMessages(Object response) {
        List<?> choices = list(get(response, "choices"));
        if (choices != null) {
            List<Map<String, Object>> messages = new ArrayList<>();
            for (Object choice : choices) {
                Object message = get(choice, "message"); // a stream chunk has a delta instead: no message
                if (message != null) {
                    List<Map<String, Object>> parts = new ArrayList<>();
                    textPart(parts, get(message, "content"));
                    for (Object call : orEmpty(list(get(message, "toolCalls")))) {
                        Object function = get(call, "function");
                        if (function != null && get(function, "function") != null) {
                            Object inner = get(function, "function");
                            toolCall(parts, get(function, "id"), get(inner, "name"), get(inner, "arguments"));
                        } else if (function != null) {
                            toolCall(parts, get(call, "id"), get(function, "name"), get(function, "arguments"));
                        }
                    }
                    messages.add(message(parts, text(get(choice, "finishReason"))));
                }
            }
            return messages.isEmpty() ? null : messages;
        }
        List<?> blocks = list(get(response, "content"));
        if (blocks != null) { // Anthropic's Message
            List<Map<String, Object>> parts = new ArrayList<>();
            for (Object block : blocks) {
                textPart(parts, get(get(block, "text"), "text"));
                Object toolUse = get(block, "toolUse");
                if (toolUse != null) {
                    toolCall(parts, get(toolUse, "id"), get(toolUse, "name"), get(toolUse, "_input"));
                }
            }
            return parts.isEmpty() ? null : List.of(message(parts, text(get(response, "stopReason"))));
        }
        List<?> items = list(get(response, "output"));
        if (items != null) { // OpenAI's Response
            List<Map<String, Object>> parts = new ArrayList<>();
            for (Object item : items) {
                for (Object content : orEmpty(list(get(get(item, "message"), "content")))) {
                    textPart(parts, get(get(content, "outputText"), "text"));
                }
                Object call = get(item, "functionCall");
                if (call != null) {
                    toolCall(parts, get(call, "callId"), get(call, "name"), get(call, "arguments"));
                }
            }
            return parts.isEmpty() ? null : List.of(message(parts, text(get(response, "status"))));
        }
        Object aiMessage = get(response, "aiMessage");
        if (aiMessage != null) { // LangChain4j's ChatResponse
            List<Map<String, Object>> parts = new ArrayList<>();
            textPart(parts, get(aiMessage, "text"));
            for (Object request : orEmpty(list(get(aiMessage, "toolExecutionRequests")))) {
                toolCall(parts, get(request, "id"), get(request, "name"), get(request, "arguments"));
            }
            return List.of(message(parts, text(get(response, "finishReason"))));
        }
        return null;
    }

    private static Map<String, Object> message(List<Map<String, Object>> parts, String finishReason) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("parts", parts);
        message.put("finish_reason", finishReason);
        return message;
    }

    private static void textPart(List<Map<String, Object>> parts, Object text) {
        if (text instanceof String) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("type", "text");
            part.put("content", text);
            parts.add(part);
        }
    }

    private static void toolCall(List<Map<String, Object>> parts, Object id, Object name, Object arguments) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "tool_call");
        part.put("id", text(id));
        part.put("name", text(name));
        // The conventions want the arguments as an object: parse the JSON text OpenAI sends; Anthropic's
        // JsonValue is written by its own Jackson annotations.
        part.put("arguments", arguments instanceof String ? Json.readValue((String) arguments) : arguments);
        parts.add(part);
    }

    /** A value as text: a provider enum by its wire value ({@code asString()}), an enum in lower case. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Enum<?>) {
            return ((Enum<?>) value).name().toLowerCase(Locale.ROOT);
        }
        Object wire = get(value, "asString");
        return wire instanceof String ? (String) wire : value.toString();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> ? (List<?>) value : null;
    }

    private static List<?> orEmpty(List<?> list) {
        return list == null ? List.of() : list;
    }

    private static boolean has(Object target, String name) {
        return target != null && method(target.getClass(), name) != null;
    }

    /** {@code target.name()}, an Optional unwrapped; null when there is no such accessor or it fails. */
    private static Object get(Object target, String name) {
        return target == null
                ? null
                : ProviderUsage.unwrap(ProviderUsage.call(target, method(target.getClass(), name)));
    }

    private static Method method(Class<?> type, String name) {
        Method method = METHODS.get(type).computeIfAbsent(name, n -> {
            Method found = ProviderUsage.find(type, n);
            return found == null ? NONE : found;
        });
        return method == NONE ? null : method;
    }
}
