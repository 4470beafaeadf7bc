package ai.avaliar.trace;

/**
 * An agent, tool or generic span to run code in. Obtained from {@link Avaliar#agent},
 * {@link Avaliar#tool} or {@link Avaliar#generic}.
 *
 * <pre>{@code
 * String briefing = Avaliar.agent("morning_briefing").input("city", city).call(() -> brief(city));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TaskCall extends SpanCall<TaskCall> {

    TaskCall(SpanType type, String name) {
        super(type, name);
    }

    @Override
    TaskCall self() {
        return this;
    }
}
