package ai.avaliar.recording;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records a test's provider traffic once and replays it afterwards, from one cassette per test
 * method, on a WireMock server shared by the whole run.
 *
 * <p>Put it on a test class or method (or on your own annotation), take a {@link
 * ProviderEndpoints} parameter and point the provider clients at it. The annotation nearest to
 * the test method wins. The mode can be overridden for a run with {@code
 * -Davaliar.recording.mode=RECORD}.
 *
 * <pre>{@code
 * @AvaliarRecording
 * class WeatherAgentTest {
 *   @Test
 *   void answers_with_the_forecast(ProviderEndpoints endpoints) {
 *     OpenAIClient client = OpenAIOkHttpClient.builder()
 *         .baseUrl(endpoints.openai())
 *         .apiKey(System.getenv().getOrDefault("OPENAI_API_KEY", "replayed"))
 *         .build();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Configuration parameters (or system properties) of the same run: {@code
 * avaliar.recording.mode}, {@code avaliar.recording.cassette-dir} (default {@code
 * src/test/resources/cassettes}), {@code avaliar.recording.port} (default: a free port) and
 * {@code avaliar.recording.upstream.<name>} (the real URL of a named upstream).
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(AvaliarRecordingExtension.class)
public @interface AvaliarRecording {

    /**
     * What to do with requests; overridden by {@code avaliar.recording.mode} or {@code
     * AVALIAR_RECORDING_MODE}.
     *
     * @return the mode, {@link RecordingMode#REPLAY} unless set
     */
    RecordingMode mode() default RecordingMode.REPLAY;

    /**
     * The cassette file, relative to the cassette directory unless absolute. May use {@code
     * {class}} (the simple class name), {@code {method}}, {@code {displayName}} and {@code
     * {package}} (the package as a path); each value but the package's becomes one file name,
     * {@code /} and other characters file systems refuse turned into {@code _}. A {@code .yaml}
     * file is read as a VCR.py cassette (replay only). Empty means {@code {class}/{method}.json},
     * with {@code -<invocation>} added for repeated and parameterized tests. Two test classes of
     * the same simple name in different packages sharing cassettes through {@code {class}} fail:
     * give one {@code "{package}/{class}/{method}.json"}.
     *
     * @return the cassette path template
     */
    String cassette() default "";

    /**
     * Fails a test that passed without requesting every interaction of its cassette (REPLAY only),
     * to catch stale recordings.
     *
     * @return whether unused interactions fail the test
     */
    boolean failOnUnusedInteractions() default false;

    /**
     * Body fields left out of matching, in addition to the defaults ({@code metadata.user_id},
     * {@code prompt_cache_key}, {@code safety_identifier}, {@code user}). Dotted paths; arrays on
     * the way apply to each element ({@code messages.name}).
     *
     * @return extra body fields to ignore when matching
     */
    String[] ignoreBodyFields() default {};

    /**
     * Headers never written to the cassette, in addition to the credentials and account headers
     * always left out (among them any header whose name speaks of auth, API keys, tokens,
     * secrets, sessions or cookies).
     *
     * @return extra header names to drop
     */
    String[] redactHeaders() default {};

    /**
     * Body fields (dotted paths, as in {@link #ignoreBodyFields()}) whose values are written as
     * {@code <redacted>}, in requests, responses and streamed events. Redacted request fields are
     * also left out of matching, so a cassette recorded with them replays although the live
     * request holds the real value.
     *
     * @return body fields to redact
     */
    String[] redactBodyFields() default {};

    /**
     * Regular expressions for key-shaped values known to be fake, such as the key a test of a
     * secrets detector puts in its prompt on purpose ({@code "sk-test-.*"}). Before a cassette is
     * written it is scanned for strings shaped like API keys; a value one of these expressions
     * matches entirely is let through and written as it is, any other still refuses the cassette.
     * Headers are redacted by name whatever their value.
     *
     * @return expressions matching fake keys that may be written
     */
    String[] allowSecretsMatching() default {};

    /**
     * How fast a recorded event stream is replayed: {@link ReplayPace#AT_ONCE} (the default), or
     * {@link ReplayPace#RECORDED}, each event when it had arrived while recording.
     *
     * @return the pace of replayed event streams
     */
    ReplayPace pace() default ReplayPace.AT_ONCE;
}
