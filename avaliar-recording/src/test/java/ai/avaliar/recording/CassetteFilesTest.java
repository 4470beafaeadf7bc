package ai.avaliar.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cassettes are written to a temporary file next to them, then moved into place. */
class CassetteFilesTest {

    @TempDir
    Path dir;

    @Test
    void replaces_a_cassette_and_leaves_no_temporary_file() throws Exception {
        Path file = Http.write(dir.resolve("Test/asks.json"), "old");

        CassetteFiles.write(file, "new");

        assertThat(Files.readString(file)).isEqualTo("new");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void removes_its_temporary_file_when_the_cassette_cannot_be_moved_into_place() throws Exception {
        // given: a non-empty directory where the cassette should go, so the move fails
        Path file = dir.resolve("asks.json");
        Http.write(file.resolve("in-the-way.txt"), "x");

        assertThatThrownBy(() -> CassetteFiles.write(file, "new"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not write cassette " + file);

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
