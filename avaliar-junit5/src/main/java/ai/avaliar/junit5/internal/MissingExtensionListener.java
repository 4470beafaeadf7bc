package ai.avaliar.junit5.internal;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says which annotation is missing when a test asks for a parameter that only an Avaliar extension
 * resolves ({@link CapturedTraces}, {@code Trace}, {@code ProviderEndpoints}) on a class that does
 * not register it. JUnit itself can only say that no resolver is registered; nothing of Avaliar's
 * runs inside such a test, so this listener (found by {@code ServiceLoader}, like the report's)
 * adds the fix to the failure, as a suppressed exception, and logs it as a warning.
 *
 * <p>The failure it explains, and what it adds:
 *
 * <pre>{@code
 * class BriefingTest {                                   // no @CaptureTraces
 *     @Test void briefs(CapturedTraces traces) { ... }   // fails: No ParameterResolver registered ...
 * }
 * // + ExtensionConfigurationException: CapturedTraces is injected by AvaliarExtension, which is not
 * //   registered for this test: annotate the test class with @CaptureTraces ...
 * }</pre>
 *
 * <p>Nothing to register: it is on as soon as avaliar-junit5 is on the test class path.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class MissingExtensionListener implements TestExecutionListener {

    private static final System.Logger LOG = System.getLogger("ai.avaliar.junit5");

    /** JUnit's message when no resolver supports a parameter: "No ParameterResolver registered for parameter [T name] ...". */
    private static final Pattern UNRESOLVED =
            Pattern.compile("^No ParameterResolver registered for parameter \\[(\\S+) ");

    /** Each parameter type to the extension that resolves it and how to register it. */
    private static final Map<String, String> FIXES = Map.of(
            "ai.avaliar.junit5.CapturedTraces", onCapture("CapturedTraces"),
            "ai.avaliar.trace.data.Trace", onCapture("Trace"),
            "ai.avaliar.recording.ProviderEndpoints",
                    "ProviderEndpoints is injected by Avaliar's recording extension,"
                            + " which is not registered for this test: annotate the test class with @AvaliarRecording"
                            + " (ai.avaliar.recording.AvaliarRecording).");

    private static String onCapture(String type) {
        return type + " is injected by AvaliarExtension, which is not registered for this test: annotate the test"
                + " class with @CaptureTraces (ai.avaliar.junit5.CaptureTraces) or @ExtendWith(AvaliarExtension.class),"
                + " or register it in a field: @RegisterExtension static AvaliarExtension avaliar ="
                + " AvaliarExtension.builder().build(). To register it for every test class, set"
                + " junit.jupiter.extensions.autodetection.enabled=true in junit-platform.properties (on JUnit 5.12"
                + " or later, with junit.jupiter.extensions.autodetection.include=ai.avaliar.junit5.AvaliarExtension"
                + " so that no other extension on the class path is registered with it).";
    }

    /** For {@code ServiceLoader}, which finds it in avaliar-junit5's {@code META-INF/services}. */
    public MissingExtensionListener() {}

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        result.getThrowable().flatMap(MissingExtensionListener::fix).ifPresent(fix -> {
            Throwable failure = result.getThrowable().orElseThrow();
            failure.addSuppressed(new ExtensionConfigurationException(fix));
            LOG.log(Level.WARNING, () -> "Avaliar: " + identifier.getDisplayName() + ": " + fix);
        });
    }

    /** The fix for {@code failure}, when it is JUnit's "no resolver" for one of Avaliar's parameter types. */
    public static Optional<String> fix(Throwable failure) {
        if (!(failure instanceof ParameterResolutionException) || failure.getMessage() == null) {
            return Optional.empty();
        }
        Matcher unresolved = UNRESOLVED.matcher(failure.getMessage());
        return unresolved.find() ? Optional.ofNullable(FIXES.get(unresolved.group(1))) : Optional.empty();
    }
}
