package ai.avaliar.recording;

/** A cassette about to be written contains something shaped like an API key. */
final class SecretInCassetteException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    SecretInCassetteException(String message) {
        super(message);
    }
}
