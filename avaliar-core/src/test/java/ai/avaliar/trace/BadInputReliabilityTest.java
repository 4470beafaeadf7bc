package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inputs that break naive code: huge, deep, cyclic, unserialisable, with control characters and
 * lone surrogates, or null. Each has the outcome docs/attributes.md documents, the traced call is
 * unharmed, and what is recorded as JSON is valid JSON (read back with a Jackson of the test's own).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputReliabilityTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final int LIMIT = 32_768; // AvaliarConfig's default maxPayloadChars

    @RegisterExtension
    final Capture capture = new Capture();

    /** Parses recorded JSON, failing the test when it is not JSON. */
    static JsonNode json(String recorded) {
        assertThat(recorded).as("recorded JSON").isNotNull();
        try {
            return JACKSON.readTree(recorded);
        } catch (Exception e) {
            throw new AssertionError(
                    "not valid JSON (" + e.getMessage() + "): "
                            + (recorded.length() > 300 ? recorded.substring(0, 300) + "…" : recorded),
                    e);
        }
    }

    /** Runs {@code value} through a tool as its one input and its output; returns the recorded span. */
    private CapturedSpan recorded(Object value) {
        Object returned = Avaliar.tool("take").input("value", value).call(() -> value);
        assertThat(returned).as("what the traced call returned").isSameAs(value);
        CapturedSpan span = capture.trace().root();
        json(span.inputJson());
        json(span.outputJson());
        return span;
    }

    /** The documented description of a value that could not be written as JSON. */
    private static void assertUnserialisable(JsonNode node, Class<?> type, String reason, String toString) {
        assertThat(node.isObject())
                .as("an object describing the value: %s", node)
                .isTrue();
        assertThat(fieldNames(node)).containsExactly("unserialisable", "reason", "toString");
        assertThat(node.get("unserialisable").asText()).isEqualTo(type.getName());
        assertThat(node.get("reason").asText()).contains(reason);
        assertThat(node.get("toString").asText()).startsWith(toString);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- huge ----

    @Nested
    class Huge_values {

        @Test
        void a_ten_megabyte_output_is_kept_to_the_limit_with_the_marker_and_stays_json() {
            String huge = "y".repeat(10 * 1024 * 1024);

            CapturedSpan span = recordedOutput(() -> huge);

            JsonNode output = json(span.outputJson());
            assertThat(output.isTextual())
                    .as("a JSON string holding the kept JSON and the marker")
                    .isTrue();
            assertThat(output.asText())
                    .hasSize(LIMIT + "…[avaliar: truncated, 32768 of 10485762 chars kept]".length())
                    .startsWith("\"yyy")
                    .endsWith("yyy…[avaliar: truncated, 32768 of 10485762 chars kept]");
        }

        @Test
        void a_ten_megabyte_input_is_kept_to_the_limit_with_the_marker_and_stays_json() {
            String huge = "z".repeat(10 * 1024 * 1024);

            String result = Avaliar.tool("ingest").input("document", huge).call(() -> "ingested");

            assertThat(result).isEqualTo("ingested");
            JsonNode input = json(capture.trace().root().inputJson());
            assertThat(input.asText())
                    .startsWith("{\"document\":\"zzz")
                    .endsWith("zzz…[avaliar: truncated, 32768 of 10485775 chars kept]");
        }

        @Test
        void a_ten_megabyte_string_inside_a_structure_is_kept_to_the_limit() {
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("id", 7);
            reply.put("pages", List.of("p".repeat(10 * 1024 * 1024)));

            CapturedSpan span = recordedOutput(() -> reply);

            assertThat(json(span.outputJson()).asText())
                    .startsWith("{\"id\":7,\"pages\":[\"ppp")
                    .endsWith("…[avaliar: truncated, 32768 of 10485781 chars kept]");
        }

        @Test
        void a_ten_megabyte_metadata_value_is_kept_to_the_limit() {
            Avaliar.tool("t")
                    .metadata("transcript", "m".repeat(10 * 1024 * 1024))
                    .run(() -> {});

            Object recorded = capture.trace().root().metadata().get("transcript");
            assertThat(json((String) recorded).asText())
                    .hasSize(LIMIT + "…[avaliar: truncated, 32768 of 10485762 chars kept]".length());
        }
    }

    private CapturedSpan recordedOutput(Supplier<Object> body) {
        Object returned = Avaliar.tool("make").call(body::get);
        assertThat(returned).isNotNull();
        return capture.trace().root();
    }

    // ---- deep ----

    @Nested
    class Deep_values {

        private int nest(int level, int levels) {
            if (level == levels) {
                return level;
            }
            return Avaliar.generic("level" + level).input("level", level).call(() -> nest(level + 1, levels));
        }

        @Test
        void a_thousand_nested_traced_calls_make_one_trace_a_thousand_levels_deep() {
            int result = nest(0, 1_000);

            assertThat(result).isEqualTo(1_000);
            Trace trace = capture.trace();
            assertThat(trace.isComplete()).isTrue();
            assertThat(trace.spans()).hasSize(1_000);
            for (CapturedSpan span : trace.spans()) {
                int level = Integer.parseInt(span.name().substring("level".length()));
                assertThat(span.depth()).isEqualTo(level);
                assertThat(span.inputs()).containsEntry("level", level);
                assertThat(span.parent().map(CapturedSpan::name))
                        .isEqualTo(level == 0 ? Optional.empty() : Optional.of("level" + (level - 1)));
            }
            CapturedSpan deepest = trace.spansNamed("level999").get(0);
            assertThat(deepest.path().split("/")).hasSize(1_000);
            assertThat(trace.span(deepest.path())).containsSame(deepest);
            assertThat(trace.renderShape().lines()).hasSize(1_000);
        }

        @Test
        void a_map_nested_a_thousand_levels_as_output_is_described_as_too_deep() {
            Map<String, Object> root = new HashMap<>();
            Map<String, Object> level = root;
            for (int i = 0; i < 1_000; i++) {
                Map<String, Object> next = new HashMap<>();
                level.put("k", next);
                level = next;
            }

            CapturedSpan span = recordedOutput(() -> root);

            assertUnserialisable(json(span.outputJson()), HashMap.class, "nesting depth", "{k={k={k=");
        }

        @Test
        void a_list_nested_a_thousand_levels_as_output_is_described_as_too_deep() {
            List<Object> root = new ArrayList<>();
            List<Object> level = root;
            for (int i = 0; i < 1_000; i++) {
                List<Object> next = new ArrayList<>();
                level.add(next);
                level = next;
            }

            CapturedSpan span = recordedOutput(() -> root);

            assertUnserialisable(json(span.outputJson()), ArrayList.class, "nesting depth", "[[[[");
        }

        @Test
        void a_map_nested_two_hundred_levels_is_still_written_whole() {
            Map<String, Object> root = new HashMap<>();
            Map<String, Object> level = root;
            for (int i = 0; i < 198; i++) {
                Map<String, Object> next = new HashMap<>();
                level.put("k", next);
                level = next;
            }

            JsonNode output = json(recordedOutput(() -> root).outputJson());

            int depth = 0;
            for (JsonNode node = output; node.has("k"); node = node.get("k")) {
                depth++;
            }
            assertThat(depth).isEqualTo(198);
        }

        @Test
        void a_nested_thousand_level_map_as_input_is_described_under_its_name_and_the_other_inputs_are_kept() {
            Map<String, Object> root = new HashMap<>();
            Map<String, Object> level = root;
            for (int i = 0; i < 1_000; i++) {
                Map<String, Object> next = new HashMap<>();
                level.put("k", next);
                level = next;
            }

            Avaliar.tool("walk").input("city", "Lisbon").input("tree", root).run(() -> {});

            JsonNode input = json(capture.trace().root().inputJson());
            assertThat(fieldNames(input)).containsExactly("city", "tree");
            assertThat(input.get("city").asText()).isEqualTo("Lisbon");
            assertUnserialisable(input.get("tree"), HashMap.class, "nesting depth", "{k={k=");
        }
    }

    // ---- cycles ----

    /** A bean in an object graph with a cycle. */
    public static final class Node {
        private final String name;
        private Node next;

        Node(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public Node getNext() {
            return next;
        }

        @Override
        public String toString() {
            return "Node " + name;
        }
    }

    @Nested
    class Cycles {

        @Test
        void a_map_containing_itself_is_described_with_its_to_string() {
            Map<String, Object> self = new LinkedHashMap<>();
            self.put("a", 1);
            self.put("self", self);

            CapturedSpan span = recordedOutput(() -> self);

            assertUnserialisable(
                    json(span.outputJson()), LinkedHashMap.class, "nesting depth", "{a=1, self=(this Map)}");
        }

        @Test
        void an_object_graph_with_a_cycle_is_described_with_its_to_string() {
            Node a = new Node("a");
            Node b = new Node("b");
            a.next = b;
            b.next = a;

            CapturedSpan span = recordedOutput(() -> a);

            assertUnserialisable(json(span.outputJson()), Node.class, "nesting depth", "Node a");
        }

        @Test
        void a_list_containing_itself_as_input_leaves_the_call_unharmed_and_the_input_json() {
            List<Object> self = new ArrayList<>();
            self.add("head");
            self.add(self);

            CapturedSpan span = recorded(self);

            assertUnserialisable(
                    json(span.outputJson()), ArrayList.class, "nesting depth", "[head, (this Collection)]");
            assertThat(json(span.inputJson()).toString()).contains("unserialisable");
        }

        @Test
        void a_cyclic_input_is_described_under_its_name_and_the_other_inputs_are_kept() {
            Node a = new Node("a");
            Node b = new Node("b");
            a.next = b;
            b.next = a;

            Avaliar.tool("walk").input("start", a).input("limit", 3).run(() -> {});

            JsonNode input = json(capture.trace().root().inputJson());
            assertThat(fieldNames(input)).containsExactly("start", "limit");
            assertThat(input.get("limit").asInt()).isEqualTo(3);
            assertUnserialisable(input.get("start"), Node.class, "nesting depth", "Node a");
        }

        @Test
        void a_bean_referring_directly_to_itself_has_that_property_written_as_null() {
            Node a = new Node("a");
            a.next = a;

            CapturedSpan span = recorded(a);

            assertThat(json(span.outputJson()).toString()).isEqualTo("{\"name\":\"a\",\"next\":null}");
            assertThat(json(span.inputJson()).toString()).isEqualTo("{\"value\":{\"name\":\"a\",\"next\":null}}");
        }
    }

    // ---- unserialisable ----

    /** A bean whose getter throws. */
    public static final class Exploding {
        public String getName() {
            return "widget";
        }

        public String getPrice() {
            throw new IllegalStateException("price service down");
        }

        @Override
        public String toString() {
            return "Widget#1";
        }
    }

    @Nested
    class Unserialisable_values {

        @Test
        void a_getter_that_throws_is_described_with_its_message() {
            Exploding widget = new Exploding();

            CapturedSpan span = recorded(widget);

            assertUnserialisable(json(span.outputJson()), Exploding.class, "price service down", "Widget#1");
        }

        @Test
        void an_optional_is_described_with_its_to_string() {
            Optional<String> maybe = Optional.of("x");

            CapturedSpan span = recorded(maybe);

            assertUnserialisable(json(span.outputJson()), Optional.class, "Optional", "Optional[x]");
        }

        @Test
        void a_lambda_has_no_properties_and_is_an_empty_object() {
            Runnable lambda = () -> {};

            CapturedSpan span = recorded(lambda);

            assertThat(json(span.outputJson()).isObject()).isTrue();
            assertThat(json(span.outputJson()).size()).isZero();
            assertThat(json(span.inputJson()).get("value").size()).isZero();
        }

        @Test
        void a_thread_is_written_as_its_properties_within_the_limit() throws Exception {
            Thread thread = new Thread(() -> {}, "worker-7");

            CapturedSpan span = recorded(thread);

            JsonNode output = json(span.outputJson());
            assertThat(span.outputJson().length()).isLessThanOrEqualTo(LIMIT + 100);
            // Its bean properties, or (on a JDK where a property cannot be read) its description: the name shows either
            // way.
            assertThat(output.toString()).contains("worker-7");
        }

        @Test
        void a_value_whose_to_string_throws_too_is_described_by_its_class() {
            Object hostile = new Object() {
                public String getSecret() {
                    throw new IllegalStateException("no access");
                }

                @Override
                public String toString() {
                    throw new UnsupportedOperationException("no toString either");
                }
            };

            CapturedSpan span = recorded(hostile);

            assertUnserialisable(
                    json(span.outputJson()),
                    hostile.getClass(),
                    "no access",
                    hostile.getClass().getName() + " (toString() threw UnsupportedOperationException)");
        }

        @Test
        void an_iterator_is_not_consumed() {
            java.util.Iterator<String> pages = List.of("a").iterator();

            CapturedSpan span = recorded(pages);

            assertThat(json(span.outputJson()).asText())
                    .startsWith("<java.util.")
                    .endsWith(": not read, reading it would consume it>");
            assertThat(pages.next()).isEqualTo("a");
        }

        @Test
        void an_iterator_nested_in_an_input_or_output_is_not_consumed() {
            java.util.Iterator<String> pages = List.of("a").iterator();
            Map<String, Object> holder = Map.of("pages", pages);

            Avaliar.tool("t").input("pages", pages).input("holder", holder).call(() -> holder);

            CapturedSpan span = capture.trace().root();
            String notRead = "<" + pages.getClass().getName() + ": not read, reading it would consume it>";
            assertThat(json(span.inputJson()).get("pages").asText()).isEqualTo(notRead);
            assertThat(json(span.inputJson()).get("holder").get("pages").asText())
                    .isEqualTo(notRead);
            assertThat(json(span.outputJson()).get("pages").asText()).isEqualTo(notRead);
            assertThat(pages.next()).as("the iterator, still unread").isEqualTo("a");
        }

        @Test
        void a_future_is_not_waited_for() {
            java.util.concurrent.CompletableFuture<String> never = new java.util.concurrent.CompletableFuture<>();

            CapturedSpan span = recorded(never);

            assertThat(json(span.outputJson()).asText())
                    .isEqualTo("<java.util.concurrent.CompletableFuture: not read, reading it would consume it>");
            assertThat(never).isNotDone();
        }
    }

    // ---- characters ----

    @Nested
    class Characters {

        static final String CONTROL = "nul\u0000 esc\u001b[31mred\u001b[0m bell\u0007 del\u007f tab\t nl\n";
        static final String LONE_SURROGATES = "high\uD800 low\uDC00 reversed\uDC00\uD800 ok\uD83D\uDE00";

        @Test
        void control_characters_in_inputs_and_outputs_are_json_escaped_and_read_back_exactly() {
            CapturedSpan span = recorded(CONTROL);

            assertThat(span.inputJson()).contains("nul\\u0000 esc\\u001B[31mred\\u001B[0m bell\\u0007");
            assertThat(span.inputJson()).doesNotContain("\u0000", "\u001b", "\u0007", "\n", "\t");
            assertThat(json(span.inputJson()).get("value").asText()).isEqualTo(CONTROL);
            assertThat(span.output()).isEqualTo(CONTROL);
        }

        @Test
        void lone_surrogates_in_inputs_and_outputs_are_kept_as_they_are() {
            CapturedSpan span = recorded(LONE_SURROGATES);

            assertThat(json(span.inputJson()).get("value").asText()).isEqualTo(LONE_SURROGATES);
            assertThat(json(span.outputJson()).asText()).isEqualTo(LONE_SURROGATES);
        }

        @Test
        void control_characters_and_lone_surrogates_in_names_and_keys_are_recorded_as_given() {
            String name = "fetch" + CONTROL + LONE_SURROGATES;

            Avaliar.tool(name).input(CONTROL, 1).metadata("k\u001b", "v\u0000").run(() -> {});

            CapturedSpan span = capture.trace().root();
            assertThat(span.name()).isEqualTo(name);
            assertThat(span.inputs()).containsOnlyKeys(CONTROL);
            assertThat(span.metadata()).containsEntry("k\u001b", "v\u0000");
            assertThat(capture.misuses).isEmpty();
        }

        @Test
        void characters_in_a_huge_value_are_cut_on_a_whole_escape() {
            String odd = "\u0000".repeat(20_000); // 6 JSON characters each

            CapturedSpan span = recordedOutput(() -> odd);

            assertThat(json(span.outputJson()).asText())
                    .startsWith("\"\\u0000\\u0000")
                    .endsWith("…[avaliar: truncated, 32768 of 120002 chars kept]");
        }
    }

    // ---- nulls ----

    @Nested
    class Nulls {

        @Test
        void a_null_or_blank_name_is_recorded_as_unnamed_of_its_type_and_reported() {
            Avaliar.agent(null).run(() -> {
                Avaliar.tool(" ").run(() -> {});
                Avaliar.llm(null).run(() -> {});
                Avaliar.generic("").run(() -> {});
                Avaliar.span(SpanType.TOOL, null).run(() -> {});
            });

            Trace trace = capture.trace();
            assertThat(trace.root().name()).isEqualTo("unnamed_agent");
            assertThat(trace.root().children())
                    .extracting(CapturedSpan::name)
                    .containsExactly("unnamed_tool", "unnamed_llm", "unnamed_generic", "unnamed_tool");
            assertThat(capture.misuses)
                    .hasSize(5)
                    .allSatisfy(m -> assertThat(m.kind()).isEqualTo(Misuse.Kind.INVALID_NAME));
            assertThat(capture.misuseMessages().get(1))
                    .isEqualTo("a tool span was given the name \" \"; name every span"
                            + " (it becomes the node's label in the trace). Recorded as \"unnamed_tool\".");
        }

        @Test
        void a_null_span_type_is_refused_with_its_name() {
            assertThatThrownBy(() -> Avaliar.span(null, "x"))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("type");
        }

        @Test
        void null_inputs_are_recorded_as_json_null_under_their_name() {
            Avaliar.tool("t").input("city", null).input(null, "unnamed").run(() -> {});

            JsonNode input = json(capture.trace().root().inputJson());
            assertThat(input.toString()).isEqualTo("{\"city\":null,\"null\":\"unnamed\"}");
        }

        @Test
        void a_null_input_map_and_null_metadata_record_nothing() {
            Avaliar.tool("t").inputs(null).metadata("note", null).run(() -> {});

            CapturedSpan span = capture.trace().root();
            assertThat(span.inputJson()).isNull();
            assertThat(span.metadata()).isEmpty();
        }

        @Test
        void a_null_result_is_recorded_as_json_null() {
            Object result = Avaliar.tool("t").call(() -> null);

            assertThat(result).isNull();
            assertThat(capture.trace().root().outputJson()).isEqualTo("null");
        }

        @Test
        void a_call_without_a_result_records_a_null_output() {
            Avaliar.tool("t").run(() -> {});

            assertThat(capture.trace().root().outputJson()).isEqualTo("null");
        }
    }
}
