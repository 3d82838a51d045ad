package io.multisystem.attestation.delegation;

import java.util.Objects;

/**
 * One reason a scope check failed.
 *
 * @param reason the stable code
 * @param detail a sentence saying which link and which field, and what would be accepted
 */
public record ScopeViolation(ScopeReason reason, String detail) {
    public ScopeViolation {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
