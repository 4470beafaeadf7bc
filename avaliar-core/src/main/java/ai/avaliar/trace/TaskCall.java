package ai.avaliar.trace;

import io.opentelemetry.api.trace.SpanBuilder;

/**
 * An agent, tool or generic span to run code in. Obtained from {@link Avaliar#agent},
 * {@link Avaliar#tool} or {@link Avaliar#generic}.
 *
 * <pre>{@code
 * String briefing = Avaliar.agent("morning_briefing").provider("openai").input("city", city).call(() -> brief(city));
 * String weather = Avaliar.tool("fetch_weather").toolCallId(call.id()).input("city", city).call(() -> api.weather(city));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TaskCall extends SpanCall<TaskCall> {

    private String provider;
    private String toolCallId;

    TaskCall(SpanType type, String name) {
        super(type, name);
    }

    @Override
    TaskCall self() {
        return this;
    }

    /**
     * For an agent span: the provider of the models the agent calls, such as {@code openai},
     * recorded as {@code gen_ai.provider.name} (the GenAI conventions require it on an
     * {@code invoke_agent} span). Its llm spans still name their own.
     *
     * @param providerName the provider
     * @return this builder
     */
    public TaskCall provider(String providerName) {
        this.provider = providerName;
        return this;
    }

    /**
     * For a tool span: the id the model gave this tool call (OpenAI's {@code tool_calls[].id},
     * Anthropic's {@code tool_use.id}), recorded as {@code gen_ai.tool.call.id}, so that the call
     * can be matched with the model's request for it.
     *
     * @param id the tool call's id
     * @return this builder
     */
    public TaskCall toolCallId(String id) {
        this.toolCallId = id;
        return this;
    }

    @Override
    void ownAttributes(SpanBuilder builder, AvaliarRuntime.Settings settings) {
        if (provider != null) {
            builder.setAttribute(AvaliarAttributes.PROVIDER_NAME, provider);
        }
        if (toolCallId != null) {
            builder.setAttribute(AvaliarAttributes.TOOL_CALL_ID, toolCallId);
        }
    }
}
