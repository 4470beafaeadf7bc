package ai.avaliar.examples;

import java.util.Locale;

/**
 * Whether this run replays the cassettes. The assertions on what the provider said (answers,
 * token counts, cost) hold for the recorded conversation only; while recording again with a real
 * key they are skipped, so that the cassette is written (a failing test writes none).
 */
final class Recording {

    private Recording() {}

    static boolean replaying() {
        String mode = System.getProperty("avaliar.recording.mode");
        if (mode == null || mode.isBlank()) {
            mode = System.getenv("AVALIAR_RECORDING_MODE");
        }
        return mode == null
                || mode.isBlank()
                || mode.trim().toUpperCase(Locale.ROOT).equals("REPLAY");
    }
}
