package ai.avaliar.trace;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Whether spans record message content (the GenAI conventions' opt-in attributes: messages,
 * system instructions, tool call arguments and results), when the configuration does not say.
 * In order: the system property {@code avaliar.capture.messages}, the environment variable
 * {@code AVALIAR_CAPTURE_MESSAGES}, else OpenTelemetry's own switch for GenAI instrumentations:
 * {@code OTEL_SEMCONV_STABILITY_OPT_IN} holding {@code gen_ai_latest_experimental} together with
 * {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT} = {@code true}, {@code span_only} or
 * {@code span_and_event} (or their system properties {@code otel.semconv-stability.opt-in} and
 * {@code otel.instrumentation.genai.capture-message-content}). Off otherwise.
 */
final class MessageContent {

    private MessageContent() {}

    static boolean ambient() {
        return ambient(System::getProperty, System::getenv);
    }

    static boolean ambient(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String own = first(properties.apply("avaliar.capture.messages"), environment.apply("AVALIAR_CAPTURE_MESSAGES"));
        if (own != null) {
            return own.matches("true|1|on|yes");
        }
        String optIn = first(
                properties.apply("otel.semconv-stability.opt-in"), environment.apply("OTEL_SEMCONV_STABILITY_OPT_IN"));
        String capture = first(
                properties.apply("otel.instrumentation.genai.capture-message-content"),
                environment.apply("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"));
        return optIn != null
                && capture != null
                && optIn.contains("gen_ai_latest_experimental")
                && capture.matches("true|span_only|span_and_event");
    }

    /** The first value that is not blank, trimmed and in lower case; null when none is. */
    private static String first(String property, String variable) {
        String value = property == null || property.isBlank() ? variable : property;
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
