package ai.avaliar.junit5.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void lists_files_oldest_first_and_leaves_out_half_written_ones() throws IOException {
        Spool spool = new Spool(dir, 1 << 20, "run-1");
        Path first = spool.write(new byte[] {1}, Spool.TRACES).orElseThrow();
        Path second = spool.write(new byte[] {2}, Spool.RUN_RECORD).orElseThrow();
        Files.write(dir.resolve("0000000000000-000000-x.otlp.tmp"), new byte[] {3});

        assertThat(spool.entries()).extracting(Spool.Entry::file).containsExactly(first, second);
        assertThat(spool.entries()).extracting(Spool.Entry::isRunRecord).containsExactly(false, true);
    }

    @Test
    void a_claimed_file_is_invisible_to_others_until_released_and_gone_once_sent() throws IOException {
        Spool mine = new Spool(dir, 1 << 20, "run-1");
        Spool theirs = new Spool(dir, 1 << 20, "run-2");
        mine.write(new byte[] {7, 8}, Spool.TRACES);
        Spool.Entry entry = mine.entries().get(0);

        Spool.Claim claim = mine.claim(entry).orElseThrow();
        assertThat(claim.body()).containsExactly(7, 8);
        assertThat(theirs.entries()).isEmpty();
        assertThat(theirs.claim(entry)).isEmpty();

        claim.release();
        assertThat(theirs.entries()).extracting(Spool.Entry::file).containsExactly(entry.file());
        theirs.claim(entry).orElseThrow().sent();
        assertThat(mine.entries()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_claim_left_by_a_jvm_that_died_is_released_after_an_hour() throws IOException {
        Spool spool = new Spool(dir, 1 << 20, "run-1");
        spool.write(new byte[] {1}, Spool.TRACES);
        spool.write(new byte[] {2}, Spool.TRACES);
        List<Spool.Entry> entries = spool.entries();
        Spool.Claim old = spool.claim(entries.get(0)).orElseThrow();
        spool.claim(entries.get(1)).orElseThrow();
        try (Stream<Path> files = Files.list(dir)) {
            Path oldClaim = files.filter(f -> f.getFileName()
                            .toString()
                            .startsWith(entries.get(0).file().getFileName() + ".claimed"))
                    .findFirst()
                    .orElseThrow();
            Files.setLastModifiedTime(oldClaim, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
        }

        assertThat(new Spool(dir, 1 << 20, "run-2").entries())
                .extracting(Spool.Entry::file)
                .containsExactly(old.entry().file());
    }

    @Test
    void refuses_a_file_that_would_pass_the_limit_and_keeps_the_older_ones() throws IOException {
        Spool spool = new Spool(dir, 10, "run-1");

        assertThat(spool.write(new byte[6], Spool.TRACES)).isPresent();
        assertThat(spool.write(new byte[6], Spool.TRACES)).isEmpty();
        assertThat(spool.write(new byte[6], Spool.TRACES, true))
                .as("pieces replacing a claimed file")
                .isPresent();
        assertThat(spool.entries()).hasSize(2);
    }

    @Test
    void two_spools_of_one_run_id_never_write_the_same_file() throws IOException {
        Spool first = new Spool(dir, 1 << 20, "run-1");
        Spool second = new Spool(dir, 1 << 20, "run-1");
        for (int i = 0; i < 50; i++) {
            first.write(new byte[] {1}, Spool.TRACES);
            second.write(new byte[] {2}, Spool.TRACES);
        }

        assertThat(first.entries()).hasSize(100);
        assertThat(first.entries().get(0).file().getFileName().toString())
                .matches("\\d{13}-\\d{6}-run-1-" + ProcessHandle.current().pid() + "-[0-9a-f]{8}\\.otlp");
    }

    @Test
    void keeps_at_most_a_hundred_rejected_files_the_newest() throws IOException {
        Spool spool = new Spool(dir, 1 << 20, "run-1");
        for (int i = 0; i < Spool.MAX_REJECTED + 5; i++) {
            spool.writeRejected(new byte[] {(byte) i}, i % 2 == 0 ? Spool.TRACES : Spool.RUN_RECORD);
        }

        assertThat(spool.rejectedCount()).isEqualTo(Spool.MAX_REJECTED);
        assertThat(spool.entries()).as("never sent again").isEmpty();
    }

    @Test
    void a_missing_directory_is_an_empty_spool() {
        Spool spool = new Spool(dir.resolve("never-made"), 10, "run-1");

        assertThat(spool.entries()).isEmpty();
        assertThat(spool.bytes()).isZero();
        assertThat(dir.resolve("never-made")).doesNotExist();
    }
}
