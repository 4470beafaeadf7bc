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
    LOW,
    MEDIUM,
    HIGH,
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
