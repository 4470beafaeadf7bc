package ai.avaliar.detection;

/**
 * How serious a detected issue is, from {@link #LOW} to {@link #CRITICAL}.
 *
 * <pre>{@code
 * boolean block = issue.severity().isAtLeast(Severity.HIGH);
 * }</pre>
 *
 * @since 0.1.0
 */
public enum Severity {
    /** Worth a look. */
    LOW,
    /** Should be fixed. */
    MEDIUM,
    /** Must not reach users; blocks a prompt under {@code blocking(true)}. */
    HIGH,
    /** A leak or an attack in progress. */
    CRITICAL;

    /**
     * Whether this severity is {@code other} or worse.
     *
     * @param other the threshold
     * @return true when this is at least as severe as {@code other}
     */
    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
