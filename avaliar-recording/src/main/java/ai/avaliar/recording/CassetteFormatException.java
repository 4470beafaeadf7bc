package ai.avaliar.recording;

/** A cassette file that cannot be read; the message names the file and the position. */
final class CassetteFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CassetteFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
