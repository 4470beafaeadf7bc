package ai.avaliar.trace;

import io.opentelemetry.context.Context;
import java.util.Objects;

/**
 * A mistake in the use of the SDK that tracing survived: usage recorded outside an llm span,
 * a span ended twice, a span left open, a span closed out of order, a span without a name. In production it is
 * logged as a warning; under the JUnit extension's strict mode it fails the test that made it.
 *
 * <pre>{@code
 * try (AutoCloseable registration = Avaliar.onMisuse(m -> problems.add(m.message()))) { ... }
 * }</pre>
 *
 * @param kind what kind of mistake
 * @param message what happened and how to fix it
 * @param context the OpenTelemetry context current where it happened
 * @since 0.1.0
 */
public record Misuse(Kind kind, String message, Context context) {

    /** The kinds of misuse. */
    public enum Kind {
        /** {@code updateCurrentLlmRun} or {@code run.usage} with no llm span current. */
        USAGE_OUTSIDE_LLM_SPAN,
        /** A provider response or usage object the SDK could not read tokens from. */
        UNREADABLE_USAGE,
        /**
         * An llm span was fed provider objects (a stream's chunks or events, usually) and ended
         * without token counts: none of them carried usage. The message names what was seen and how
         * to get usage, such as {@code stream_options.include_usage} for an OpenAI chat stream.
         */
        NO_USAGE_IN_STREAM,
        /** A span ended a second time. */
        SPAN_ENDED_TWICE,
        /**
         * A span started by hand was still open and current when the code that started it returned
         * (a task on a pool thread, a test): its scope was closed for it, so later code on that
         * thread is not its child.
         */
        SPAN_LEFT_OPEN,
        /**
         * An OpenTelemetry {@code Scope} left open by code that returned (found by the JUnit
         * extension at the end of a test's code): the thread's context was put back for it.
         */
        SCOPE_LEFT_OPEN,
        /** A span closed while one of its children was still current, or on another thread. */
        NESTING,
        /** A span with a null or blank name. */
        INVALID_NAME,
        /** An llm-only setting (model, provider, generation info, blocking) on another span type. */
        LLM_SETTING_ON_OTHER_SPAN,
        /**
         * Detection asked for but not set up: {@code CLOUD} without Avaliar's API key or endpoint,
         * or {@code blocking(true)} without detectors. The traced call runs; the results say why.
         */
        DETECTION_NOT_CONFIGURED
    }

    /**
     * Checks the fields.
     *
     * @param kind as in the record
     * @param message as in the record
     * @param context as in the record
     */
    public Misuse {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(context, "context");
    }
}
