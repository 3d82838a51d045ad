package io.multisystem.attestation.authority;

import io.multisystem.attestation.dsse.Envelope;

/**
 * An attestation the authority issued and logged.
 *
 * @param record   its stored record (id, status index, log index and time)
 * @param envelope the signed DSSE envelope
 */
public record IssuedAttestation(AttestationRecord record, Envelope envelope) {
}
