package ai.avaliar.trace.data;

import ai.avaliar.trace.SpanType;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One captured trace: a tree of {@link CapturedSpan}s under a root, children in start order. Immutable.
 * Built from OpenTelemetry {@link SpanData}, so spans of other instrumentation join the tree.
 *
 * <pre>{@code
 * Trace trace = exporter.traces().get(0);
 * System.out.println(trace.render());
 * CapturedSpan llm = trace.span("coordinator/researcher[1]/llm_call").orElseThrow();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Trace {

    private static final Comparator<CapturedSpan> START_ORDER = Comparator.comparingLong(CapturedSpan::startEpochNanos);
    private static final Comparator<SpanData> DATA_START_ORDER = Comparator.comparingLong(SpanData::getStartEpochNanos);

    private final String traceId;
    private final List<CapturedSpan> roots;
    private final List<CapturedSpan> spans;

    private Trace(String traceId, List<CapturedSpan> roots, int spanCount) {
        this.traceId = traceId;
        this.roots = Collections.unmodifiableList(roots);
        List<CapturedSpan> all = new ArrayList<>(spanCount);
        for (CapturedSpan root : roots) {
            root.addDescendantsAndSelf(all);
        }
        this.spans = Collections.unmodifiableList(all);
        for (CapturedSpan span : all) {
            span.attach(this);
        }
    }

    /**
     * Groups finished spans into traces, in the order their roots started. A span whose parent
     * is not among {@code spans} (still running, or made in another process) becomes a root
     * of its trace; {@link #isComplete()} tells.
     *
     * @param spans finished spans of any number of traces, in any order
     * @return one trace per trace id
     */
    public static List<Trace> of(Collection<? extends SpanData> spans) {
        // One snapshot, read several times: the caller's collection may be changing.
        SpanData[] snapshot = spans.toArray(new SpanData[0]);
        String onlyTrace = onlyTraceId(snapshot);
        if (onlyTrace != null) {
            // One trace, the usual case in a test: no grouping copy of its spans.
            return Collections.singletonList(build(onlyTrace, Arrays.asList(snapshot)));
        }
        Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
        for (SpanData span : snapshot) {
            byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
        }
        List<Trace> traces = new ArrayList<>(byTrace.size());
        for (Map.Entry<String, List<SpanData>> entry : byTrace.entrySet()) {
            traces.add(build(entry.getKey(), entry.getValue()));
        }
        traces.sort(Comparator.comparingLong(t -> t.root().startEpochNanos()));
        return Collections.unmodifiableList(traces);
    }

    /** The trace id all {@code spans} share; null when there are none or several. */
    private static String onlyTraceId(SpanData[] spans) {
        String id = null;
        for (SpanData span : spans) {
            String next = span.getTraceId();
            if (next == null || (id != null && !id.equals(next))) {
                return null;
            }
            id = next;
        }
        return id;
    }

    private static Trace build(String traceId, List<SpanData> data) {
        // Sized for every span at once: no rehashing, which is most of a big trace's build otherwise.
        Map<String, SpanData> byId = new HashMap<>(capacityFor(data.size()));
        Map<String, List<SpanData>> childrenOf = new HashMap<>();
        List<SpanData> rootData = new ArrayList<>();
        for (SpanData span : data) {
            byId.put(span.getSpanId(), span);
        }
        for (SpanData span : data) {
            String parentId = span.getParentSpanId();
            if (SpanId.isValid(parentId) && byId.containsKey(parentId) && !parentId.equals(span.getSpanId())) {
                childrenOf.computeIfAbsent(parentId, id -> new ArrayList<>()).add(span);
            } else {
                rootData.add(span);
            }
        }
        // Siblings in start order. Sorting each family (stably, usually already in order) gives what
        // sorting a copy of all the spans first did, without the copy; the roots are sorted below.
        for (List<SpanData> siblings : childrenOf.values()) {
            if (siblings.size() > 1) {
                siblings.sort(DATA_START_ORDER);
            }
        }
        List<CapturedSpan> roots = new ArrayList<>(rootData.size());
        List<CapturedSpan> pending = new ArrayList<>(data.size());
        for (SpanData root : rootData) {
            CapturedSpan span = new CapturedSpan(root, null);
            roots.add(span);
            pending.add(span);
        }
        // Breadth-first, iteratively: traces may be deep. Leaves keep the shared empty list.
        for (int i = 0; i < pending.size(); i++) {
            CapturedSpan parent = pending.get(i);
            List<SpanData> childData = childrenOf.get(parent.spanId());
            if (childData == null) {
                continue;
            }
            List<CapturedSpan> children = new ArrayList<>(childData.size());
            for (SpanData child : childData) {
                children.add(new CapturedSpan(child, parent));
            }
            parent.adoptChildren(children);
            pending.addAll(children);
        }
        roots.sort(START_ORDER);
        return new Trace(traceId, roots, pending.size());
    }

    /** A {@code HashMap} capacity that holds {@code entries} without resizing. */
    private static int capacityFor(int entries) {
        return (int) Math.min(1 << 30, (long) entries * 4 / 3 + 1);
    }

    /**
     * The OpenTelemetry trace id.
     *
     * @return 32 hex digits
     */
    public String traceId() {
        return traceId;
    }

    /**
     * The root span: the first to start among the spans without a captured parent.
     *
     * @return the root
     */
    public CapturedSpan root() {
        return roots.get(0);
    }

    /**
     * The spans without a captured parent. One for a complete trace; more when a parent was
     * still running or lives in another process.
     *
     * @return the roots, in start order
     */
    public List<CapturedSpan> roots() {
        return roots;
    }

    /**
     * Whether the trace is whole: one root, and that root has no parent elsewhere.
     *
     * @return true when complete
     */
    public boolean isComplete() {
        return roots.size() == 1 && !SpanId.isValid(root().spanData().getParentSpanId());
    }

    /**
     * Every span, depth first from the root, children in start order.
     *
     * @return all spans
     */
    public List<CapturedSpan> spans() {
        return spans;
    }

    /**
     * The spans of one type, depth first.
     *
     * @param type the type
     * @return the matching spans
     */
    public List<CapturedSpan> spans(SpanType type) {
        return spans.stream().filter(s -> s.type() == type).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The spans of that name anywhere in the tree, depth first.
     *
     * @param name the name
     * @return the matching spans
     */
    public List<CapturedSpan> spansNamed(String name) {
        return spans.stream().filter(s -> s.name().equals(name)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * A span by its path from the root, such as {@code coordinator/researcher[1]/llm_call}:
     * names separated by {@code /}, an index from 0 where a name repeats among siblings.
     *
     * @param path the path, starting with the root's name
     * @return the span, or empty
     */
    public Optional<CapturedSpan> span(String path) {
        return SpanPath.parse(path).lookUpIn(this).span();
    }

    /**
     * Input tokens of every span, added up.
     *
     * @return the sum
     */
    public long totalInputTokens() {
        return spans.stream().mapToLong(s -> s.inputTokens().orElse(0)).sum();
    }

    /**
     * Output tokens of every span, added up.
     *
     * @return the sum
     */
    public long totalOutputTokens() {
        return spans.stream().mapToLong(s -> s.outputTokens().orElse(0)).sum();
    }

    /**
     * Input and output tokens of every span, added up.
     *
     * @return the sum
     */
    public long totalTokens() {
        return totalInputTokens() + totalOutputTokens();
    }

    /**
     * The cost of every span, added up, in US dollars.
     *
     * @return the sum; 0 when no span had a cost
     */
    public double totalCostUsd() {
        return spans.stream().mapToDouble(s -> s.costUsd().orElse(0.0)).sum();
    }

    /**
     * The JUnit test that made this trace, when the JUnit extension captured it.
     *
     * @return the root's test id, or empty
     */
    public Optional<String> testId() {
        return root().testId();
    }

    /**
     * The tree as text, like the pictures of Avaliar's guide, with model, provider, tokens,
     * cost, latency, errors and detections on each line.
     *
     * <pre>
     * morning_briefing  (agent)  212 ms
     *   ├── fetch_weather  (tool)  101 ms
     *   ├── fetch_news  (tool)  100 ms
     *   └── synthesize  (llm)  gpt-4o · openai · 53→12 tokens · $0.000253 · 9 ms
     * </pre>
     *
     * @return the rendering
     */
    public String render() {
        return TreeRenderer.render(roots, null, true);
    }

    /**
     * The tree as text with one span marked, for failure messages.
     *
     * @param marked the span to point at
     * @return the rendering, the marked line ending in {@code <<<}
     */
    public String render(CapturedSpan marked) {
        return TreeRenderer.render(roots, marked, true);
    }

    /**
     * Only names and types, in the guide's notation; what {@code hasShape} compares.
     *
     * @return the shape
     */
    public String renderShape() {
        return TreeRenderer.render(roots, null, false);
    }

    @Override
    public String toString() {
        return render();
    }
}
