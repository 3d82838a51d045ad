package io.multisystem.core.error;

import java.util.Objects;

/**
 * One field of a request or configuration at fault, and what is wrong with it.
 *
 * @param field   the field's path as the caller wrote it (e.g. {@code subject[2].digest.sha256})
 * @param problem what is wrong and what would be accepted (e.g. {@code must be 64 hex digits})
 */
public record FieldViolation(String field, String problem) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
