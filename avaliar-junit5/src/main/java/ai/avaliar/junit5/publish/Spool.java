package ai.avaliar.junit5.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What could not be sent, on disk until a later run sends it: one file per request body, named
 * so that the oldest sorts first, written to a temporary file and moved into place (a reader
 * never sees half a file). {@code .otlp} files are OTLP/HTTP protobuf trace requests,
 * {@code .run.json} files run records. A file being sent is claimed by renaming it, so two JVMs
 * publishing from one directory (Surefire forks) never send it twice; a claim older than an hour
 * is from a JVM that died and is released.
 *
 * <p>The spool is bounded: a file that would take it past its limit is not written, and the
 * caller says so loudly; older files, whose traces exist nowhere else, are never dropped.
 */
final class Spool {

    static final String TRACES = ".otlp";
    static final String RUN_RECORD = ".run.json";
    /** Spans kept as JSON lines when they could not be encoded as OTLP: kept, never sent. */
    static final String UNENCODED = ".spans.jsonl";

    static final String REJECTED_DIRECTORY = "rejected";

    private static final String CLAIMED = ".claimed";
    private static final String TEMPORARY = ".tmp";
    private static final Duration STALE_CLAIM = Duration.ofHours(1);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Rejected files kept at most; past it, the oldest go (they were refused, so never sent anyway). */
    static final int MAX_REJECTED = 100;

    private final Path directory;
    private final long limitBytes;
    private final String owner;
    /**
     * In every new file's name with the owner: this JVM's pid and a per-spool id, so JVMs sharing a
     * run id (forks given one AVALIAR_TEST_RUN_ID) never pick the same name.
     */
    private final String writer;

    /**
     * @param owner written into claims and new file names (the run id), so files of different JVMs never collide
     */
    Spool(Path directory, long limitBytes, String owner) {
        this.directory = directory;
        this.limitBytes = limitBytes;
        this.owner = owner.replaceAll("[^A-Za-z0-9-]", "");
        this.writer = ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new file's name: the time first, so the oldest sorts first, then who wrote it. */
    private String newName(String suffix) {
        return String.format(
                "%013d-%06d-%s-%s%s",
                System.currentTimeMillis(), SEQUENCE.incrementAndGet() % 1_000_000, owner, writer, suffix);
    }

    /** Writes {@code body} to a temporary file no one else has (CREATE_NEW), then moves it to {@code target}. */
    private static Path writeThenMove(Path target, byte[] body) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY);
        Files.write(temporary, body, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(temporary, target);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    Path directory() {
        return directory;
    }

    /** A spooled request body: its file and the kind of request it holds. */
    record Entry(Path file) {

        boolean isTraces() {
            return file.getFileName().toString().endsWith(TRACES);
        }

        boolean isRunRecord() {
            return file.getFileName().toString().endsWith(RUN_RECORD);
        }
    }

    /** The spooled files, oldest first; claims that a dead JVM left are released first. */
    List<Entry> entries() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        releaseStaleClaims();
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(TRACES) || name.endsWith(RUN_RECORD))) {
                    entries.add(new Entry(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spool " + directory, e);
        }
        entries.sort((a, b) -> a.file()
                .getFileName()
                .toString()
                .compareTo(b.file().getFileName().toString()));
        return entries;
    }

    /**
     * Claims an entry for sending.
     *
     * @return the claimed file's body, or empty when another JVM claimed it first
     */
    Optional<Claim> claim(Entry entry) throws IOException {
        Path claimed = entry.file().resolveSibling(entry.file().getFileName() + CLAIMED + "-" + owner);
        try {
            Files.move(entry.file(), claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            return Optional.empty();
        }
        // A move keeps the time of the write; the claim's age counts from now.
        Files.setLastModifiedTime(claimed, FileTime.from(Instant.now()));
        return Optional.of(new Claim(entry, claimed, Files.readAllBytes(claimed)));
    }

    /** A spooled file taken for sending: {@link #sent()} deletes it, {@link #release()} puts it back. */
    final class Claim {
        private final Entry entry;
        private final Path claimed;
        private final byte[] body;

        private Claim(Entry entry, Path claimed, byte[] body) {
            this.entry = entry;
            this.claimed = claimed;
            this.body = body;
        }

        Entry entry() {
            return entry;
        }

        byte[] body() {
            return body;
        }

        void sent() throws IOException {
            Files.deleteIfExists(claimed);
        }

        void release() throws IOException {
            Files.move(claimed, entry.file(), StandardCopyOption.ATOMIC_MOVE);
        }

        /** Keeps it, not to be sent again: the receiver refused it for good. */
        Path reject() throws IOException {
            Path rejected = directory.resolve(REJECTED_DIRECTORY);
            Files.createDirectories(rejected);
            Path target = rejected.resolve(entry.file().getFileName());
            Files.move(claimed, target, StandardCopyOption.ATOMIC_MOVE);
            trimRejected(rejected);
            return target;
        }
    }

    /**
     * Writes a request body to the spool.
     *
     * @param suffix {@link #TRACES} or {@link #RUN_RECORD}
     * @return the file, or empty when it would take the spool past its limit (nothing is written)
     */
    Optional<Path> write(byte[] body, String suffix) throws IOException {
        return write(body, suffix, false);
    }

    /**
     * As {@link #write(byte[], String)}; {@code replacing} pieces of a claimed file (which counts
     * toward the limit until it is deleted) are written whatever the limit.
     */
    Optional<Path> write(byte[] body, String suffix, boolean replacing) throws IOException {
        Files.createDirectories(directory);
        if (!replacing && bytes() + body.length > limitBytes) {
            return Optional.empty();
        }
        return Optional.of(writeThenMove(directory.resolve(newName(suffix)), body));
    }

    /**
     * Keeps a body the receiver refused for good under {@code rejected/}, not to be sent again, for
     * someone to look at; at most {@link #MAX_REJECTED} files are kept there, the oldest dropped.
     *
     * @param suffix {@link #TRACES} or {@link #RUN_RECORD}, as the body is
     */
    Path writeRejected(byte[] body, String suffix) throws IOException {
        Path rejected = directory.resolve(REJECTED_DIRECTORY);
        Files.createDirectories(rejected);
        Path kept = writeThenMove(rejected.resolve(newName(suffix)), body);
        trimRejected(rejected);
        return kept;
    }

    /** How many refused files {@code rejected/} holds. */
    int rejectedCount() {
        return rejectedFiles(directory.resolve(REJECTED_DIRECTORY)).size();
    }

    private static List<Path> rejectedFiles(Path rejected) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(rejected)) {
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(rejected)) {
                for (Path file : listing) {
                    String name = file.getFileName().toString();
                    if (Files.isRegularFile(file) && (name.endsWith(TRACES) || name.endsWith(RUN_RECORD))) {
                        files.add(file);
                    }
                }
            } catch (IOException e) {
                return files;
            }
        }
        files.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    private static void trimRejected(Path rejected) {
        List<Path> files = rejectedFiles(rejected);
        for (int i = 0; i < files.size() - MAX_REJECTED; i++) {
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                // another JVM trimmed it
            }
        }
    }

    /** Bytes in the spool's files, claimed ones included. */
    long bytes() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    private void releaseStaleClaims() {
        Instant stale = Instant.now().minus(STALE_CLAIM);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + CLAIMED + "-*")) {
            for (Path file : files) {
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.toInstant().isBefore(stale)) {
                    String name = file.getFileName().toString();
                    Path original = file.resolveSibling(name.substring(0, name.lastIndexOf(CLAIMED)));
                    try {
                        Files.move(file, original, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        // Another JVM released it first, or it is gone: either way not ours to send.
                    }
                }
            }
        } catch (IOException e) {
            // Listing claims is best effort; unreleased claims are sent by a later run.
        }
    }
}
