package io.multisystem.attestation.delegation;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.Validation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a key may attest to: statements whose predicate type matches one of {@code predicateTypes} and whose every
 * subject name matches one of {@code subjectNames}, at times within {@code [notBefore, notAfter]} (both inclusive),
 * with at most {@code maxPathLength} further delegations below it. Immutable value type.
 *
 * @param predicateTypes allowed predicate types as {@link Glob}s, at least one
 * @param subjectNames   allowed subject names as {@link Glob}s, at least one
 * @param notBefore      start of validity, inclusive
 * @param notAfter       end of validity, inclusive
 * @param maxPathLength  how many more delegation levels may follow, 0 or more
 */
public record Scope(List<Glob> predicateTypes, List<Glob> subjectNames, Instant notBefore, Instant notAfter,
        int maxPathLength) {
    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code VALIDATION_FAILED} listing every bad field
     */
    public Scope {
        Objects.requireNonNull(predicateTypes, "predicateTypes");
        Objects.requireNonNull(subjectNames, "subjectNames");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Validation.of(AttestationComponent.NAME)
                .require(!predicateTypes.isEmpty(), "predicateTypes", "must allow at least one pattern")
                .require(!subjectNames.isEmpty(), "subjectNames", "must allow at least one pattern")
                .require(!notAfter.isBefore(notBefore), "notAfter",
                        "must not be before notBefore (" + notBefore + "), was " + notAfter)
                .require(maxPathLength >= 0, "maxPathLength", "must be 0 or more, was " + maxPathLength)
                .throwIfInvalid();
        predicateTypes = List.copyOf(predicateTypes);
        subjectNames = List.copyOf(subjectNames);
    }

    /** A scope from pattern strings. */
    public static Scope of(List<String> predicateTypes, List<String> subjectNames, Instant notBefore,
            Instant notAfter, int maxPathLength) {
        return new Scope(predicateTypes.stream().map(Glob::of).toList(),
                subjectNames.stream().map(Glob::of).toList(), notBefore, notAfter, maxPathLength);
    }

    /** Whether {@code at} lies within the validity window. */
    public boolean isValidAt(Instant at) {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }

    /** Whether some predicate type pattern matches {@code predicateType}. */
    public boolean allowsPredicateType(String predicateType) {
        return predicateTypes.stream().anyMatch(glob -> glob.matches(predicateType));
    }

    /** Whether some subject name pattern matches {@code subjectName}. */
    public boolean allowsSubjectName(String subjectName) {
        return subjectNames.stream().anyMatch(glob -> glob.matches(subjectName));
    }
}
