package ai.avaliar.recording;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs a fixture class on the Jupiter engine with a cassette directory and settings. */
final class Kit {

    private Kit() {}

    static EngineExecutionResults run(Class<?> fixture, Path cassettes, Map<String, String> settings) {
        return run(cassettes, settings, fixture);
    }

    static EngineExecutionResults run(Path cassettes, Map<String, String> settings, Class<?>... fixtures) {
        return run(
                cassettes,
                settings,
                Arrays.stream(fixtures).map(f -> selectClass(f)).toArray(DiscoverySelector[]::new));
    }

    static EngineExecutionResults run(DiscoverySelector selector, Path cassettes) {
        return run(cassettes, Map.of(), selector);
    }

    private static EngineExecutionResults run(
            Path cassettes, Map<String, String> settings, DiscoverySelector... selectors) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
                .selectors(selectors)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .configurationParameter(AvaliarRecordingExtension.CASSETTE_DIR, cassettes.toString());
        settings.forEach(builder::configurationParameter);
        return builder.execute();
    }

    static EngineExecutionResults run(Class<?> fixture, Path cassettes) {
        return run(fixture, cassettes, Map.of());
    }
}
