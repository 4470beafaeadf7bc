package ai.avaliar.trace;

import ai.avaliar.trace.internal.Json;
import ai.avaliar.trace.internal.Pairs;
import io.opentelemetry.api.trace.SpanBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An llm span's named inputs as the GenAI conventions' opt-in {@code gen_ai.system_instructions}
 * and {@code gen_ai.input.messages}: an input named {@code system}, {@code system_prompt} or
 * {@code instructions} is a system instruction; the others are the parts of one {@code user}
 * message, a text input as its text, anything else as its JSON.
 */
final class InputMessages {

    private static final Set<String> SYSTEM = Set.of("system", "system_prompt", "instructions");

    private InputMessages() {}

    static void write(SpanBuilder builder, Pairs inputs, int maxChars) {
        List<Map<String, Object>> system = new ArrayList<>();
        List<Map<String, Object>> user = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Object value = inputs.value(i);
            if (value == null) {
                continue;
            }
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("type", "text");
            part.put("content", value instanceof String ? value : Json.write(value, maxChars));
            (SYSTEM.contains(inputs.key(i)) ? system : user).add(part);
        }
        if (!system.isEmpty()) {
            builder.setAttribute(AvaliarAttributes.SYSTEM_INSTRUCTIONS, Json.write(system, maxChars));
        }
        if (!user.isEmpty()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "user");
            message.put("parts", user);
            builder.setAttribute(AvaliarAttributes.INPUT_MESSAGES, Json.write(List.of(message), maxChars));
        }
    }
}
