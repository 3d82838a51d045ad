package io.multisystem.attestation.authority;

import io.multisystem.attestation.keys.KeyId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a verification asks for.
 *
 * @param at              the time to verify at; empty = the authority's current time
 * @param threshold       how many distinct allowed keys must sign validly (k of n), at least 1
 * @param allowedKeys     the n keys of a "k of these keys" policy; empty = any key with a valid chain
 * @param requireProof    whether an inclusion proof in the log must also verify
 */
public record VerifyPolicy(Optional<Instant> at, int threshold, Set<KeyId> allowedKeys, boolean requireProof) {
    public VerifyPolicy {
        Objects.requireNonNull(at, "at");
        allowedKeys = Set.copyOf(allowedKeys);
        if (threshold < 1 || (!allowedKeys.isEmpty() && threshold > allowedKeys.size())) {
            throw new io.multisystem.core.error.InvalidInputException(
                    io.multisystem.attestation.AttestationComponent.NAME, "THRESHOLD_INVALID",
                    "threshold must be between 1 and the number of allowed keys (" + allowedKeys.size() + "), was "
                            + threshold);
        }
    }

    /** One valid signature by any chained key, now, no proof. */
    public static VerifyPolicy defaults() {
        return new VerifyPolicy(Optional.empty(), 1, Set.of(), false);
    }

    public VerifyPolicy at(Instant time) {
        return new VerifyPolicy(Optional.of(time), threshold, allowedKeys, requireProof);
    }

    public VerifyPolicy withProof() {
        return new VerifyPolicy(at, threshold, allowedKeys, true);
    }

    public VerifyPolicy threshold(int k, Set<KeyId> keys) {
        return new VerifyPolicy(at, k, keys, requireProof);
    }
}
