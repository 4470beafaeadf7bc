package ai.avaliar.assertions;

import static ai.avaliar.assertions.error.ShouldHaveCount.shouldHaveCount;
import static ai.avaliar.assertions.error.ShouldHaveDepth.shouldHaveDepth;
import static ai.avaliar.assertions.error.ShouldHaveRoot.shouldBeComplete;
import static ai.avaliar.assertions.error.ShouldHaveRoot.shouldHaveRoot;
import static ai.avaliar.assertions.error.ShouldHaveShape.shouldHaveShape;
import static ai.avaliar.assertions.error.ShouldHaveSpanAt.shouldHaveSpanAt;
import static ai.avaliar.assertions.error.ShouldHaveToolCallsInOrder.shouldHaveToolCallsInOrder;
import static ai.avaliar.assertions.error.ShouldHaveTotal.shouldHaveTotal;
import static ai.avaliar.assertions.error.ShouldMatchSnapshot.shouldMatchSnapshot;

import ai.avaliar.assertions.snapshot.SnapshotCheck;
import ai.avaliar.assertions.snapshot.SnapshotOptions;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.MapAssert;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on a captured {@link Trace}: its tree, its shape, its totals of tokens and cost, its
 * trajectory of tool calls, concurrency, errors and detections. Failure messages show the actual
 * tree, rendered like the pictures of Avaliar's guide, with the node in question marked.
 *
 * <pre>{@code
 * assertThatTrace(trace)
 *     .hasChildren("fetch_weather", "fetch_news", "synthesize")
 *     .childrenRanConcurrently("fetch_weather", "fetch_news")
 *     .hasToolCallsInOrder("fetch_weather", "fetch_news")
 *     .hasTotalTokens(65)
 *     .child("synthesize").isLlm().hasModel("gpt-4o");
 * }</pre>
 *
 * <p>Not final, with a one-argument constructor, so AssertJ's soft assertions can proxy it.
 * Methods that return a {@link SpanAssert} ({@link #root()}, {@link #child(String)},
 * {@link #span(String)}) navigate; started from {@link SoftAvaliarAssertions}, they stay soft.
 *
 * @since 0.1.0
 */
public class TraceAssert extends AbstractAssert<TraceAssert, Trace> {

    static final double COST_TOLERANCE = 1e-9;

    /** Set when started from {@link SoftAvaliarAssertions}: navigation then stays soft. */
    SoftAvaliarAssertions softly;

    /**
     * Creates an assertion on a trace; prefer {@link AvaliarAssertions#assertThat(Trace)}.
     *
     * @param actual the trace
     */
    public TraceAssert(Trace actual) {
        super(actual, TraceAssert.class);
    }

    /** An assertion on {@code trace} that stays soft under soft assertions. */
    static TraceAssert start(Trace trace, SoftAvaliarAssertions softly) {
        TraceAssert next =
                softly == null ? new TraceAssert(trace) : softly.proxy(TraceAssert.class, Trace.class, trace);
        next.softly = softly;
        return next;
    }

    // ---- tree ----------------------------------------------------------------------------------

    /**
     * Verifies that the trace's root has this name, and navigates to it, as in
     * {@code assertThatTrace(trace).hasRoot("morning_briefing").isAgent().hasChild("synthesize")};
     * {@link SpanAssert#backToTrace()} comes back. Fails on an incomplete trace ({@link Trace#isComplete()}:
     * several roots, or a root whose parent was not captured), showing all its roots.
     *
     * @param name the expected root name
     * @return an assertion on the root
     */
    public SpanAssert hasRoot(String name) {
        isNotNull();
        Objects.requireNonNull(name, "name");
        CapturedSpan root = actual.root();
        ErrorMessageFactory failure = null;
        if (!actual.isComplete()) {
            failure = shouldBeComplete(name, SpanPaths.names(actual.roots()), actual.render());
        } else if (!root.name().equals(name)) {
            failure = shouldHaveRoot(name, SpanPaths.names(actual.roots()), actual.render(root));
        }
        if (failure != null) {
            if (softly == null) {
                fail(failure);
            } else {
                softly.collectAssertionError(assertionError(failure));
            }
        }
        return SpanAssert.navigate(this, root, actual, softly, false);
    }

    /**
     * Verifies that the root has a child of this name.
     *
     * @param name the child's name
     * @return this
     */
    public TraceAssert hasChild(String name) {
        isNotNull();
        fail(Checks.child(actual.root(), actual, name));
        return myself;
    }

    /**
     * Verifies that the root's children have exactly these names, in start order.
     *
     * @param names the expected names
     * @return this
     */
    public TraceAssert hasChildren(String... names) {
        isNotNull();
        List<String> expected = Checks.names(names);
        failWithDiff(
                Checks.children(actual.root(), actual, expected, true),
                SpanPaths.names(actual.root().children()),
                expected);
        return myself;
    }

    /**
     * Verifies that the root's children have exactly these names, in any order (parallel children).
     *
     * @param names the expected names
     * @return this
     */
    public TraceAssert hasChildrenInAnyOrder(String... names) {
        isNotNull();
        List<String> expected = Checks.names(names);
        failWithDiff(
                Checks.children(actual.root(), actual, expected, false),
                SpanPaths.names(actual.root().children()),
                expected);
        return myself;
    }

    /**
     * Verifies that a span of this name is somewhere below the root.
     *
     * @param name the name
     * @return this
     */
    public TraceAssert hasDescendant(String name) {
        isNotNull();
        fail(Checks.descendant(actual.root(), actual, name));
        return myself;
    }

    /**
     * Verifies the number of levels of the tree: 1 for a lone root, 2 for a root with children.
     *
     * @param levels the expected number of levels
     * @return this
     */
    public TraceAssert hasDepth(int levels) {
        isNotNull();
        CapturedSpan deepest = actual.spans().stream()
                .max(Comparator.comparingInt(CapturedSpan::depth))
                .orElseThrow();
        if (deepest.depth() + 1 != levels) {
            fail(shouldHaveDepth(levels, deepest.depth() + 1, actual.render(deepest)));
        }
        return myself;
    }

    /**
     * Verifies the number of spans in the trace.
     *
     * @param count the expected number
     * @return this
     */
    public TraceAssert hasSpanCount(int count) {
        isNotNull();
        if (actual.spans().size() != count) {
            fail(shouldHaveCount("spans", count, SpanPaths.names(actual.spans()), actual.render()));
        }
        return myself;
    }

    /**
     * Verifies that there is a span at this path, such as {@code coordinator/researcher[1]/llm_call}:
     * names from the root separated by {@code /}, with a 0-based index among same-named siblings.
     *
     * @param path the path, starting with the root's name
     * @return this
     */
    public TraceAssert hasSpan(String path) {
        isNotNull();
        resolve(path);
        return myself;
    }

    // ---- navigation ----------------------------------------------------------------------------

    /**
     * Navigates to the root span.
     *
     * @return an assertion on the root
     */
    public SpanAssert root() {
        isNotNull();
        return SpanAssert.navigate(this, actual.root(), actual, softly, false);
    }

    /**
     * Navigates to the first child of the root with this name; fails when there is none.
     *
     * @param name the child's name
     * @return an assertion on the child
     */
    public SpanAssert child(String name) {
        isNotNull();
        CapturedSpan root = actual.root();
        Optional<CapturedSpan> child = root.child(name);
        if (child.isEmpty()) {
            return failedNavigation(Checks.child(root, actual, name), root);
        }
        return SpanAssert.navigate(this, child.get(), actual, softly, false);
    }

    /**
     * Navigates to the span at a path such as {@code coordinator/researcher[1]/llm_call}; fails when
     * there is none, naming where the path left the tree.
     *
     * @param path the path, starting with the root's name
     * @return an assertion on the span
     */
    public SpanAssert span(String path) {
        isNotNull();
        SpanPaths.Resolution found = SpanPaths.resolve(actual, path);
        if (!found.found()) {
            return failedNavigation(notFound(path, found), found.deepest() == null ? actual.root() : found.deepest());
        }
        return SpanAssert.navigate(this, found.span(), actual, softly, false);
    }

    /**
     * Verifies that the span at a path satisfies the given assertions; under soft assertions, a failure
     * inside is collected like any other.
     *
     * @param path the path, starting with the root's name
     * @param requirements assertions on the span
     * @return this
     */
    public TraceAssert hasSpanSatisfying(String path, Consumer<SpanAssert> requirements) {
        Objects.requireNonNull(requirements, "requirements");
        requirements.accept(span(path));
        return myself;
    }

    // ---- shape ---------------------------------------------------------------------------------

    /**
     * Verifies the whole tree against a picture in the guide's notation, siblings in start order.
     * Types in parentheses are optional; text after the type is a comment:
     *
     * <pre>{@code
     * assertThatTrace(trace).hasShape("""
     *     morning_briefing  (agent)
     *       ├── fetch_weather  (tool)   ─ run in parallel
     *       ├── fetch_news     (tool)   ─ run in parallel
     *       └── synthesize     (llm)
     *     """);
     * }</pre>
     *
     * @param expected the expected tree
     * @return this
     */
    public TraceAssert hasShape(String expected) {
        return shape(expected, false);
    }

    /**
     * Like {@link #hasShape(String)}, but siblings may have started in any order (parallel children).
     *
     * @param expected the expected tree
     * @return this
     */
    public TraceAssert hasShapeInAnyOrder(String expected) {
        return shape(expected, true);
    }

    private TraceAssert shape(String expected, boolean anyOrder) {
        isNotNull();
        List<Shape.Node> wanted = Shape.parse(expected);
        List<Shape.Node> got = Shape.of(actual.roots());
        if (!Shape.matches(wanted, got, anyOrder)) {
            List<Shape.Node> shown = anyOrder ? Shape.alignTo(wanted, got) : got;
            String expectedText = Shape.stripIndent(expected);
            String actualText = actual.renderShape();
            failWithDiff(
                    shouldHaveShape(anyOrder, expectedText, actualText, Shape.diff(wanted, shown)),
                    Shape.render(shown),
                    Shape.render(wanted));
        }
        return myself;
    }

    // ---- snapshots ----------------------------------------------------------------------------

    /**
     * Verifies that the trace matches its snapshot, the test's {@code .trace} file under
     * {@code src/test/resources/avaliar-snapshots/<Class>/<method>.trace}: its tree with names, types,
     * models, providers, token counts and errors, parallel siblings in a stable order, without ids,
     * times or cost. A missing snapshot is written and the test passes, except with {@code CI=true}
     * or {@code -Davaliar.snapshots=verify}, where it fails; {@code -Davaliar.snapshots=update}
     * writes it again. A mismatch fails with a unified diff of the two trees.
     *
     * <pre>{@code
     * @ExtendWith(AvaliarExtension.class)
     * class BriefingTest {
     *     @Test
     *     void briefs(CapturedTraces traces) {
     *         agent.morningBriefing("Lisbon");
     *         assertThatTrace(traces.single()).matchesSnapshot();
     *     }
     * }
     * }</pre>
     *
     * <p>Needs to know the test it runs in: under {@code AvaliarExtension} on the test's thread (its
     * methods, {@code @BeforeEach} and {@code @AfterEach}). Each invocation of a parameterized or
     * repeated test has its own file ({@code method[2].trace}); a test's second snapshot is
     * {@code method#2.trace}.
     *
     * @return this
     */
    public TraceAssert matchesSnapshot() {
        return matchesSnapshot(SnapshotOptions.defaults());
    }

    /**
     * Like {@link #matchesSnapshot()}, for one of several snapshots of a test, in
     * {@code <method>.<name>.trace}.
     *
     * @param name letters, digits, {@code _} and {@code -}
     * @return this
     */
    public TraceAssert matchesSnapshot(String name) {
        return matchesSnapshot(SnapshotOptions.defaults().named(name));
    }

    /**
     * Like {@link #matchesSnapshot()}, with other fields, a token tolerance or a name:
     * {@code matchesSnapshot(SnapshotOptions.defaults().with(SnapshotField.INPUTS).tokenTolerance(0.1))}.
     *
     * @param options the options
     * @return this
     */
    public TraceAssert matchesSnapshot(SnapshotOptions options) {
        isNotNull();
        SnapshotCheck.check(actual, options, null).ifPresent(message -> fail(shouldMatchSnapshot(message)));
        return myself;
    }

    /**
     * Like {@link #matchesSnapshot()}, with the snapshot in a file of your choice; works outside the
     * JUnit extension.
     *
     * @param file the snapshot file
     * @return this
     */
    public TraceAssert matchesSnapshot(Path file) {
        isNotNull();
        Objects.requireNonNull(file, "file");
        SnapshotCheck.check(actual, SnapshotOptions.defaults(), file)
                .ifPresent(message -> fail(shouldMatchSnapshot(message)));
        return myself;
    }

    // ---- aggregates ----------------------------------------------------------------------------

    /**
     * Verifies input plus output tokens of all spans, added up.
     *
     * @param expected the expected total
     * @return this
     */
    public TraceAssert hasTotalTokens(long expected) {
        isNotNull();
        return total("total tokens", expected, actual.totalTokens());
    }

    /**
     * Verifies input tokens of all spans, added up.
     *
     * @param expected the expected total
     * @return this
     */
    public TraceAssert hasTotalInputTokens(long expected) {
        isNotNull();
        return total("total input tokens", expected, actual.totalInputTokens());
    }

    /**
     * Verifies output tokens of all spans, added up.
     *
     * @param expected the expected total
     * @return this
     */
    public TraceAssert hasTotalOutputTokens(long expected) {
        isNotNull();
        return total("total output tokens", expected, actual.totalOutputTokens());
    }

    /**
     * Verifies the cost of all spans, added up, within a billionth of a dollar.
     *
     * @param expected the expected cost in US dollars
     * @return this
     */
    public TraceAssert hasTotalCostUsd(double expected) {
        return hasTotalCostUsd(expected, COST_TOLERANCE);
    }

    /**
     * Verifies the cost of all spans, added up, within a tolerance.
     *
     * @param expected the expected cost in US dollars
     * @param tolerance the largest accepted difference
     * @return this
     */
    public TraceAssert hasTotalCostUsd(double expected, double tolerance) {
        isNotNull();
        return cost("total cost in USD", expected, actual.totalCostUsd(), tolerance);
    }

    /**
     * Verifies that the cost of all spans, added up, stays within a budget.
     *
     * @param budget the most it may cost, in US dollars
     * @return this
     */
    public TraceAssert hasTotalCostUsdAtMost(double budget) {
        isNotNull();
        double total = actual.totalCostUsd();
        if (total > budget) {
            fail(shouldHaveTotal("total cost in USD at most", Values.usd(budget), Values.usd(total), actual.render()));
        }
        return myself;
    }

    /**
     * Verifies the tokens (input plus output) of the spans of one provider.
     *
     * @param provider the provider, such as {@code openai}
     * @param expected the expected total
     * @return this
     */
    public TraceAssert hasTotalTokensForProvider(String provider, long expected) {
        isNotNull();
        return total(
                "total tokens for provider <" + provider + ">",
                expected,
                Totals.tokensBy(actual, CapturedSpan::provider).getOrDefault(provider, 0L));
    }

    /**
     * Verifies the tokens (input plus output) of the spans of one model.
     *
     * @param model the model, such as {@code gpt-4o}
     * @param expected the expected total
     * @return this
     */
    public TraceAssert hasTotalTokensForModel(String model, long expected) {
        isNotNull();
        return total(
                "total tokens for model <" + model + ">",
                expected,
                Totals.tokensBy(actual, CapturedSpan::model).getOrDefault(model, 0L));
    }

    /**
     * Verifies the cost of the spans of one provider, within a billionth of a dollar.
     *
     * @param provider the provider
     * @param expected the expected cost in US dollars
     * @return this
     */
    public TraceAssert hasTotalCostUsdForProvider(String provider, double expected) {
        isNotNull();
        return cost(
                "total cost in USD for provider <" + provider + ">",
                expected,
                Totals.costBy(actual, CapturedSpan::provider).getOrDefault(provider, 0.0),
                COST_TOLERANCE);
    }

    /**
     * Verifies the cost of the spans of one model, within a billionth of a dollar.
     *
     * @param model the model
     * @param expected the expected cost in US dollars
     * @return this
     */
    public TraceAssert hasTotalCostUsdForModel(String model, double expected) {
        isNotNull();
        return cost(
                "total cost in USD for model <" + model + ">",
                expected,
                Totals.costBy(actual, CapturedSpan::model).getOrDefault(model, 0.0),
                COST_TOLERANCE);
    }

    /**
     * Tokens (input plus output) by provider, for AssertJ's map assertions; spans with tokens and no
     * provider count under {@code unknown}.
     *
     * @return a map assertion, keys sorted
     */
    public MapAssert<String, Long> tokensByProvider() {
        isNotNull();
        return map(Totals.tokensBy(actual, CapturedSpan::provider)).as("tokens by provider");
    }

    /**
     * Tokens (input plus output) by model; spans with tokens and no model count under {@code unknown}.
     *
     * @return a map assertion, keys sorted
     */
    public MapAssert<String, Long> tokensByModel() {
        isNotNull();
        return map(Totals.tokensBy(actual, CapturedSpan::model)).as("tokens by model");
    }

    /**
     * Cost in US dollars by provider.
     *
     * @return a map assertion, keys sorted
     */
    public MapAssert<String, Double> costUsdByProvider() {
        isNotNull();
        return map(Totals.costBy(actual, CapturedSpan::provider)).as("cost in USD by provider");
    }

    /**
     * Cost in US dollars by model.
     *
     * @return a map assertion, keys sorted
     */
    public MapAssert<String, Double> costUsdByModel() {
        isNotNull();
        return map(Totals.costBy(actual, CapturedSpan::model)).as("cost in USD by model");
    }

    /**
     * Verifies the number of llm spans.
     *
     * @param count the expected number
     * @return this
     */
    public TraceAssert hasLlmCallCount(int count) {
        return typeCount(SpanType.LLM, "llm calls", count);
    }

    /**
     * Verifies the number of tool spans.
     *
     * @param count the expected number
     * @return this
     */
    public TraceAssert hasToolCallCount(int count) {
        return typeCount(SpanType.TOOL, "tool calls", count);
    }

    /**
     * Verifies the trajectory: the tools of all tool spans, in the order they started, are exactly
     * these. A span names its tool by {@code gen_ai.tool.name} (as other instrumentation writes it,
     * on spans named {@code execute_tool <tool>}), else by its own name.
     *
     * @param names the expected tool names
     * @return this
     */
    public TraceAssert hasToolCallsInOrder(String... names) {
        isNotNull();
        List<String> expected = Checks.names(names);
        List<CapturedSpan> tools = new ArrayList<>(actual.spans(SpanType.TOOL));
        tools.sort(Comparator.comparingLong(CapturedSpan::startEpochNanos));
        List<String> trajectory =
                tools.stream().map(tool -> tool.toolName().orElse(tool.name())).toList();
        if (!trajectory.equals(expected)) {
            failWithDiff(shouldHaveToolCallsInOrder(expected, trajectory, actual.render()), trajectory, expected);
        }
        return myself;
    }

    // ---- concurrency, errors, detections -------------------------------------------------------

    /**
     * Verifies that the named children of the root (all of them when none is named) overlapped in
     * time, pairwise.
     *
     * @param names the children that ran in parallel
     * @return this
     */
    public TraceAssert childrenRanConcurrently(String... names) {
        isNotNull();
        fail(Checks.childrenConcurrently(actual.root(), actual, Checks.names(names)));
        return myself;
    }

    /**
     * Verifies that no span of the trace failed.
     *
     * @return this
     */
    public TraceAssert hasNoErrors() {
        isNotNull();
        fail(Checks.noErrors(actual.spans(), actual));
        return myself;
    }

    /**
     * Verifies that no detector found an issue in any span of the trace. Pending and failed detections
     * are not findings.
     *
     * @return this
     */
    public TraceAssert hasNoDetections() {
        isNotNull();
        fail(Checks.noDetections(actual.spans(), actual));
        return myself;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private CapturedSpan resolve(String path) {
        SpanPaths.Resolution found = SpanPaths.resolve(actual, path);
        if (!found.found()) {
            fail(notFound(path, found));
        }
        return found.span();
    }

    private ErrorMessageFactory notFound(String path, SpanPaths.Resolution found) {
        CapturedSpan deepest = found.deepest();
        return shouldHaveSpanAt(
                path,
                deepest == null ? null : deepest.path(),
                found.missing(),
                found.candidates(),
                deepest == null ? actual.render() : actual.render(deepest));
    }

    /**
     * A navigation found nothing: fails, or under soft assertions records the failure and returns a
     * detached assertion on {@code nearest}, whose chained assertions are skipped.
     */
    private SpanAssert failedNavigation(ErrorMessageFactory failure, CapturedSpan nearest) {
        if (softly == null) {
            fail(failure);
        } else {
            softly.collectAssertionError(assertionError(failure));
        }
        return SpanAssert.navigate(this, nearest, actual, softly, true);
    }

    private <K, V> MapAssert<K, V> map(Map<K, V> value) {
        return softly != null ? softly.assertThat(value) : Assertions.assertThat(value);
    }

    private TraceAssert typeCount(SpanType type, String what, int count) {
        isNotNull();
        List<CapturedSpan> spans = actual.spans(type);
        if (spans.size() != count) {
            fail(shouldHaveCount(what, count, SpanPaths.names(spans), actual.render()));
        }
        return myself;
    }

    private TraceAssert total(String what, long expected, long total) {
        if (total != expected) {
            fail(shouldHaveTotal(what, expected, total, actual.render()));
        }
        return myself;
    }

    private TraceAssert cost(String what, double expected, double total, double tolerance) {
        if (!(Math.abs(total - expected) <= tolerance)) {
            fail(shouldHaveTotal(what, Values.usd(expected), Values.usd(total), actual.render()));
        }
        return myself;
    }

    private void fail(ErrorMessageFactory failure) {
        if (failure != null) {
            throwAssertionError(failure);
        }
    }

    private void failWithDiff(ErrorMessageFactory failure, Object actualValue, Object expectedValue) {
        if (failure != null) {
            failWithActualExpectedAndMessage(
                    actualValue, expectedValue, "%s", failure.create(new TextDescription(""), info.representation()));
        }
    }
}
