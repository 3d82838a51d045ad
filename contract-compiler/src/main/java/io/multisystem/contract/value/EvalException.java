package io.multisystem.contract.value;

/** A Cedar evaluation error (type error, missing attribute, overflow, bad extension argument): the policy is skipped. */
public final class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message, null, false, false);
    }
}
