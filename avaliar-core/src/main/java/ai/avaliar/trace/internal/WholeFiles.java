package ai.avaliar.trace.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file whole or not at all: into a temporary file beside it, then moved over it, so a
 * reader (or another JVM writing the same file) never sees half of one.
 *
 * <pre>{@code
 * WholeFiles.write(report, temp -> Files.writeString(temp, html));
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class WholeFiles {

    /** Writes the content of the file into the temporary path it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temp) throws IOException;
    }

    private WholeFiles() {}

    /**
     * Writes {@code file} through a temporary file in its directory, which must exist; the temporary
     * file is gone afterwards, whatever happened.
     */
    public static void write(Path file, Content content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            content.writeTo(temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // left behind: a hidden .tmp file
            }
        }
    }
}
