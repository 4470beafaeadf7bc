package ai.avaliar.trace.data;

import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.internal.DetectionEvents;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.internal.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * One captured span of a {@link Trace}: an agent, tool, llm or generic step, with what it
 * was given, what it returned, its model, tokens, cost and detections. Immutable; read from
 * OpenTelemetry {@link SpanData}, also when another instrumentation made it.
 *
 * <pre>{@code
 * CapturedSpan synthesize = trace.span("morning_briefing/synthesize").orElseThrow();
 * long tokens = synthesize.inputTokens().orElse(0);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class CapturedSpan {

    private final SpanData data;
    private final CapturedSpan parent;
    // Set once while the trace is built; most spans are leaves and share the empty list.
    private List<CapturedSpan> children = Collections.emptyList();
    private List<CapturedSpan> childrenView = Collections.emptyList();
    private final int depth;
    private Trace trace;

    CapturedSpan(SpanData data, CapturedSpan parent) {
        this.data = data;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** Gives this span its children, in start order: once, while the trace is built. */
    void adoptChildren(List<CapturedSpan> startOrdered) {
        children = startOrdered;
        childrenView = Collections.unmodifiableList(startOrdered);
    }

    void attach(Trace owner) {
        this.trace = owner;
    }

    /**
     * The trace this span belongs to.
     *
     * @return the trace
     */
    public Trace trace() {
        return trace;
    }

    /**
     * The span's name.
     *
     * @return the name given when it started
     */
    public String name() {
        return data.getName();
    }

    /**
     * Avaliar's type of the span. A span of another instrumentation is typed by its
     * {@code gen_ai.operation.name}: {@code chat}, {@code text_completion}, {@code generate_content}
     * and {@code embeddings} are llm, {@code execute_tool} is tool, {@code invoke_agent} and
     * {@code create_agent} are agent; any other name, or none, is generic.
     *
     * @return the type
     */
    public SpanType type() {
        SpanType type = SpanTypes.fromWireName(data.getAttributes().get(AvaliarAttributes.SPAN_TYPE));
        if (type == null) {
            type = SpanTypes.fromOperationName(operationName().orElse(null));
        }
        return type == null ? SpanType.GENERIC : type;
    }

    /**
     * Whether Avaliar's SDK wrote this span ({@code avaliar.span.type} is set), rather than another
     * instrumentation such as Spring AI, LangChain4j or OpenTelemetry's own.
     *
     * @return true for a span of Avaliar
     */
    public boolean isAvaliarSpan() {
        return data.getAttributes().get(AvaliarAttributes.SPAN_TYPE) != null;
    }

    /**
     * The GenAI operation, {@code gen_ai.operation.name}, as the instrumentation wrote it.
     *
     * @return such as {@code chat} or {@code execute_tool}, or empty
     */
    public Optional<String> operationName() {
        return Optional.ofNullable(GenAiAttributes.text(data.getAttributes(), GenAiAttributes.OPERATION_NAME));
    }

    /**
     * The OpenTelemetry span id.
     *
     * @return 16 hex digits
     */
    public String spanId() {
        return data.getSpanId();
    }

    /**
     * The OpenTelemetry trace id.
     *
     * @return 32 hex digits
     */
    public String traceId() {
        return data.getTraceId();
    }

    /**
     * The parent in this trace; empty for a root.
     *
     * @return the parent span
     */
    public Optional<CapturedSpan> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * The children, in the order they started.
     *
     * @return an unmodifiable list
     */
    public List<CapturedSpan> children() {
        return childrenView;
    }

    /**
     * The first child of that name.
     *
     * @param name a child's name
     * @return the child, or empty
     */
    public Optional<CapturedSpan> child(String name) {
        for (CapturedSpan child : children) {
            if (child.name().equals(name)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /**
     * The children of that name, in start order.
     *
     * @param name a child's name
     * @return the matching children
     */
    public List<CapturedSpan> children(String name) {
        return children.stream().filter(c -> c.name().equals(name)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * A span below this one by a relative path: child names separated by {@code /}, each
     * optionally followed by a zero-based index among same-named siblings, as in
     * {@code researcher[1]/llm_call}.
     *
     * @param path the relative path
     * @return the span, or empty when no span is there
     */
    public Optional<CapturedSpan> find(String path) {
        return SpanPath.parse(path).lookUpBelow(this).span();
    }

    /**
     * This span and every span below it, depth first, children in start order.
     *
     * @return the spans, this one first
     */
    public List<CapturedSpan> descendantsAndSelf() {
        List<CapturedSpan> out = new ArrayList<>();
        addDescendantsAndSelf(out);
        return out;
    }

    /** Adds this span and every span below it to {@code out}, depth first, children in start order. */
    void addDescendantsAndSelf(List<CapturedSpan> out) {
        Deque<CapturedSpan> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            CapturedSpan span = stack.pop();
            out.add(span);
            for (int i = span.children.size() - 1; i >= 0; i--) {
                stack.push(span.children.get(i));
            }
        }
    }

    /**
     * Every span below this one, depth first.
     *
     * @return the descendants, without this span
     */
    public List<CapturedSpan> descendants() {
        List<CapturedSpan> all = descendantsAndSelf();
        return all.subList(1, all.size());
    }

    /**
     * How far below its trace's root this span is.
     *
     * @return 0 for a root
     */
    public int depth() {
        return depth;
    }

    /**
     * The path from the root to this span, with indexes where a name repeats among siblings,
     * such as {@code coordinator/researcher[1]/llm_call}. {@link Trace#span(String)} finds it.
     *
     * @return the path
     */
    public String path() {
        Deque<String> segments = new ArrayDeque<>();
        for (CapturedSpan span = this; span != null; span = span.parent) {
            segments.push(span.label());
        }
        return String.join("/", segments);
    }

    /**
     * The name, with its index from 0 when siblings share it: {@code researcher[1]}.
     *
     * @return the label, as a step of {@link #path()}
     */
    public String label() {
        List<CapturedSpan> siblings = parent != null ? parent.children : trace != null ? trace.roots() : List.of(this);
        int index = 0;
        int same = 0;
        for (CapturedSpan sibling : siblings) {
            if (sibling.name().equals(name())) {
                if (sibling == this) {
                    index = same;
                }
                same++;
            }
        }
        return same > 1 ? name() + "[" + index + "]" : name();
    }

    /**
     * When the span started.
     *
     * @return the start instant
     */
    public Instant startTime() {
        return instant(data.getStartEpochNanos());
    }

    /**
     * When the span ended.
     *
     * @return the end instant
     */
    public Instant endTime() {
        return instant(data.getEndEpochNanos());
    }

    /**
     * Start time in nanoseconds since the epoch, for precise comparisons.
     *
     * @return the start
     */
    public long startEpochNanos() {
        return data.getStartEpochNanos();
    }

    /**
     * End time in nanoseconds since the epoch.
     *
     * @return the end
     */
    public long endEpochNanos() {
        return data.getEndEpochNanos();
    }

    /**
     * How long the span ran.
     *
     * @return end minus start
     */
    public Duration duration() {
        return Duration.ofNanos(data.getEndEpochNanos() - data.getStartEpochNanos());
    }

    /**
     * Whether this span and {@code other} were running at the same moment.
     *
     * @param other another span
     * @return true when their time intervals overlap
     */
    public boolean overlaps(CapturedSpan other) {
        return startEpochNanos() < other.endEpochNanos() && other.startEpochNanos() < endEpochNanos();
    }

    /**
     * The named inputs, as recorded by {@code input(name, value)}: strings, numbers, booleans,
     * lists and maps as parsed from JSON.
     *
     * @return the inputs; empty when none were recorded
     */
    public Map<String, Object> inputs() {
        return Json.readObject(inputJson());
    }

    /**
     * The inputs as recorded: a JSON object, possibly truncated.
     *
     * @return the JSON, or null when none was recorded
     */
    public String inputJson() {
        return data.getAttributes().get(AvaliarAttributes.INPUT);
    }

    /**
     * The output as text: a string output as itself, anything else as its JSON.
     *
     * @return the output, or null when none was recorded
     */
    public String output() {
        String json = outputJson();
        Object value = Json.readValue(json);
        return value instanceof String ? (String) value : json;
    }

    /**
     * The output as recorded: JSON, possibly truncated.
     *
     * @return the JSON, or null when none was recorded
     */
    public String outputJson() {
        return data.getAttributes().get(AvaliarAttributes.OUTPUT);
    }

    /**
     * The tool a tool span ran: {@code gen_ai.tool.name}, or Spring AI's
     * {@code spring.ai.tool.definition.name}.
     *
     * @return the tool's name, or empty
     */
    public Optional<String> toolName() {
        return Optional.ofNullable(GenAiAttributes.text(
                data.getAttributes(), GenAiAttributes.TOOL_NAME, GenAiAttributes.SPRING_AI_TOOL_NAME));
    }

    /**
     * The id the provider gave its response, {@code gen_ai.response.id}, on an llm span: ours (read
     * by {@code usageFrom}) or another instrumentation's.
     *
     * @return the id, or empty when the span has none
     */
    public Optional<String> responseId() {
        return Optional.ofNullable(GenAiAttributes.text(data.getAttributes(), GenAiAttributes.RESPONSE_ID));
    }

    /**
     * Why the model stopped, {@code gen_ai.response.finish_reasons}, in the provider's words
     * ({@code stop}, {@code tool_calls}, {@code end_turn}, ...), one per choice.
     *
     * @return the reasons, or an empty list when the span has none
     */
    public List<String> finishReasons() {
        Object value = GenAiAttributes.value(data.getAttributes(), GenAiAttributes.FINISH_REASONS);
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value instanceof String text ? List.of(text) : List.of();
    }

    /**
     * The arguments the model gave the tool, {@code gen_ai.tool.call.arguments}, as written (JSON).
     * Instrumentations record it only when told to capture message content.
     *
     * @return the arguments, or empty
     */
    public Optional<String> toolCallArguments() {
        return Optional.ofNullable(GenAiAttributes.text(data.getAttributes(), GenAiAttributes.TOOL_CALL_ARGUMENTS));
    }

    /**
     * What the tool returned, {@code gen_ai.tool.call.result}, as written.
     *
     * @return the result, or empty
     */
    public Optional<String> toolCallResult() {
        return Optional.ofNullable(GenAiAttributes.text(data.getAttributes(), GenAiAttributes.TOOL_CALL_RESULT));
    }

    /**
     * The messages sent to the model, {@code gen_ai.input.messages}: each a map with {@code role} and
     * {@code parts}, as the GenAI conventions write them (an opt-in of the instrumentation).
     *
     * @return the messages; empty when not recorded, or when the attribute is not a JSON array of
     *     objects (read it with {@link #attribute(AttributeKey)} then)
     */
    public List<Map<String, Object>> inputMessages() {
        return Json.readList(GenAiAttributes.text(data.getAttributes(), GenAiAttributes.INPUT_MESSAGES));
    }

    /**
     * The messages the model answered with, {@code gen_ai.output.messages}; read as
     * {@link #inputMessages()} is.
     *
     * @return the messages; empty when not recorded or not a JSON array of objects
     */
    public List<Map<String, Object>> outputMessages() {
        return Json.readList(GenAiAttributes.text(data.getAttributes(), GenAiAttributes.OUTPUT_MESSAGES));
    }

    /**
     * The model asked for, else the model that answered.
     *
     * @return the model name, or empty
     */
    public Optional<String> model() {
        return Optional.ofNullable(GenAiAttributes.text(
                data.getAttributes(),
                AvaliarAttributes.REQUEST_MODEL.getKey(),
                AvaliarAttributes.RESPONSE_MODEL.getKey()));
    }

    /**
     * The model the provider says answered.
     *
     * @return the model name, or empty
     */
    public Optional<String> responseModel() {
        return Optional.ofNullable(
                GenAiAttributes.text(data.getAttributes(), AvaliarAttributes.RESPONSE_MODEL.getKey()));
    }

    /**
     * The provider, from {@code gen_ai.provider.name} or the older {@code gen_ai.system}.
     *
     * @return the provider, or empty
     */
    public Optional<String> provider() {
        return Optional.ofNullable(GenAiAttributes.text(
                data.getAttributes(), AvaliarAttributes.PROVIDER_NAME.getKey(), AvaliarAttributes.SYSTEM.getKey()));
    }

    /**
     * Prompt tokens: {@code gen_ai.usage.input_tokens}, or the older
     * {@code gen_ai.usage.prompt_tokens}. A count written as a string of digits or a whole double is
     * read too; one that is no count (text, a fraction, a negative number) is not.
     *
     * @return the count, or empty when not recorded or not a count
     */
    public OptionalLong inputTokens() {
        return GenAiAttributes.count(
                data.getAttributes(), AvaliarAttributes.INPUT_TOKENS.getKey(), GenAiAttributes.PROMPT_TOKENS);
    }

    /**
     * Completion tokens: {@code gen_ai.usage.output_tokens}, or the older
     * {@code gen_ai.usage.completion_tokens}; read as {@link #inputTokens()} is.
     *
     * @return the count, or empty when not recorded or not a count
     */
    public OptionalLong outputTokens() {
        return GenAiAttributes.count(
                data.getAttributes(), AvaliarAttributes.OUTPUT_TOKENS.getKey(), GenAiAttributes.COMPLETION_TOKENS);
    }

    /**
     * Input plus output tokens.
     *
     * @return the sum, or empty when neither was recorded
     */
    public OptionalLong totalTokens() {
        OptionalLong in = inputTokens();
        OptionalLong out = outputTokens();
        if (in.isEmpty() && out.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(in.orElse(0) + out.orElse(0));
    }

    /**
     * Prompt tokens served from the provider's cache.
     *
     * @return the count, or empty
     */
    public OptionalLong cacheReadInputTokens() {
        return optionalLong(AvaliarAttributes.CACHE_READ_INPUT_TOKENS);
    }

    /**
     * Prompt tokens written to the provider's cache (part of the input tokens).
     *
     * @return the count, or empty
     */
    public OptionalLong cacheCreationInputTokens() {
        return optionalLong(AvaliarAttributes.CACHE_CREATION_INPUT_TOKENS);
    }

    /**
     * Completion tokens spent on reasoning.
     *
     * @return the count, or empty
     */
    public OptionalLong reasoningOutputTokens() {
        return optionalLong(AvaliarAttributes.REASONING_OUTPUT_TOKENS);
    }

    /**
     * Cost in US dollars, from the pricing table.
     *
     * @return the cost, or empty when the model or the tokens were unknown
     */
    public OptionalDouble costUsd() {
        Double cost = data.getAttributes().get(AvaliarAttributes.COST_USD);
        return cost == null ? OptionalDouble.empty() : OptionalDouble.of(cost);
    }

    /**
     * The generation parameters: temperature, top_p, max_tokens and any other key given.
     *
     * @return key to value (string, long, double or boolean), in key order
     */
    public Map<String, Object> generationInfo() {
        Map<String, Object> info = prefixed(AvaliarAttributes.GENERATION_INFO_PREFIX);
        putIfAbsent(info, "temperature", AvaliarAttributes.REQUEST_TEMPERATURE);
        putIfAbsent(info, "top_p", AvaliarAttributes.REQUEST_TOP_P);
        putIfAbsent(info, "max_tokens", AvaliarAttributes.REQUEST_MAX_TOKENS);
        return Collections.unmodifiableMap(info);
    }

    /**
     * The user's metadata, recorded with {@code metadata(key, value)}.
     *
     * @return key to value
     */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(prefixed(AvaliarAttributes.METADATA_PREFIX));
    }

    /**
     * Whether the response was streamed.
     *
     * @return true for a stream
     */
    public boolean isStreaming() {
        return Boolean.TRUE.equals(data.getAttributes().get(AvaliarAttributes.REQUEST_STREAM));
    }

    /**
     * From the span's start to the first chunk of its stream.
     *
     * @return the time to first chunk, or empty when not a stream or no chunk came
     */
    public Optional<Duration> timeToFirstChunk() {
        Double seconds = data.getAttributes().get(AvaliarAttributes.TIME_TO_FIRST_CHUNK);
        return seconds == null ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    /**
     * Whether the span ended in error.
     *
     * @return true when its status is ERROR
     */
    public boolean isError() {
        return data.getStatus().getStatusCode() == StatusCode.ERROR;
    }

    /**
     * The class of error the span ended with: {@code error.type} as the GenAI conventions write it
     * (an exception class, an HTTP status, {@code timeout}), else the type of the recorded exception.
     *
     * @return the error type, or empty when the span names none
     */
    public Optional<String> errorType() {
        String type = GenAiAttributes.text(data.getAttributes(), GenAiAttributes.ERROR_TYPE);
        return type != null ? Optional.of(type) : exception().map(RecordedException::type);
    }

    /**
     * The error description of the status, or the recorded exception's message.
     *
     * @return the message, or empty when the span did not fail
     */
    public Optional<String> errorMessage() {
        if (!isError()) {
            return Optional.empty();
        }
        StatusData status = data.getStatus();
        if (status.getDescription() != null && !status.getDescription().isEmpty()) {
            return Optional.of(status.getDescription());
        }
        return exception().map(RecordedException::message);
    }

    /**
     * The exception recorded on the span.
     *
     * @return type, message and stack trace, or empty
     */
    public Optional<RecordedException> exception() {
        for (EventData event : data.getEvents()) {
            if ("exception".equals(event.getName())) {
                Attributes a = event.getAttributes();
                return Optional.of(new RecordedException(
                        a.get(AttributeKey.stringKey("exception.type")),
                        a.get(AttributeKey.stringKey("exception.message")),
                        a.get(AttributeKey.stringKey("exception.stacktrace"))));
            }
        }
        return Optional.empty();
    }

    /**
     * Where detection ran for this span.
     *
     * @return the mode, or empty when detection was not asked for
     */
    public Optional<DetectionMode> detectionMode() {
        String mode = data.getAttributes().get(AvaliarAttributes.DETECTION_MODE);
        if (mode == null) {
            return Optional.empty();
        }
        for (DetectionMode known : DetectionMode.values()) {
            if (known.name().equals(mode.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(known);
            }
        }
        return Optional.empty(); // a mode of a newer or another writer: not one we can name
    }

    /**
     * Whether this span's prompt was blocked before it reached the model ({@code blocking(true)}
     * on an llm span, and an issue of severity {@code HIGH} or worse in the prompt).
     *
     * @return true when {@code avaliar.blocked} is true
     */
    public boolean wasBlocked() {
        return Boolean.TRUE.equals(data.getAttributes().get(AvaliarAttributes.BLOCKED));
    }

    /**
     * The results of the detectors that ran on this span, one per detector.
     *
     * @return the results, in the order they were recorded
     */
    public List<DetectionResult> detections() {
        List<DetectionResult> results = new ArrayList<>();
        for (EventData event : data.getEvents()) {
            DetectionResult result = DetectionEvents.fromEvent(event);
            if (result != null) {
                results.add(result);
            }
        }
        return Collections.unmodifiableList(results);
    }

    /**
     * The JUnit test that made this span, when the JUnit extension captured it.
     *
     * @return the test's unique id, or empty
     */
    public Optional<String> testId() {
        return Optional.ofNullable(data.getAttributes().get(AvaliarAttributes.TEST_ID));
    }

    /**
     * One attribute.
     *
     * @param key the key
     * @param <T> the value type
     * @return the value, or null
     */
    public <T> T attribute(AttributeKey<T> key) {
        return data.getAttributes().get(key);
    }

    /**
     * All attributes.
     *
     * @return the attributes
     */
    public Attributes attributes() {
        return data.getAttributes();
    }

    /**
     * The OpenTelemetry data this span was read from.
     *
     * @return the span data
     */
    public SpanData spanData() {
        return data;
    }

    /**
     * This span and its descendants as a tree, like the pictures of Avaliar's guide.
     *
     * @return the rendering
     */
    public String render() {
        return TreeRenderer.render(List.of(this), null, true);
    }

    @Override
    public String toString() {
        return name() + " (" + type() + ")";
    }

    private OptionalLong optionalLong(AttributeKey<Long> key) {
        return GenAiAttributes.count(data.getAttributes(), key.getKey());
    }

    private Map<String, Object> prefixed(String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        data.getAttributes().forEach((key, value) -> {
            if (key.getKey().startsWith(prefix)) {
                out.put(key.getKey().substring(prefix.length()), value);
            }
        });
        return out;
    }

    private void putIfAbsent(Map<String, Object> info, String key, AttributeKey<?> attribute) {
        Object value = data.getAttributes().get(attribute);
        if (value != null) {
            info.putIfAbsent(key, value);
        }
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    /**
     * An exception recorded on a span, as OpenTelemetry's {@code exception} event holds it.
     *
     * @param type the exception's class name
     * @param message its message
     * @param stackTrace its stack trace as text
     */
    public record RecordedException(String type, String message, String stackTrace) {}
}
