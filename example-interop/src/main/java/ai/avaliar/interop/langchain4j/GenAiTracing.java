package ai.avaliar.interop.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.ToolExecutedEventListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LangChain4j's observability events as OpenTelemetry spans named and attributed by the GenAI
 * semantic conventions: {@code invoke_agent} around an {@code AiServices} call, {@code chat} around
 * each model call (model, provider, tokens), {@code execute_tool} for each tool the model asked for
 * (from the response that asked to the tool's result). Written with the OpenTelemetry API alone.
 * LangChain4j 1.19 emits these events but no spans; this is the listener an app adds for them.
 *
 * <pre>{@code
 * GenAiTracing tracing = new GenAiTracing(GlobalOpenTelemetry.get());
 * ChatModel model = OpenAiChatModel.builder().apiKey(key).modelName("gpt-4o").listeners(List.of(tracing)).build();
 * }</pre>
 */
public final class GenAiTracing implements ChatModelListener {

    private static final String SPAN = "gen_ai.span";

    private final Tracer tracer;
    private final Map<UUID, AgentRun> agents = new ConcurrentHashMap<>();
    private final Map<String, Span> toolCalls = new ConcurrentHashMap<>();

    /**
     * Traces into {@code openTelemetry}.
     *
     * @param openTelemetry where the spans go
     */
    public GenAiTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("country-agent");
    }

    /**
     * The listeners of the agent's events, for {@code AiServices.registerListeners(...)}.
     *
     * @return the listeners
     */
    public List<AiServiceListener<?>> agentListeners() {
        return List.of(
                (AiServiceStartedListener) this::started,
                (ToolExecutedEventListener) this::toolExecuted,
                (AiServiceCompletedListener) this::completed,
                (AiServiceErrorListener) this::failed);
    }

    private void started(AiServiceStartedEvent event) {
        String agent = event.invocationContext().interfaceName();
        Span span = tracer.spanBuilder("invoke_agent " + agent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("gen_ai.operation.name", "invoke_agent")
                .setAttribute("gen_ai.agent.name", agent)
                .startSpan();
        // The agent's calls run on this thread, between these events: its span is their parent.
        agents.put(event.invocationContext().invocationId(), new AgentRun(span, span.makeCurrent()));
    }

    private void completed(AiServiceCompletedEvent event) {
        endAgent(event.invocationContext().invocationId(), null);
    }

    private void failed(AiServiceErrorEvent event) {
        endAgent(event.invocationContext().invocationId(), event.error());
    }

    private void endAgent(UUID invocation, Throwable error) {
        AgentRun run = agents.remove(invocation);
        if (run == null) {
            return;
        }
        if (error != null) {
            fail(run.span(), error);
        }
        run.scope().close();
        run.span().end();
    }

    private record AgentRun(Span span, Scope scope) {}

    @Override
    public void onRequest(ChatModelRequestContext context) {
        String model = context.chatRequest().modelName();
        Span span = tracer.spanBuilder("chat " + model)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Context.current())
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", provider(context.modelProvider()))
                .setAttribute("gen_ai.request.model", model)
                .startSpan();
        context.attributes().put(SPAN, span);
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        Span span = (Span) context.attributes().get(SPAN);
        ChatResponse response = context.chatResponse();
        span.setAttribute("gen_ai.response.model", response.metadata().modelName());
        span.setAttribute("gen_ai.response.id", response.metadata().id());
        TokenUsage usage = response.metadata().tokenUsage();
        if (usage != null) {
            span.setAttribute("gen_ai.usage.input_tokens", (long) usage.inputTokenCount());
            span.setAttribute("gen_ai.usage.output_tokens", (long) usage.outputTokenCount());
        }
        span.end();
        if (response.aiMessage().hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : response.aiMessage().toolExecutionRequests()) {
                toolCalls.put(
                        call.id(),
                        tracer.spanBuilder("execute_tool " + call.name())
                                .setAttribute("gen_ai.operation.name", "execute_tool")
                                .setAttribute("gen_ai.tool.name", call.name())
                                .setAttribute("gen_ai.tool.call.id", call.id())
                                .setAttribute("gen_ai.tool.call.arguments", call.arguments())
                                .startSpan());
            }
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        Span span = (Span) context.attributes().get(SPAN);
        if (span != null) {
            fail(span, context.error());
            span.end();
        }
    }

    private void toolExecuted(ToolExecutedEvent event) {
        Span span = toolCalls.remove(event.request().id());
        if (span != null) {
            span.setAttribute("gen_ai.tool.call.result", event.resultText());
            span.end();
        }
    }

    private static void fail(Span span, Throwable error) {
        span.setAttribute("error.type", error.getClass().getName());
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }

    private static String provider(ModelProvider provider) {
        if (provider == null) {
            return "unknown";
        }
        // The conventions' names: openai, anthropic, aws.bedrock, ...; close enough for the common ones.
        return provider == ModelProvider.OPEN_AI ? "openai" : provider.name().toLowerCase(Locale.ROOT);
    }
}
