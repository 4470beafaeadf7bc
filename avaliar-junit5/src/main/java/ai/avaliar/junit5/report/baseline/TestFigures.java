package ai.avaliar.junit5.report.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one test's traces came to, as a baseline compares it: tokens, cost and llm calls (an llm
 * span inside another counts once, as in the report), latency (its traces' root spans, added up)
 * and the shape of its trees. Read from the traces' JSON, the same for {@code traces.jsonl} of an
 * earlier run and for the run being reported, so the two are figured alike.
 *
 * <pre>{@code
 * TestFigures figures = TestFigures.of(tracesOfOneTest);
 * long tokens = figures.tokens();
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 *
 * @param tokens input plus output tokens of the llm calls
 * @param costUsd their cost
 * @param llmCalls how many
 * @param latencyMs the root spans' durations, added up
 * @param shape the trees, one line per span ({@code name  (type)}, indented two spaces a level),
 *     siblings sorted by name and type so that parallel branches do not count as a change
 */
public record TestFigures(long tokens, double costUsd, long llmCalls, double latencyMs, List<String> shape) {

    private record Node(JsonNode span, List<Node> children) {
        String line() {
            return span.path("name").asText() + "  (" + span.path("type").asText() + ")";
        }
    }

    private static final Comparator<Node> SIBLINGS = Comparator.comparing(Node::line);

    /** Figures of a test's traces, each a JSON object with a {@code spans} array, parents first. */
    public static TestFigures of(List<? extends JsonNode> traces) {
        long tokens = 0;
        double cost = 0;
        long calls = 0;
        double latency = 0;
        List<String> shape = new ArrayList<>();
        for (JsonNode trace : traces) {
            JsonNode spans = trace.path("spans");
            Map<String, Node> byId = new HashMap<>(spans.size() * 2);
            for (JsonNode span : spans) {
                byId.put(span.path("spanId").asText(), new Node(span, new ArrayList<>()));
            }
            List<Node> roots = new ArrayList<>();
            for (JsonNode span : spans) {
                Node node = byId.get(span.path("spanId").asText());
                Node parent = byId.get(span.path("parentSpanId").asText(""));
                if (parent == null || parent == node) {
                    roots.add(node);
                    latency += span.path("durationMs").asDouble();
                } else {
                    parent.children().add(node);
                }
            }
            for (JsonNode span : spans) {
                if ("llm".equals(span.path("type").asText()) && !underLlm(span, byId)) {
                    calls++;
                    tokens += span.path("inputTokens").asLong()
                            + span.path("outputTokens").asLong();
                    cost += span.path("costUsd").asDouble();
                }
            }
            roots.sort(SIBLINGS);
            for (Node root : roots) {
                render(root, 0, shape);
            }
        }
        return new TestFigures(tokens, cost, calls, latency, List.copyOf(shape));
    }

    /** Both figures added up: a test whose lines are in two places of a file. */
    TestFigures plus(TestFigures other) {
        List<String> both = new ArrayList<>(shape);
        both.addAll(other.shape);
        return new TestFigures(
                tokens + other.tokens,
                costUsd + other.costUsd,
                llmCalls + other.llmCalls,
                latencyMs + other.latencyMs,
                List.copyOf(both));
    }

    private static boolean underLlm(JsonNode span, Map<String, Node> byId) {
        Node up = byId.get(span.path("parentSpanId").asText(""));
        // Bounded by the number of spans: a cycle in a hand-edited file cannot loop forever.
        for (int steps = 0; up != null && steps < byId.size(); steps++) {
            if ("llm".equals(up.span().path("type").asText())) {
                return true;
            }
            up = byId.get(up.span().path("parentSpanId").asText(""));
        }
        return false;
    }

    private static void render(Node node, int depth, List<String> shape) {
        // Iterative: a deep trace must not overflow the stack.
        List<Object[]> stack = new ArrayList<>();
        stack.add(new Object[] {node, depth});
        while (!stack.isEmpty()) {
            Object[] top = stack.remove(stack.size() - 1);
            Node current = (Node) top[0];
            int level = (Integer) top[1];
            shape.add("  ".repeat(level) + current.line());
            List<Node> children = new ArrayList<>(current.children());
            children.sort(SIBLINGS);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(new Object[] {children.get(i), level + 1});
            }
        }
    }
}
