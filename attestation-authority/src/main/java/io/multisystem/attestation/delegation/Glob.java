package io.multisystem.attestation.delegation;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;

import java.util.Objects;

/**
 * A name pattern in which {@code *} matches any sequence of characters (including none, and including {@code /});
 * every other character matches itself. There is no escape: a pattern cannot match a literal {@code *} only.
 *
 * <h2>Design note</h2>
 * {@link #matches} and {@link #includes} are one dynamic programme over the pattern against a token sequence. For
 * {@code includes(other)} the tokens are {@code other}'s characters with each of its stars kept as a special token that
 * only a star of this pattern may absorb. This is exact: if every expansion of {@code other} matches this pattern, so
 * does the expansion that replaces each star by a character this pattern does not contain, and in that expansion only
 * this pattern's stars can match those characters. Both run in O(|this| * |input|) time and O(|input|) space; patterns
 * are limited to {@value #MAX_LENGTH} characters. Immutable value type.
 */
public final class Glob {
    static final int MAX_LENGTH = 512;
    private static final int STAR = -1;

    private final String pattern;
    private final int[] tokens;

    private Glob(String pattern) {
        this.pattern = pattern;
        this.tokens = tokenize(pattern);
    }

    /**
     * @throws InvalidInputException {@code GLOB_INVALID} if the pattern is empty or longer than 512 characters
     */
    public static Glob of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
            throw new InvalidInputException(AttestationComponent.NAME, "GLOB_INVALID",
                    "a name pattern must have 1 to " + MAX_LENGTH + " characters, '*' matching any sequence; got "
                            + pattern.length() + " characters");
        }
        return new Glob(pattern);
    }

    /** Whether {@code name} matches this pattern. */
    public boolean matches(String name) {
        return match(tokens, name.codePoints().toArray());
    }

    /** Whether every name matching {@code other} also matches this pattern (language inclusion). */
    public boolean includes(Glob other) {
        return match(tokens, other.tokens);
    }

    public String pattern() {
        return pattern;
    }

    private static int[] tokenize(String pattern) {
        return pattern.codePoints().map(c -> c == '*' ? STAR : c).toArray();
    }

    /**
     * Whether {@code pattern} matches the whole of {@code input}; in {@code input} a {@link #STAR} token is matched
     * only by a star of the pattern.
     */
    private static boolean match(int[] pattern, int[] input) {
        // row[j]: pattern prefix of length i matches input prefix of length j.
        boolean[] row = new boolean[input.length + 1];
        row[0] = true;
        for (int p : pattern) {
            boolean[] next = new boolean[input.length + 1];
            if (p == STAR) {
                boolean reachable = false;
                for (int j = 0; j <= input.length; j++) {
                    reachable |= row[j];
                    next[j] = reachable;
                }
            } else {
                for (int j = 1; j <= input.length; j++) {
                    next[j] = row[j - 1] && input[j - 1] == p;
                }
            }
            row = next;
        }
        return row[input.length];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob that && pattern.equals(that.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
