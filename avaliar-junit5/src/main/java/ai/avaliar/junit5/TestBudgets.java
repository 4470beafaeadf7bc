package ai.avaliar.junit5;

import ai.avaliar.junit5.budget.BudgetWatch;
import ai.avaliar.junit5.budget.TraceBudget;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What the extension does for budgets around each test: counts the test toward the run's
 * {@link BudgetWatch}, and fails a test that spent more than its {@link TraceBudget} allows.
 */
final class TestBudgets {

    private TestBudgets() {}

    /** Counts the test toward the run's budget, named as the report names it only when budgets record. */
    static void testStarted(ExtensionContext context) {
        watch(context).testStarted(context.getUniqueId(), () -> testPath(context));
    }

    /**
     * The run's budget watch, in the engine's root store: JUnit closes it when the engine has run
     * every test, and what it throws then fails the run (see {@link BudgetWatch}).
     */
    private static BudgetWatch watch(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(AvaliarExtension.NAMESPACE)
                .getOrComputeIfAbsent(
                        BudgetWatch.class,
                        key -> BudgetWatch.start(root::getConfigurationParameter),
                        BudgetWatch.class);
    }

    /** Display names from the class down to the test, joined with {@code " › "}, as the report names tests. */
    private static String testPath(ExtensionContext context) {
        List<String> names = new java.util.ArrayList<>();
        for (ExtensionContext up = context;
                up.getParent().isPresent();
                up = up.getParent().get()) {
            names.add(0, up.getDisplayName());
        }
        return String.join(" › ", names);
    }

    /** Each test method's own {@link TraceBudget}, found once. */
    private static final java.util.Map<Method, Optional<TraceBudget>> METHOD_BUDGETS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Each test class's {@link TraceBudget}, its own or an enclosing class's, found once. */
    private static final ClassValue<Optional<TraceBudget>> CLASS_BUDGETS = new ClassValue<>() {
        @Override
        protected Optional<TraceBudget> computeValue(Class<?> testClass) {
            Optional<TraceBudget> budget = Optional.empty();
            for (Class<?> type = testClass; budget.isEmpty() && type != null; type = type.getEnclosingClass()) {
                budget = AnnotationSupport.findAnnotation(type, TraceBudget.class);
            }
            return budget;
        }
    };

    /** Fails a test that spent more than its {@link TraceBudget} allows. */
    static void check(ExtensionContext context, TestCapture capture) {
        if (capture == null || context.getExecutionException().isPresent()) {
            return;
        }
        Optional<TraceBudget> budget = context.getTestMethod()
                .flatMap(method -> METHOD_BUDGETS.computeIfAbsent(
                        method, m -> AnnotationSupport.findAnnotation(m, TraceBudget.class)));
        if (budget.isEmpty()) {
            budget = context.getTestClass().flatMap(CLASS_BUDGETS::get);
        }
        budget.flatMap(limits -> BudgetWatch.checkTest(limits, capture.traces()))
                .ifPresent(message -> {
                    throw new AssertionError(message + "\n"
                            + CapturedTraces.captured(capture.traces(), capture).strip());
                });
    }
}
