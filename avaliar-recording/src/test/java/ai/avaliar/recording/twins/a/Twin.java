package ai.avaliar.recording.twins.a;

import ai.avaliar.recording.AvaliarRecording;
import org.junit.jupiter.api.Test;

/** Fixture: shares its simple name with the Twin of the other package (run by the test kit). */
@AvaliarRecording
public class Twin {
    @Test
    void asks() {}
}
