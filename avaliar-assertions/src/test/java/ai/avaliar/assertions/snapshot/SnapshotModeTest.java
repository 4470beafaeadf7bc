package ai.avaliar.assertions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether a missing snapshot is written: by the setting, and in auto mode by the CI variable. */
class SnapshotModeTest {

    private static SnapshotScope.Mode mode(String setting, Map<String, String> env) {
        return SnapshotScope.mode(key -> Optional.ofNullable(setting), env);
    }

    @Test
    void auto_writes_missing_snapshots_on_a_developers_machine() {
        assertThat(mode(null, Map.of())).isEqualTo(SnapshotScope.Mode.AUTO);
        assertThat(mode("auto", Map.of("CI", "false"))).isEqualTo(SnapshotScope.Mode.AUTO);
    }

    @Test
    void auto_never_writes_one_in_ci() {
        assertThat(mode(null, Map.of("CI", "true"))).isEqualTo(SnapshotScope.Mode.VERIFY);
        assertThat(mode(" Auto ", Map.of("CI", "TRUE"))).isEqualTo(SnapshotScope.Mode.VERIFY);
    }

    @Test
    void update_and_verify_are_what_they_say_also_in_ci() {
        assertThat(mode("update", Map.of("CI", "true"))).isEqualTo(SnapshotScope.Mode.UPDATE);
        assertThat(mode("verify", Map.of())).isEqualTo(SnapshotScope.Mode.VERIFY);
    }
}
