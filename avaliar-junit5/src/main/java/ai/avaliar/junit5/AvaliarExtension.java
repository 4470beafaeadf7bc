package ai.avaliar.junit5;

import ai.avaliar.assertions.snapshot.SnapshotScope;
import ai.avaliar.junit5.allure.AllureTraces;
import ai.avaliar.junit5.internal.Options;
import ai.avaliar.trace.Misuse;
import ai.avaliar.trace.data.Trace;
import ai.avaliar.trace.internal.Durations;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Captures the traces each test makes, in memory, and hands them to the test: the JUnit 5
 * extension of Avaliar. It installs one OpenTelemetry SDK for the JVM and makes Avaliar trace
 * into it; each test sees only its own spans, also under parallel execution and on threads its
 * context was carried to with {@code Avaliar.propagating(executor)}.
 *
 * <pre>{@code
 * @ExtendWith(AvaliarExtension.class)          // or @CaptureTraces
 * class MorningBriefingTest {
 *
 *     @Test
 *     void tools_run_under_the_agent(CapturedTraces traces) {
 *         agent.morningBriefing("Lisbon");
 *
 *         Trace trace = traces.single();        // waits until every span of this test has ended
 *         assertThat(trace.span("morning_briefing/fetch_weather")).isPresent();
 *     }
 * }
 * }</pre>
 *
 * With options, register it as a field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static AvaliarExtension avaliar = AvaliarExtension.builder()
 *         .awaitTimeout(Duration.ofSeconds(10)).registerGlobal(true).build();
 * }</pre>
 *
 * <p>Parameters: {@link CapturedTraces} in test, {@code @BeforeEach} and {@code @AfterEach}
 * methods; {@link Trace}, the test's one trace, in {@code @AfterEach} methods (and in test
 * methods, where it holds what {@code @BeforeEach} methods traced, since parameters are resolved
 * before the test method runs).
 *
 * <p>Strict mode (on unless {@code avaliar.strict=false}): a test fails after it ran when the SDK
 * was misused inside it (see {@link Misuse}), or when a span of Avaliar's tracer started with no
 * parent while it was the only test running, which means the context was lost on the way to
 * another thread.
 *
 * <p>Each dynamic test of a {@code @TestFactory} has a capture of its own; the {@link CapturedTraces}
 * injected into the factory reads it while the dynamic test runs.
 *
 * <p>Configuration parameters ({@code junit-platform.properties} or system properties):
 * {@code avaliar.await.timeout} (default {@code 5 s}), {@code avaliar.strict} (default
 * {@code true}), {@code avaliar.registerGlobal} (default {@code false}), {@code avaliar.allure}
 * (default {@code true}: with Allure on the class path, each test's traces become attachments of
 * its Allure result).
 *
 * <p>Spans of other instrumentation (Spring AI, LangChain4j, OpenTelemetry's) are captured with
 * them when that instrumentation traces into the tests' SDK: through {@code GlobalOpenTelemetry}
 * ({@code avaliar.registerGlobal}), or given {@link #openTelemetry()}, as a Spring Boot test does
 * with a bean:
 *
 * <pre>{@code
 * @TestConfiguration
 * static class TraceIntoTheTest {
 *     @Bean OpenTelemetry openTelemetry() { return AvaliarExtension.openTelemetry(); }
 * }
 * }</pre>
 *
 * <p>At the end of the run, {@link AvaliarReportListener} writes every test's outcome and traces to
 * {@code target/avaliar} ({@code report.html}, {@code traces.jsonl}).
 *
 * @since 0.1.0
 */
public final class AvaliarExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, InvocationInterceptor, ParameterResolver {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AvaliarExtension.class);
    private static final String DYNAMIC_CAPTURE = "dynamic-capture";
    private static final String INSTANCES = "instances";

    private final Duration awaitTimeout;
    private final Boolean strict;
    private final Boolean registerGlobal;

    /** The extension configured by JUnit configuration parameters, for {@code @ExtendWith}. */
    public AvaliarExtension() {
        this(null, null, null);
    }

    private AvaliarExtension(Duration awaitTimeout, Boolean strict, Boolean registerGlobal) {
        this.awaitTimeout = awaitTimeout;
        this.strict = strict;
        this.registerGlobal = registerGlobal;
    }

    /**
     * A builder for an extension with options, for a {@code @RegisterExtension} field; what it
     * does not set comes from the configuration parameters.
     *
     * <pre>{@code
     * @RegisterExtension
     * static AvaliarExtension avaliar = AvaliarExtension.builder().strict(false).build();
     * }</pre>
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The OpenTelemetry of the tests' SDK, for an application that takes one (a Spring Boot
     * {@code OpenTelemetry} bean, a framework's builder) rather than reading
     * {@code GlobalOpenTelemetry}. Spans made with it while a test runs belong to that test, as
     * Avaliar's own do; it is the same instance for every test of the JVM, so a Spring context
     * cached between test classes keeps tracing into the right test.
     *
     * <pre>{@code
     * @Bean OpenTelemetry openTelemetry() { return AvaliarExtension.openTelemetry(); }
     * }</pre>
     *
     * @return the tests' OpenTelemetry
     */
    public static OpenTelemetry openTelemetry() {
        return TestSpans.shared().openTelemetry();
    }

    // ---- lifecycle ----

    /**
     * With {@code registerGlobal}, registers the tests' SDK before the test instance is made: a
     * Spring test context starts while the instance is post-processed, and an app that reads
     * {@code GlobalOpenTelemetry} then must find the tests' SDK, not settle it on a no-op.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        boolean register;
        try {
            register = Options.registerGlobal(context, registerGlobal(context));
        } catch (ExtensionConfigurationException wrong) {
            return; // reported by beforeEach, against each test, as every other wrong option is
        }
        if (register) {
            session(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        capture(context);
        instances(context).add(this);
        TestBudgets.testStarted(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestCapture capture = context.getStore(NAMESPACE).get(TestCapture.class, TestCapture.class);
        try {
            finishAndAttach(context, capture, context.getExecutionException());
            TestBudgets.check(context, capture);
        } finally {
            TestSnapshots.record(context, context.getExecutionException().isEmpty());
        }
    }

    /** Finishes the test's capture, then gives its traces to Allure even when finishing failed it. */
    private void finishAndAttach(ExtensionContext context, TestCapture capture, Optional<Throwable> failure) {
        try {
            finish(context, capture, failure);
        } finally {
            attachToAllure(context, capture);
        }
    }

    /** Gives the test's traces to Allure, when it is on the class path and {@code avaliar.allure} is not false. */
    private static void attachToAllure(ExtensionContext context, TestCapture capture) {
        if (capture != null
                && AllureTraces.ON_CLASS_PATH
                && context.getConfigurationParameter(AllureTraces.ENABLED)
                        .map(value -> Options.bool(AllureTraces.ENABLED, value))
                        .orElse(true)
                // Once per test, also when two instances are registered (an annotation and a field).
                && context.getStore(NAMESPACE)
                        .getOrComputeIfAbsent(
                                "allure-attached " + capture.testId(),
                                key -> new java.util.concurrent.atomic.AtomicBoolean(),
                                java.util.concurrent.atomic.AtomicBoolean.class)
                        .compareAndSet(false, true)) {
            AllureTraces.attach(capture.testId(), capture.traces(), true);
        }
    }

    /**
     * Ends a test's capture and applies strict mode: publishes its orphans, and fails the test
     * with what it did wrong, or adds that to the test's own failure.
     */
    private void finish(ExtensionContext context, TestCapture capture, Optional<Throwable> failure) {
        if (capture == null || capture.isClosed()) {
            return;
        }
        Options options = decider(context).options(context);
        capture.awaitTimeout(options.awaitTimeout());
        capture.close();
        List<Orphan> orphans = capture.orphans();
        if (!orphans.isEmpty()) {
            context.publishReportEntry(
                    "avaliar.orphans", CapturedTraces.orphans(orphans).strip());
        }
        String problems = options.strict() ? strictProblems("this test", capture.misuses(), orphans) : null;
        if (failure.isPresent()) {
            // The test's own failure comes first; what Avaliar saw may explain it.
            boolean orphansToList = orphans.stream().anyMatch(orphan -> problems == null || !orphan.unambiguous());
            String notes = problems == null ? "" : problems + (orphansToList ? "\n" : "");
            if (orphansToList) {
                notes += CapturedTraces.orphans(orphans).strip();
            }
            if (!notes.isEmpty()) {
                failure.get().addSuppressed(new AssertionError(notes));
            }
        } else if (problems != null) {
            throw new AssertionError(problems);
        }
    }

    static String strictProblems(String subject, List<Misuse> misuses, List<Orphan> orphans) {
        List<Orphan> own = orphans.stream().filter(Orphan::unambiguous).toList();
        if (misuses.isEmpty() && own.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("Avaliar strict mode: ")
                .append(subject)
                .append(' ')
                .append(misuses.isEmpty() ? "lost the context of its spans" : "misused the tracing SDK")
                .append(" (set ")
                .append(Options.STRICT)
                .append("=false to only log it):");
        for (Misuse misuse : misuses) {
            text.append("\n  - ").append(misuse.kind()).append(": ").append(misuse.message());
        }
        for (Orphan orphan : own) {
            text.append("\n  - span ")
                    .append(orphan.describe())
                    .append(", so it belongs to no test; ")
                    .append(Orphan.FIX)
                    .append('.');
        }
        if (!own.isEmpty()) {
            text.append('\n').append(Orphan.CAUSES);
        }
        return text.toString();
    }

    // ---- running code in the test's context ----

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        inTest(invocation, extensionContext, false);
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        inTest(invocation, extensionContext, true);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        inTest(invocation, extensionContext, true);
    }

    @Override
    public <T> T interceptTestFactoryMethod(
            Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        return inTest(invocation, extensionContext, true);
    }

    /**
     * Runs a dynamic test with a capture of its own (JUnit runs no {@code beforeEach}/{@code afterEach}
     * callbacks for dynamic tests, so it starts and finishes here).
     */
    @Override
    @SuppressWarnings("try")
    public void interceptDynamicTest(
            Invocation<Void> invocation,
            DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        TestCapture capture = dynamicCapture(extensionContext);
        TestBudgets.testStarted(extensionContext);
        try (TestScope ignored = TestScope.enter(capture);
                SnapshotScope.Activation snapshots =
                        TestSnapshots.scope(extensionContext).activate()) {
            invocation.proceed();
        } catch (Throwable failure) {
            try {
                finishAndAttach(extensionContext, capture, Optional.of(failure));
            } finally {
                TestSnapshots.record(extensionContext, false);
            }
            throw failure;
        }
        try {
            finishAndAttach(extensionContext, capture, Optional.empty());
        } finally {
            TestSnapshots.record(extensionContext, true);
        }
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        inTest(invocation, extensionContext, false);
    }

    @Override
    public void interceptBeforeAllMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        inContainer(invocation, extensionContext);
    }

    @Override
    public void interceptAfterAllMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        inContainer(invocation, extensionContext);
    }

    @SuppressWarnings("try")
    private <T> T inTest(Invocation<T> invocation, ExtensionContext context, boolean body) throws Throwable {
        TestCapture capture = capture(context);
        try (TestScope ignored = TestScope.enter(capture);
                SnapshotScope.Activation snapshots =
                        TestSnapshots.scope(context).activate()) {
            return invocation.proceed();
        } finally {
            if (body) {
                capture.bodyRan(true);
            }
        }
    }

    /**
     * Runs a {@code @BeforeAll} or {@code @AfterAll} method. Its spans belong to no test; a span or
     * scope it left open on the thread fails it in strict mode, which fails the class.
     */
    @SuppressWarnings("try")
    private void inContainer(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        CapturingSpanProcessor processor = session(context).processor();
        TestCapture container = TestCapture.forContainer(context.getUniqueId(), processor);
        try (TestScope ignored = TestScope.enter(container)) {
            invocation.proceed();
        }
        if (!container.misuses().isEmpty() && decider(context).options(context).strict()) {
            throw new AssertionError(strictProblems("this method", container.misuses(), List.of()));
        }
    }

    // ---- parameters ----

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return (type == CapturedTraces.class || type == Trace.class)
                && resolver(parameterContext, extensionContext) == this;
    }

    /**
     * The one instance that resolves this parameter. Before {@code beforeEach} has listed the
     * instances (a constructor, a {@code @BeforeAll} method), the first instance JUnit asks claims it
     * for the others: JUnit asks every registered resolver, and two yeses would be reported as
     * competing resolvers instead of our message saying where the parameter belongs.
     */
    @SuppressWarnings("unchecked")
    private AvaliarExtension resolver(ParameterContext parameterContext, ExtensionContext context) {
        List<AvaliarExtension> instances = context.getStore(NAMESPACE).get(INSTANCES, List.class);
        if (instances != null && !instances.isEmpty()) {
            return decider(context);
        }
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(new Claim(parameterContext.getParameter()), key -> this, AvaliarExtension.class);
    }

    /** Store key of the instance that claimed a parameter before {@code beforeEach}. */
    private record Claim(Parameter parameter) {}

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (extensionContext.getTestMethod().isEmpty()
                || !(parameterContext.getDeclaringExecutable() instanceof Method)) {
            throw new ParameterResolutionException(type.getSimpleName() + " belongs to one test: declare it as a"
                    + " parameter of a @Test, @BeforeEach or @AfterEach method, not of "
                    + where(parameterContext) + ".");
        }
        CapturedTraces traces = new CapturedTraces(
                capture(extensionContext),
                decider(extensionContext).options(extensionContext).awaitTimeout());
        if (type == CapturedTraces.class) {
            return traces;
        }
        return trace(traces, parameterContext, capture(extensionContext));
    }

    private static Trace trace(CapturedTraces traces, ParameterContext parameterContext, TestCapture capture) {
        boolean afterBody = capture.bodyRan();
        List<Trace> captured;
        try {
            captured = traces.traces();
        } catch (AssertionError timedOut) {
            throw new ParameterResolutionException(
                    "Cannot resolve " + where(parameterContext) + ": " + timedOut.getMessage());
        }
        if (captured.size() == 1) {
            return captured.get(0);
        }
        String hint = afterBody
                ? captured.isEmpty() ? "" : "\nTake CapturedTraces instead and pick one with byRootName(name)."
                : "\nA Trace parameter of a test method is resolved before the method runs, so it holds only what"
                        + " @BeforeEach methods traced. To check what the test method traces, take CapturedTraces"
                        + " and call traces.single() after running the code, or take the Trace in an @AfterEach method.";
        throw new ParameterResolutionException(
                "Cannot resolve " + where(parameterContext) + ": expected exactly one trace, but "
                        + CapturedTraces.captured(captured, capture).strip() + hint);
    }

    private static String where(ParameterContext parameterContext) {
        var executable = parameterContext.getDeclaringExecutable();
        String name = executable instanceof Method ? executable.getName() + "(...)" : "the constructor";
        return "parameter [" + parameterContext.getParameter().getType().getSimpleName() + " "
                + parameterContext.getParameter().getName() + "] of " + name;
    }

    // ---- state ----

    /** The instances registered for this test, in order: {@code @ExtendWith} and {@code @RegisterExtension} may both be there. */
    @SuppressWarnings("unchecked")
    private static List<AvaliarExtension> instances(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(INSTANCES, key -> new CopyOnWriteArrayList<AvaliarExtension>(), List.class);
    }

    /**
     * The instance whose options count, and that resolves parameters, when several are registered
     * (JUnit would otherwise report competing parameter resolvers): the first one built with
     * options, else the first one.
     */
    @SuppressWarnings("unchecked")
    private AvaliarExtension decider(ExtensionContext context) {
        List<AvaliarExtension> instances = context.getStore(NAMESPACE).get(INSTANCES, List.class);
        if (instances == null || instances.isEmpty()) {
            return this;
        }
        return instances.stream()
                .filter(AvaliarExtension::hasOptions)
                .findFirst()
                .orElse(instances.get(0));
    }

    private boolean hasOptions() {
        return awaitTimeout != null || strict != null || registerGlobal != null;
    }

    private Options options(ExtensionContext context) {
        return Options.of(context, awaitTimeout, strict, registerGlobal(context));
    }

    /**
     * The builder's registerGlobal, else true when {@code @CaptureTraces(registerGlobal = true)} is on
     * the test method or class (or an annotation of theirs), else null: the configuration decides.
     */
    private Boolean registerGlobal(ExtensionContext context) {
        if (registerGlobal != null) {
            return registerGlobal;
        }
        Optional<CaptureTraces> annotation =
                context.getElement().flatMap(element -> AnnotationSupport.findAnnotation(element, CaptureTraces.class));
        if (annotation.isEmpty()) {
            annotation =
                    context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, CaptureTraces.class));
        }
        return annotation.filter(CaptureTraces::registerGlobal).isPresent() ? Boolean.TRUE : null;
    }

    private SdkLease session(ExtensionContext context) {
        SdkLease session = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(SdkLease.class, key -> new SdkLease(), SdkLease.class);
        if (options(context).registerGlobal()) {
            session.registerGlobal(context);
        }
        return session;
    }

    private TestCapture capture(ExtensionContext context) {
        CapturingSpanProcessor processor = session(context).processor();
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        TestCapture.class,
                        key -> TestCapture.forTest(context.getUniqueId(), processor),
                        TestCapture.class);
    }

    private TestCapture dynamicCapture(ExtensionContext context) {
        CapturingSpanProcessor processor = session(context).processor();
        // Looked up through the parent stores: the capture of the @TestFactory the dynamic test came from.
        TestCapture factory = context.getStore(NAMESPACE).get(TestCapture.class, TestCapture.class);
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        DYNAMIC_CAPTURE,
                        key -> TestCapture.forDynamicTest(context.getUniqueId(), factory, processor),
                        TestCapture.class);
    }

    @Override
    public String toString() {
        return "AvaliarExtension[awaitTimeout=" + (awaitTimeout == null ? "configured" : Durations.format(awaitTimeout))
                + ", strict=" + (strict == null ? "configured" : strict)
                + ", registerGlobal=" + (registerGlobal == null ? "configured" : registerGlobal) + "]";
    }

    /**
     * Options of an {@link AvaliarExtension} registered with {@code @RegisterExtension}; each
     * overrides its configuration parameter.
     *
     * <pre>{@code
     * @RegisterExtension
     * static AvaliarExtension avaliar = AvaliarExtension.builder()
     *         .awaitTimeout(Duration.ofSeconds(10))
     *         .strict(false)
     *         .registerGlobal(true)
     *         .build();
     * }</pre>
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private Duration awaitTimeout;
        private Boolean strict;
        private Boolean registerGlobal;

        private Builder() {}

        /**
         * How long reads of captured traces wait for the test's open spans to end
         * ({@code avaliar.await.timeout}, default 5 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder awaitTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("awaitTimeout must be positive, was " + timeout);
            }
            this.awaitTimeout = timeout;
            return this;
        }

        /**
         * Whether SDK misuse and lost context fail the test ({@code avaliar.strict}, default true).
         *
         * @param strict false to only log them
         * @return this builder
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Whether to register the test SDK as {@code GlobalOpenTelemetry}, so spans of other
         * instrumentation are captured too ({@code avaliar.registerGlobal}, default false). A
         * global instance that is already set is never replaced; a report entry says so.
         *
         * @param registerGlobal true to register
         * @return this builder
         */
        public Builder registerGlobal(boolean registerGlobal) {
            this.registerGlobal = registerGlobal;
            return this;
        }

        /**
         * The extension.
         *
         * @return a new extension with these options
         */
        public AvaliarExtension build() {
            return new AvaliarExtension(awaitTimeout, strict, registerGlobal);
        }
    }
}
