package io.multisystem.attestation.delegation;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of a scope check: allowed, or every violation found. Immutable.
 *
 * @param violations every problem, in chain order; empty exactly when allowed
 */
public record ScopeDecision(List<ScopeViolation> violations) {
    public ScopeDecision {
        violations = List.copyOf(violations);
    }

    public boolean isAllowed() {
        return violations.isEmpty();
    }

    /** The distinct reason codes. */
    public Set<ScopeReason> reasons() {
        return violations.stream().map(ScopeViolation::reason).collect(Collectors.toUnmodifiableSet());
    }
}
