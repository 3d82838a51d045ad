package io.multisystem.contract.eval;

import java.util.List;

/**
 * An authorization decision with its explanation: the determining policies ({@code reasons}), the policies whose
 * evaluation errored (skipped), and, for a deny without a matching forbid, why each permit did not apply.
 */
public record Response(Decision decision, List<String> reasons, List<PolicyError> errors, List<NotApplied> notApplied) {
    public enum Decision { ALLOW, DENY }

    public record PolicyError(String policyId, String message) {
    }

    /** A permit that did not apply: which scope part or which condition (1-based index and source location) failed. */
    public record NotApplied(String policyId, String reason, String location) {
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }
}
