package ai.avaliar.recording;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the recording server does with a test's requests.
 *
 * <p>Chosen per test with {@link AvaliarRecording#mode()} and overridden for a whole run with
 * {@code -Davaliar.recording.mode=RECORD} (or the JUnit configuration parameter of that name,
 * or the environment variable {@code AVALIAR_RECORDING_MODE}).
 *
 * <pre>{@code
 * @AvaliarRecording(mode = RecordingMode.RECORD_MISSING)
 * class AgentTest { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum RecordingMode {
    /** Answer from the cassette only; a request without a recording fails the test. */
    REPLAY,
    /** Send every request to the real upstream and write a new cassette. */
    RECORD,
    /** Replay what is recorded; send the rest to the upstream and add it to the cassette. */
    RECORD_MISSING,
    /** Send every request to the upstream; read and write no cassette. */
    PASSTHROUGH;

    /**
     * Parses a mode name, ignoring case and accepting {@code -} for {@code _}.
     *
     * @param text the mode name, such as {@code replay} or {@code record-missing}
     * @param source where the name came from, for the error message
     * @return the mode
     * @throws IllegalArgumentException naming the valid modes when the name is unknown
     */
    static RecordingMode parse(String text, String source) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RecordingMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown recording mode '"
                + text
                + "' in "
                + source
                + ". Valid modes: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
                + ".");
    }
}
