package io.multisystem.core.error;

/**
 * How bad an error is for the component that raised it, on the platform's 0–12+ score.
 *
 * <p>Each level covers a half-open score band and names the reaction it calls for:
 * <ul>
 *   <li>{@link #OPERATIONAL} [0, 3): continue; the request was refused, the component is fine.</li>
 *   <li>{@link #DEGRADED} [3, 6): retry or rebuild, and monitor.</li>
 *   <li>{@link #COMPROMISED} [6, 9): isolate the component.</li>
 *   <li>{@link #FATAL} [9, 12): restart the process.</li>
 *   <li>{@link #CATASTROPHIC} [12, ∞): halt.</li>
 * </ul>
 */
public enum Severity {
    OPERATIONAL(0, "continue"),
    DEGRADED(3, "retry or rebuild, and monitor"),
    COMPROMISED(6, "isolate the component"),
    FATAL(9, "restart the process"),
    CATASTROPHIC(12, "halt");

    private final int lowerBound;
    private final String reaction;

    Severity(int lowerBound, String reaction) {
        this.lowerBound = lowerBound;
        this.reaction = reaction;
    }

    /** The lowest score (inclusive) that falls in this level. */
    public int lowerBound() {
        return lowerBound;
    }

    /** What an operator or supervisor should do about an error of this level. */
    public String reaction() {
        return reaction;
    }

    /**
     * The level a score falls in.
     *
     * @throws IllegalArgumentException if the score is negative or NaN
     */
    public static Severity fromScore(double score) {
        if (Double.isNaN(score) || score < 0) {
            throw new IllegalArgumentException("severity score must be a number >= 0, was " + score);
        }
        Severity level = OPERATIONAL;
        for (Severity candidate : values()) {
            if (score >= candidate.lowerBound) {
                level = candidate;
            }
        }
        return level;
    }
}
