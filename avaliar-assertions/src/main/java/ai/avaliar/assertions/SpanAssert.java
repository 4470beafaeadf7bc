package ai.avaliar.assertions;

import static ai.avaliar.assertions.error.ShouldBeOfType.shouldBeOfType;
import static ai.avaliar.assertions.error.ShouldBeOfType.shouldBeOfTypeNotWritten;
import static ai.avaliar.assertions.error.ShouldBeStreaming.shouldBeStreaming;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldHaveBeenBlocked;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldHaveDetectionStatus;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldHaveIssue;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldHaveIssueAtLeast;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldHaveRunDetection;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldNotHaveBeenBlocked;
import static ai.avaliar.assertions.error.ShouldHaveDetection.shouldNotHaveIssues;
import static ai.avaliar.assertions.error.ShouldHaveDuration.shouldHaveDuration;
import static ai.avaliar.assertions.error.ShouldHaveError.shouldHaveError;
import static ai.avaliar.assertions.error.ShouldHaveError.shouldHaveException;
import static ai.avaliar.assertions.error.ShouldHaveSpanAt.shouldHaveSpanAt;
import static ai.avaliar.assertions.error.ShouldHaveValue.shouldHaveNoValue;
import static ai.avaliar.assertions.error.ShouldHaveValue.shouldHaveValue;
import static ai.avaliar.assertions.error.ShouldHaveValue.shouldHaveValueNotWritten;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.MapAssert;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.WritableAssertionInfo;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on one {@link CapturedSpan}: its type, name, children, inputs and output, model, provider,
 * tokens, cost, generation info, metadata, errors, latency, concurrency and detection results.
 * Failure messages show the actual tree with this span marked.
 *
 * <pre>{@code
 * assertThatTrace(trace).child("synthesize")
 *     .isLlm().hasModel("gpt-4o").hasProvider("openai")
 *     .hasInputTokens(53).hasGenerationInfo("temperature", 0.2)
 *     .hasIssue(DetectorType.PII).withCategory("EMAIL_ADDRESS").withSeverityAtLeast(Severity.HIGH)
 *     .output().contains("Sunny");
 * }</pre>
 *
 * <p>Not final, with a one-argument constructor, so AssertJ's soft assertions can proxy it.
 *
 * @since 0.1.0
 */
public class SpanAssert extends AbstractAssert<SpanAssert, CapturedSpan> {

    /** The trace this span was navigated to from; null when asserted on its own. */
    Trace trace;
    /** Set when started from {@link SoftAvaliarAssertions}: navigation then stays soft. */
    SoftAvaliarAssertions softly;
    /** A soft navigation that failed: its failure is recorded, what is chained after it is skipped. */
    boolean detached;

    /**
     * Creates an assertion on a span; prefer {@link AvaliarAssertions#assertThat(CapturedSpan)}.
     *
     * @param actual the span
     */
    public SpanAssert(CapturedSpan actual) {
        this(actual, null);
    }

    SpanAssert(CapturedSpan actual, Trace trace) {
        super(actual, SpanAssert.class);
        this.trace = trace;
    }

    /** An assertion on {@code span} that stays soft under soft assertions. */
    static SpanAssert navigate(
            AbstractAssert<?, ?> from, CapturedSpan span, Trace trace, SoftAvaliarAssertions softly, boolean detached) {
        SpanAssert next =
                softly == null ? new SpanAssert(span, trace) : softly.proxy(SpanAssert.class, CapturedSpan.class, span);
        carryState(from, next);
        next.trace = trace;
        next.softly = softly;
        next.detached = detached;
        return next;
    }

    /**
     * Gives {@code to} the description, representation and overriding error message of
     * {@code from}, as AssertJ's own navigations do, so a failure further down the chain still says
     * what was being checked.
     */
    static void carryState(AbstractAssert<?, ?> from, AbstractAssert<?, ?> to) {
        if (from == null) {
            return;
        }
        WritableAssertionInfo state = from.getWritableAssertionInfo();
        to.info.description(state.description());
        to.info.useRepresentation(state.representation());
        if (state.overridingErrorMessage() != null) {
            to.info.overridingErrorMessage(state.overridingErrorMessage());
        }
    }

    // ---- type and name -------------------------------------------------------------------------

    /**
     * Verifies that the span is an agent.
     *
     * @return this
     */
    public SpanAssert isAgent() {
        return hasType(SpanType.AGENT);
    }

    /**
     * Verifies that the span is a tool call.
     *
     * @return this
     */
    public SpanAssert isTool() {
        return hasType(SpanType.TOOL);
    }

    /**
     * Verifies that the span is a call of a language model.
     *
     * @return this
     */
    public SpanAssert isLlm() {
        return hasType(SpanType.LLM);
    }

    /**
     * Verifies that the span is a generic step.
     *
     * @return this
     */
    public SpanAssert isGeneric() {
        return hasType(SpanType.GENERIC);
    }

    /**
     * Verifies the span's type; {@code gen_ai.operation.name} of other instrumentation counts.
     *
     * @param type the expected type
     * @return this
     */
    public SpanAssert hasType(SpanType type) {
        isNotNull();
        Objects.requireNonNull(type, "type");
        if (actual.type() != type) {
            String attributes = Values.attributesOfOther(actual);
            fail(
                    attributes == null
                            ? shouldBeOfType(actual.name(), type, actual.type(), tree())
                            : shouldBeOfTypeNotWritten(actual.name(), type, actual.type(), attributes, tree()));
        }
        return myself;
    }

    /**
     * Verifies the span's name.
     *
     * @param name the expected name
     * @return this
     */
    public SpanAssert hasName(String name) {
        isNotNull();
        return value("name", name, actual.name());
    }

    // ---- tree ----------------------------------------------------------------------------------

    /**
     * Verifies that the span has a child of this name.
     *
     * @param name the child's name
     * @return this
     */
    public SpanAssert hasChild(String name) {
        isNotNull();
        fail(Checks.child(actual, trace, name));
        return myself;
    }

    /**
     * Verifies that the span's children have exactly these names, in start order.
     *
     * @param names the expected names
     * @return this
     */
    public SpanAssert hasChildren(String... names) {
        isNotNull();
        List<String> expected = Checks.names(names);
        failWithDiff(Checks.children(actual, trace, expected, true), SpanPaths.names(actual.children()), expected);
        return myself;
    }

    /**
     * Verifies that the span's children have exactly these names, in any order.
     *
     * @param names the expected names
     * @return this
     */
    public SpanAssert hasChildrenInAnyOrder(String... names) {
        isNotNull();
        List<String> expected = Checks.names(names);
        failWithDiff(Checks.children(actual, trace, expected, false), SpanPaths.names(actual.children()), expected);
        return myself;
    }

    /**
     * Verifies that a span of this name is somewhere below this one.
     *
     * @param name the name
     * @return this
     */
    public SpanAssert hasDescendant(String name) {
        isNotNull();
        fail(Checks.descendant(actual, trace, name));
        return myself;
    }

    /**
     * Navigates to the first child of this name; fails when there is none.
     *
     * @param name the child's name
     * @return an assertion on the child
     */
    public SpanAssert child(String name) {
        isNotNull();
        Optional<CapturedSpan> child = actual.child(name);
        if (child.isEmpty()) {
            return failedNavigation(Checks.child(actual, trace, name), actual);
        }
        return navigate(this, child.get(), trace, softly, detached);
    }

    /**
     * Navigates to a span below this one by a relative path such as {@code researcher[1]/llm_call}.
     *
     * @param path the path, starting with a child's name
     * @return an assertion on that span
     */
    public SpanAssert span(String path) {
        isNotNull();
        SpanPaths.Resolution found = SpanPaths.resolveBelow(actual, path);
        if (!found.found()) {
            return failedNavigation(
                    shouldHaveSpanAt(
                            path,
                            found.deepest().path(),
                            found.missing(),
                            found.candidates(),
                            Values.tree(trace, found.deepest())),
                    found.deepest());
        }
        return navigate(this, found.span(), trace, softly, detached);
    }

    /**
     * Verifies that the child of this name satisfies the given assertions; under soft assertions a
     * failure inside is collected like any other.
     *
     * @param name the child's name
     * @param requirements assertions on the child
     * @return this
     */
    public SpanAssert hasChildSatisfying(String name, Consumer<SpanAssert> requirements) {
        Objects.requireNonNull(requirements, "requirements");
        requirements.accept(child(name));
        return myself;
    }

    /**
     * Navigates to the parent span.
     *
     * @return an assertion on the parent
     * @throws IllegalStateException for a root
     */
    public SpanAssert parent() {
        isNotNull();
        CapturedSpan parent = actual.parent()
                .orElseThrow(() -> new IllegalStateException("<" + actual.name() + "> is a root and has no parent"));
        return navigate(this, parent, trace, softly, detached);
    }

    /**
     * Navigates back to the whole trace.
     *
     * @return an assertion on the trace this span belongs to
     */
    public TraceAssert backToTrace() {
        isNotNull();
        return TraceAssert.start(trace != null ? trace : actual.trace(), softly);
    }

    // ---- inputs and output ---------------------------------------------------------------------

    /**
     * Verifies one named input; numbers compare by value ({@code 3} equals {@code 3L} and {@code 3.0}),
     * also inside lists and maps ({@code List.of(1, 2)} equals {@code List.of(1L, 2L)}).
     *
     * @param name the input's name
     * @param value the expected value: string, number, boolean, list or map
     * @return this
     */
    public SpanAssert hasInput(String name, Object value) {
        isNotNull();
        Objects.requireNonNull(name, "name");
        Map<String, Object> inputs = actual.inputs();
        Object got = inputs.get(name);
        if (!inputs.containsKey(name) || !Values.sameValue(value, got)) {
            failWithDiff(
                    shouldHaveValue(
                            actual.name(),
                            "input \"" + name + "\"",
                            value,
                            inputs.containsKey(name) ? got : null,
                            tree()),
                    got,
                    value);
        }
        return myself;
    }

    /**
     * The named inputs, for AssertJ's map assertions.
     *
     * @return a map assertion on the inputs
     */
    public MapAssert<String, Object> inputs() {
        isNotNull();
        return map(actual.inputs()).as("inputs of span <%s>", actual.name());
    }

    /**
     * The inputs as recorded JSON, for string assertions such as {@code contains("\"city\"")}.
     *
     * @return a string assertion on the inputs' JSON
     */
    public AbstractStringAssert<?> inputJson() {
        isNotNull();
        return string(actual.inputJson()).as("input JSON of span <%s>", actual.name());
    }

    /**
     * The output as text, for AssertJ's string assertions, such as {@code output().contains("Sunny")}.
     *
     * @return a string assertion on the output
     */
    public AbstractStringAssert<?> output() {
        isNotNull();
        return string(actual.output()).as("output of span <%s>", actual.name());
    }

    /**
     * The output as recorded JSON, for string assertions such as {@code isEqualToIgnoringWhitespace}.
     *
     * @return a string assertion on the output's JSON
     */
    public AbstractStringAssert<?> outputJson() {
        isNotNull();
        return string(actual.outputJson()).as("output JSON of span <%s>", actual.name());
    }

    /**
     * Verifies the output as text: a string output as itself, anything else as its JSON.
     *
     * @param expected the expected output
     * @return this
     */
    public SpanAssert hasOutput(String expected) {
        isNotNull();
        Objects.requireNonNull(expected, "The expected output must not be null");
        String got = actual.output();
        if (!Objects.equals(expected, got)) {
            failWithDiff(shouldHaveValue(actual.name(), "output", expected, got, tree()), got, expected);
        }
        return myself;
    }

    // ---- model, provider, tokens, cost ---------------------------------------------------------

    /**
     * Verifies the tool a tool span ran: {@code gen_ai.tool.name} (Spring AI:
     * {@code spring.ai.tool.definition.name}), as other instrumentation writes it.
     *
     * @param tool the expected tool name
     * @return this
     */
    public SpanAssert hasToolName(String tool) {
        isNotNull();
        return value("tool name", tool, actual.toolName().orElse(null));
    }

    /**
     * Verifies the model asked for (else the model that answered).
     *
     * @param model the expected model, not null: {@link #hasNoModel()} checks that there is none
     * @return this
     */
    public SpanAssert hasModel(String model) {
        isNotNull();
        Objects.requireNonNull(model, "The expected model must not be null; hasNoModel() checks that there is none");
        return value("model", model, actual.model().orElse(null));
    }

    /**
     * Verifies that the span names no model, neither asked for nor answering.
     *
     * @return this
     */
    public SpanAssert hasNoModel() {
        isNotNull();
        return noValue("model", actual.model());
    }

    /**
     * Verifies the model that answered.
     *
     * @param model the expected model
     * @return this
     */
    public SpanAssert hasResponseModel(String model) {
        isNotNull();
        return value("response model", model, actual.responseModel().orElse(null));
    }

    /**
     * Verifies the provider; {@code gen_ai.system} of older instrumentation counts.
     *
     * @param provider the expected provider, such as {@code openai}, not null: {@link #hasNoProvider()}
     *     checks that there is none
     * @return this
     */
    public SpanAssert hasProvider(String provider) {
        isNotNull();
        Objects.requireNonNull(
                provider, "The expected provider must not be null; hasNoProvider() checks that there is none");
        return value("provider", provider, actual.provider().orElse(null));
    }

    /**
     * Verifies that the span names no provider.
     *
     * @return this
     */
    public SpanAssert hasNoProvider() {
        isNotNull();
        return noValue("provider", actual.provider());
    }

    /**
     * Verifies the prompt tokens.
     *
     * @param tokens the expected count
     * @return this
     */
    public SpanAssert hasInputTokens(long tokens) {
        isNotNull();
        return value("input tokens", tokens, boxed(actual.inputTokens()));
    }

    /**
     * Verifies the completion tokens.
     *
     * @param tokens the expected count
     * @return this
     */
    public SpanAssert hasOutputTokens(long tokens) {
        isNotNull();
        return value("output tokens", tokens, boxed(actual.outputTokens()));
    }

    /**
     * Verifies input plus output tokens.
     *
     * @param tokens the expected count
     * @return this
     */
    public SpanAssert hasTotalTokens(long tokens) {
        isNotNull();
        return value("total tokens", tokens, boxed(actual.totalTokens()));
    }

    /**
     * Verifies the cost, within a billionth of a dollar.
     *
     * @param usd the expected cost in US dollars
     * @return this
     */
    public SpanAssert hasCostUsd(double usd) {
        return hasCostUsd(usd, TraceAssert.COST_TOLERANCE);
    }

    /**
     * Verifies the cost within a tolerance.
     *
     * @param usd the expected cost in US dollars
     * @param tolerance the largest accepted difference
     * @return this
     */
    public SpanAssert hasCostUsd(double usd, double tolerance) {
        isNotNull();
        OptionalDouble cost = actual.costUsd();
        if (cost.isEmpty() || !(Math.abs(cost.getAsDouble() - usd) <= tolerance)) {
            fail(shouldHaveValue(
                    actual.name(),
                    "cost in USD",
                    Values.usd(usd),
                    cost.isEmpty() ? null : Values.usd(cost.getAsDouble()),
                    tree()));
        }
        return myself;
    }

    /**
     * Verifies one generation parameter; numbers compare by value, so {@code 0.2} equals {@code 0.2d}
     * and {@code 256} equals {@code 256L}; a {@code Float} compares as a float, so {@code 0.7f} matches
     * a temperature recorded as {@code 0.7} or as the widened double {@code 0.699999988079071}.
     *
     * @param key such as {@code temperature}, {@code top_p}, {@code max_tokens}
     * @param value the expected value
     * @return this
     */
    public SpanAssert hasGenerationInfo(String key, Object value) {
        isNotNull();
        return entry("generation info", actual.generationInfo(), key, value);
    }

    /**
     * Verifies one metadata entry; numbers compare by value. An expected list or map also matches
     * metadata recorded as JSON text, as non-scalar metadata is: {@code hasMetadata("tags", List.of("eu"))}.
     *
     * @param key the key
     * @param value the expected value
     * @return this
     */
    public SpanAssert hasMetadata(String key, Object value) {
        isNotNull();
        return entry("metadata", actual.metadata(), key, value);
    }

    /**
     * Verifies that the response was streamed.
     *
     * @return this
     */
    public SpanAssert isStreaming() {
        isNotNull();
        if (!actual.isStreaming()) {
            fail(shouldBeStreaming(actual.name(), tree()));
        }
        return myself;
    }

    // ---- errors --------------------------------------------------------------------------------

    /**
     * Verifies that the span failed.
     *
     * @return this
     */
    public SpanAssert hasError() {
        isNotNull();
        if (!actual.isError()) {
            fail(shouldHaveError(actual.name(), tree()));
        }
        return myself;
    }

    /**
     * Verifies that the span did not fail.
     *
     * @return this
     */
    public SpanAssert hasNoError() {
        isNotNull();
        fail(Checks.noErrors(List.of(actual), trace));
        return myself;
    }

    /**
     * Verifies the span's error message (status description, else the exception's message).
     *
     * @param message the expected message
     * @return this
     */
    public SpanAssert hasErrorMessage(String message) {
        Objects.requireNonNull(
                message, "The expected error message must not be null; hasError() checks that the " + "span failed");
        hasError();
        return value("error message", message, actual.errorMessage().orElse(null));
    }

    /**
     * Verifies that the span recorded an exception of exactly this class.
     *
     * @param type the exception class
     * @return this
     */
    public SpanAssert hasException(Class<? extends Throwable> type) {
        isNotNull();
        Objects.requireNonNull(type, "type");
        Optional<CapturedSpan.RecordedException> recorded = actual.exception();
        if (recorded.isEmpty() || !type.getName().equals(recorded.get().type())) {
            fail(shouldHaveException(
                    actual.name(),
                    type.getName(),
                    recorded.map(e -> e.type() + (e.message() == null ? "" : ": " + e.message()))
                            .orElse(null),
                    tree()));
        }
        return myself;
    }

    // ---- latency and concurrency ---------------------------------------------------------------

    /**
     * Verifies that the span took less than a bound.
     *
     * @param bound the exclusive upper bound
     * @return this
     */
    public SpanAssert tookLessThan(Duration bound) {
        isNotNull();
        if (actual.duration().compareTo(bound) >= 0) {
            fail(shouldHaveDuration(
                    actual.name(), "less than", Values.duration(bound), Values.duration(actual.duration()), tree()));
        }
        return myself;
    }

    /**
     * Verifies that the span took at least a bound.
     *
     * @param bound the inclusive lower bound
     * @return this
     */
    public SpanAssert tookAtLeast(Duration bound) {
        isNotNull();
        if (actual.duration().compareTo(bound) < 0) {
            fail(shouldHaveDuration(
                    actual.name(), "at least", Values.duration(bound), Values.duration(actual.duration()), tree()));
        }
        return myself;
    }

    /**
     * Verifies that this span and another overlapped in time. The path is a full path from the root
     * ({@code morning_briefing/fetch_news}); failing that, the name of a sibling ({@code fetch_news}).
     *
     * @param path the other span
     * @return this
     */
    public SpanAssert ranConcurrentlyWith(String path) {
        isNotNull();
        CapturedSpan root = Values.root(actual);
        SpanPaths.Resolution found = SpanPaths.resolve(actual.trace(), path);
        if (!found.found() && actual.parent().isPresent()) {
            SpanPaths.Resolution sibling =
                    SpanPaths.resolveBelow(actual.parent().get(), path);
            if (sibling.found()) {
                found = sibling;
            }
        }
        if (!found.found()) {
            CapturedSpan deepest = found.deepest() == null ? root : found.deepest();
            fail(shouldHaveSpanAt(
                    path,
                    found.deepest() == null ? null : deepest.path(),
                    found.missing(),
                    found.candidates(),
                    Values.tree(trace, deepest)));
        }
        return ranConcurrentlyWith(found.span());
    }

    /**
     * Verifies that this span and another overlapped in time.
     *
     * @param other the other span
     * @return this
     */
    public SpanAssert ranConcurrentlyWith(CapturedSpan other) {
        isNotNull();
        Objects.requireNonNull(other, "other");
        fail(Checks.concurrently(actual, other, trace));
        return myself;
    }

    /**
     * Verifies that the named children (all when none is named) overlapped in time, pairwise.
     *
     * @param names the children that ran in parallel
     * @return this
     */
    public SpanAssert childrenRanConcurrently(String... names) {
        isNotNull();
        fail(Checks.childrenConcurrently(actual, trace, Checks.names(names)));
        return myself;
    }

    // ---- detections ----------------------------------------------------------------------------

    /**
     * Verifies that no detector found an issue; pending and failed detections are not findings,
     * and a span on which no detection ran passes too. To check that the span was checked and
     * is clean, use {@link #hasNoIssues()}.
     *
     * <pre>{@code
     * assertThat(span).hasNoDetections(); // nothing found, whether or not anything looked
     * }</pre>
     *
     * @return this
     */
    public SpanAssert hasNoDetections() {
        isNotNull();
        fail(Checks.noDetections(List.of(actual), trace));
        return myself;
    }

    /**
     * Stricter than {@link #hasNoDetections()}: at least one detection ran on the span, and every
     * detection completed without issues. Fails on a span that asked for no detection, so "the
     * answer leaks no PII" cannot pass because nothing looked.
     *
     * <pre>{@code
     * assertThat(trace).child("user_facing_response").hasNoIssues(); // needs detect(...) on that span
     * }</pre>
     *
     * @return this
     */
    public SpanAssert hasNoIssues() {
        isNotNull();
        if (actual.detections().isEmpty()) {
            fail(shouldHaveRunDetection(actual.name(), actual.path(), tree()));
        }
        for (DetectionResult result : actual.detections()) {
            if (result.status() != DetectionStatus.COMPLETED || result.hasIssues()) {
                fail(shouldNotHaveIssues(actual.name(), Values.detections(actual), tree()));
            }
        }
        return myself;
    }

    /**
     * Verifies that a detector found at least one issue, and narrows to those issues:
     * {@link IssueAssert#withCategory(String)} and {@link IssueAssert#withSeverityAtLeast(Severity)}
     * refine them, {@link IssueAssert#backToSpan()} returns here.
     *
     * <pre>{@code
     * assertThat(span).hasIssue(DetectorType.PII).withCategory("EMAIL_ADDRESS").withSeverityAtLeast(Severity.HIGH);
     * }</pre>
     *
     * @param detector the detector type
     * @return an assertion on that detector's issues
     */
    public IssueAssert hasIssue(DetectorType detector) {
        isNotNull();
        Objects.requireNonNull(detector, "detector");
        List<DetectionIssue> issues = issues(detector);
        if (issues.isEmpty()) {
            fail(shouldHaveIssue(actual.name(), detector.name(), Values.detections(actual), tree()));
        }
        IssueAssert next =
                softly == null ? new IssueAssert(issues) : softly.proxy(IssueAssert.class, List.class, issues);
        carryState(this, next);
        next.span = this;
        next.detector = detector.name();
        return next;
    }

    /**
     * Verifies that a detector found an issue of a category, such as {@code EMAIL_ADDRESS}.
     *
     * @param detector the detector type
     * @param category the finding type
     * @return an assertion on that detector's issues
     */
    public IssueAssert hasIssue(DetectorType detector, String category) {
        return hasIssue(detector).withCategory(category);
    }

    /**
     * Verifies the status of a detector's result: {@code PENDING} (a cloud answer not in yet),
     * {@code COMPLETED} or {@code FAILED}.
     *
     * <pre>{@code
     * assertThat(span).hasDetectionStatus(DetectorType.BIAS, DetectionStatus.FAILED);
     * }</pre>
     *
     * @param detector the detector type
     * @param status the expected status
     * @return this
     */
    public SpanAssert hasDetectionStatus(DetectorType detector, DetectionStatus status) {
        isNotNull();
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(status, "status");
        boolean found = actual.detections().stream().anyMatch(r -> r.detector() == detector && r.status() == status);
        if (!found) {
            fail(shouldHaveDetectionStatus(
                    actual.name(), detector.name(), status.name(), Values.detections(actual), tree()));
        }
        return myself;
    }

    /**
     * Verifies that the span's prompt was blocked before it reached the model ({@code blocking(true)}).
     *
     * @return this
     */
    public SpanAssert wasBlocked() {
        isNotNull();
        Boolean blocked = actual.attribute(AvaliarAttributes.BLOCKED);
        if (!Boolean.TRUE.equals(blocked)) {
            fail(shouldHaveBeenBlocked(actual.name(), blocked != null, Values.detections(actual), tree()));
        }
        return myself;
    }

    /**
     * Verifies that the span's prompt was not blocked: it passed the screening, or was not screened.
     *
     * @return this
     */
    public SpanAssert wasNotBlocked() {
        isNotNull();
        if (actual.wasBlocked()) {
            fail(shouldNotHaveBeenBlocked(actual.name(), Values.detections(actual), tree()));
        }
        return myself;
    }

    /**
     * Verifies that some detector found an issue of this severity or worse.
     *
     * @param severity the minimum severity
     * @return this
     */
    public SpanAssert hasIssueAtLeast(Severity severity) {
        isNotNull();
        Objects.requireNonNull(severity, "severity");
        boolean found = actual.detections().stream()
                .flatMap(r -> r.issues().stream())
                .anyMatch(issue -> issue.severity().isAtLeast(severity));
        if (!found) {
            fail(shouldHaveIssueAtLeast(actual.name(), severity.name(), Values.detections(actual), tree()));
        }
        return myself;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private List<DetectionIssue> issues(DetectorType detector) {
        return actual.detections().stream()
                .filter(r -> r.detector() == detector)
                .flatMap(r -> r.issues().stream())
                .toList();
    }

    private SpanAssert entry(String what, Map<String, Object> map, String key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, () -> "The expected " + what + " \"" + key + "\" must not be null");
        Object got = map.get(key);
        if (!map.containsKey(key) || !Values.sameValue(value, got)) {
            failWithDiff(shouldHaveValue(actual.name(), what + " \"" + key + "\"", value, got, tree()), got, value);
        }
        return myself;
    }

    /** Compares a value the span may lack; a null expectation is a mistake, not a way to ask for none. */
    private SpanAssert value(String what, Object expected, Object got) {
        Objects.requireNonNull(expected, () -> "The expected " + what + " must not be null");
        if (!Values.sameValue(expected, got)) {
            String attributes = got == null ? Values.attributesOfOther(actual) : null;
            failWithDiff(
                    attributes == null
                            ? shouldHaveValue(actual.name(), what, expected, got, tree())
                            : shouldHaveValueNotWritten(actual.name(), what, expected, attributes, tree()),
                    got,
                    expected);
        }
        return myself;
    }

    private SpanAssert noValue(String what, Optional<?> got) {
        if (got.isPresent()) {
            fail(shouldHaveNoValue(actual.name(), what, got.get(), tree()));
        }
        return myself;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    String tree() {
        return Values.tree(trace, actual);
    }

    /**
     * A navigation found nothing: fails, or under soft assertions records the failure and returns a
     * detached assertion on {@code nearest}, whose chained assertions are skipped.
     */
    private SpanAssert failedNavigation(ErrorMessageFactory failure, CapturedSpan nearest) {
        if (softly == null) {
            fail(failure);
        } else if (!detached) {
            softly.collectAssertionError(assertionError(failure));
        }
        return navigate(this, nearest, trace, softly, true);
    }

    /** A follow-up string assertion: soft when this is soft, silent when detached. */
    private AbstractStringAssert<?> string(String value) {
        if (detached) {
            return new SoftAssertions().assertThat(value); // never reported: the navigation already failed
        }
        return softly != null ? softly.assertThat(value) : Assertions.assertThat(value);
    }

    /** A follow-up map assertion: soft when this is soft, silent when detached. */
    private <K, V> MapAssert<K, V> map(Map<K, V> value) {
        if (detached) {
            return new SoftAssertions().assertThat(value);
        }
        return softly != null ? softly.assertThat(value) : Assertions.assertThat(value);
    }

    String spanName() {
        return actual.name();
    }

    /** The span's detections, as failure messages show them. */
    String detections() {
        return Values.detections(actual);
    }

    void fail(ErrorMessageFactory failure) {
        if (failure != null && !detached) {
            throwAssertionError(failure);
        }
    }

    private void failWithDiff(ErrorMessageFactory failure, Object actualValue, Object expectedValue) {
        if (failure != null && !detached) {
            failWithActualExpectedAndMessage(
                    actualValue, expectedValue, "%s", failure.create(new TextDescription(""), info.representation()));
        }
    }
}
