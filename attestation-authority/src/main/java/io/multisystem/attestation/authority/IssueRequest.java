package io.multisystem.attestation.authority;

import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.keys.KeyId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to issue an attestation.
 *
 * @param statement the in-toto statement to sign
 * @param signers   issuer keys (held by the authority) that sign it, at least one, distinct
 * @param notAfter  optional end of validity
 */
public record IssueRequest(Statement statement, List<KeyId> signers, Optional<Instant> notAfter) {
    public IssueRequest {
        Objects.requireNonNull(statement, "statement");
        signers = List.copyOf(signers);
        Objects.requireNonNull(notAfter, "notAfter");
    }
}
