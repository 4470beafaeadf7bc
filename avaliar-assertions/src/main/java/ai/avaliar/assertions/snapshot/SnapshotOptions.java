package ai.avaliar.assertions.snapshot;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a trace snapshot is taken and compared: its name, the fields it holds and how far token
 * counts may move. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * assertThatTrace(trace).matchesSnapshot(SnapshotOptions.defaults()
 *         .named("after_retry")              // <method>.after_retry.trace
 *         .with(SnapshotField.INPUTS)        // inputs and outputs are opt-in
 *         .without(SnapshotField.MODEL)
 *         .tokenTolerance(0.10));            // token counts may differ by ±10%
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SnapshotOptions {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]+");
    private static final SnapshotOptions DEFAULTS = new SnapshotOptions(
            null,
            EnumSet.of(SnapshotField.MODEL, SnapshotField.PROVIDER, SnapshotField.TOKENS, SnapshotField.ERRORS),
            0);

    private final String name;
    private final Set<SnapshotField> fields;
    private final double tokenTolerance;

    private SnapshotOptions(String name, Set<SnapshotField> fields, double tokenTolerance) {
        this.name = name;
        this.fields = Collections.unmodifiableSet(fields);
        this.tokenTolerance = tokenTolerance;
    }

    /**
     * Model, provider, tokens and errors; no inputs or outputs; tokens compared exactly; the
     * snapshot named after the test.
     *
     * @return the defaults
     */
    public static SnapshotOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A second snapshot of the same test, in {@code <test>.<name>.trace}.
     *
     * @param name letters, digits, {@code _} and {@code -}
     * @return changed options
     */
    public SnapshotOptions named(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a snapshot name is made of letters, digits, _ and -, so it can be"
                    + " part of a file name; was \"" + name + "\"");
        }
        return new SnapshotOptions(name, EnumSet.copyOf(fields), tokenTolerance);
    }

    /**
     * Adds fields to the snapshot.
     *
     * @param more the fields
     * @return changed options
     */
    public SnapshotOptions with(SnapshotField... more) {
        EnumSet<SnapshotField> next = EnumSet.copyOf(fields);
        Collections.addAll(next, more);
        return new SnapshotOptions(name, next, tokenTolerance);
    }

    /**
     * Leaves fields out of the snapshot.
     *
     * @param fewer the fields
     * @return changed options
     */
    public SnapshotOptions without(SnapshotField... fewer) {
        EnumSet<SnapshotField> next = EnumSet.copyOf(fields);
        for (SnapshotField field : fewer) {
            next.remove(field);
        }
        return new SnapshotOptions(name, next, tokenTolerance);
    }

    /**
     * How far a token count may be from the snapshot's, as a fraction of it: {@code 0.10} accepts
     * 90 to 110 where the snapshot says 100. The file keeps the counts it was written with.
     *
     * @param fraction from 0 (exact, the default) up
     * @return changed options
     */
    public SnapshotOptions tokenTolerance(double fraction) {
        if (!(fraction >= 0) || Double.isInfinite(fraction)) {
            throw new IllegalArgumentException(
                    "a token tolerance is a fraction from 0 up, such as 0.10 for ±10%; was " + fraction);
        }
        return new SnapshotOptions(name, EnumSet.copyOf(fields), fraction);
    }

    String name() {
        return name;
    }

    boolean has(SnapshotField field) {
        return fields.contains(field);
    }

    double tokenTolerance() {
        return tokenTolerance;
    }

    @Override
    public String toString() {
        return "SnapshotOptions[name=" + name + ", fields=" + fields + ", tokenTolerance=" + tokenTolerance + "]";
    }
}
