package io.multisystem.core.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem in one input before failing, so the caller hears about all fields at fault at once.
 *
 * <pre>{@code
 * Validation.of("attestation-authority")
 *     .require(!name.isBlank(), "name", "must not be blank")
 *     .require(depth <= 8, "maxPathLength", "must be at most 8, was " + depth)
 *     .throwIfInvalid();
 * }</pre>
 *
 * Not thread-safe; use one instance per input.
 */
public final class Validation {
    /** Code of the exception thrown by {@link #throwIfInvalid()}. */
    public static final String CODE = "VALIDATION_FAILED";

    private final String component;
    private final List<FieldViolation> violations = new ArrayList<>();

    private Validation(String component) {
        this.component = component;
    }

    public static Validation of(String component) {
        return new Validation(component);
    }

    /** Records a violation of {@code field} unless {@code condition} holds. */
    public Validation require(boolean condition, String field, String problem) {
        if (!condition) {
            violations.add(new FieldViolation(field, problem));
        }
        return this;
    }

    /** Records a violation unconditionally. */
    public Validation reject(String field, String problem) {
        violations.add(new FieldViolation(field, problem));
        return this;
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    public List<FieldViolation> violations() {
        return List.copyOf(violations);
    }

    /**
     * @throws InvalidInputException with code {@value #CODE} listing every violation, if any was recorded
     */
    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw InvalidInputException.ofViolations(component, CODE, violations);
        }
    }
}
