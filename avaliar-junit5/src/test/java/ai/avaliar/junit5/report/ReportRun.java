package ai.avaliar.junit5.report;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import ai.avaliar.junit5.publish.PublishSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs fixture classes through the JUnit launcher, as Maven Surefire or an IDE does, with the
 * report listener (and only it, unless {@code autoRegister}) writing to {@code dir}.
 */
public final class ReportRun {

    private ReportRun() {}

    public static TestExecutionSummary run(Path dir, Map<String, String> configuration, Class<?>... fixtures) {
        return run(dir, configuration, false, fixtures);
    }

    public static TestExecutionSummary run(
            Path dir, Map<String, String> configuration, boolean autoRegister, Class<?>... fixtures) {
        // An empty environment: a fixture run is not the build's own (no CI details, nothing published
        // even when the build has AVALIAR_API_KEY set).
        return run(dir, configuration, autoRegister ? null : new AvaliarReportListener(Map.of()), fixtures);
    }

    /** Some methods of one fixture class, with the report listener only. */
    public static TestExecutionSummary runMethods(
            Path dir, Map<String, String> configuration, Class<?> fixture, String... methods) {
        return execute(
                dir,
                configuration,
                new AvaliarReportListener(Map.of()),
                Arrays.stream(methods)
                        .map(method -> (DiscoverySelector) selectMethod(fixture, method))
                        .toList());
    }

    /** With this report listener only, or with every listener JUnit finds when {@code listener} is null. */
    public static TestExecutionSummary run(
            Path dir, Map<String, String> configuration, AvaliarReportListener listener, Class<?>... fixtures) {
        return execute(
                dir,
                configuration,
                listener,
                Arrays.stream(fixtures)
                        .map(fixture -> (DiscoverySelector) selectClass(fixture))
                        .toList());
    }

    private static TestExecutionSummary execute(
            Path dir,
            Map<String, String> configuration,
            AvaliarReportListener listener,
            List<DiscoverySelector> selectors) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherConfig.Builder config = LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(listener == null)
                .addTestExecutionListeners(summary);
        if (listener != null) {
            config.addTestExecutionListeners((TestExecutionListener) listener);
        }
        Map<String, String> parameters = new HashMap<>(configuration);
        parameters.putIfAbsent(AvaliarReportListener.DIR, dir.toString());
        // The auto-registered listener reads the process's environment: never publish a fixture run from it.
        if (listener == null) {
            parameters.putIfAbsent(PublishSettings.PUBLISH, "false");
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameters(parameters)
                .build();
        LauncherFactory.create(config.build()).execute(request);
        return summary.getSummary();
    }
}
