package io.multisystem.attestation.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.authority.IssuerRecord;
import io.multisystem.attestation.authority.KeySource;
import io.multisystem.attestation.authority.RevocationRecord;
import io.multisystem.attestation.authority.VerdictReason;
import io.multisystem.attestation.delegation.Glob;
import io.multisystem.attestation.delegation.Scope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.v1.Issuer;
import io.multisystem.attestation.v1.KeyMaterial;
import io.multisystem.attestation.v1.Revocation;
import io.multisystem.attestation.v1.Verdict;
import io.multisystem.attestation.v1.VerifyPolicy;
import io.multisystem.core.crypto.Pem;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Translations between the attestation protos and the domain, both ways. Stateless. */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Scope scope(io.multisystem.attestation.v1.Scope scope, String field) {
        if (!scope.hasNotBefore() || !scope.hasNotAfter()) {
            throw new InvalidInputException(AttestationComponent.NAME, "SCOPE_INVALID",
                    field + ".not_before and " + field + ".not_after are required");
        }
        return Scope.of(scope.getPredicateTypesList(), scope.getSubjectNamesList(), instant(scope.getNotBefore()),
                instant(scope.getNotAfter()), scope.getMaxPathLength());
    }

    static io.multisystem.attestation.v1.Scope scope(Scope scope) {
        return io.multisystem.attestation.v1.Scope.newBuilder()
                .addAllPredicateTypes(scope.predicateTypes().stream().map(Glob::pattern).toList())
                .addAllSubjectNames(scope.subjectNames().stream().map(Glob::pattern).toList())
                .setNotBefore(timestamp(scope.notBefore())).setNotAfter(timestamp(scope.notAfter()))
                .setMaxPathLength(scope.maxPathLength()).build();
    }

    static KeySource keySource(KeyMaterial key) {
        try {
            switch (key.getSourceCase()) {
                case PRIVATE_KEY_PEM:
                    return KeySource.importPrivate(Pem.readPrivateKey(key.getPrivateKeyPem()));
                case PUBLIC_KEY_PEM:
                    return KeySource.publicOnly(Pem.readPublicKey(key.getPublicKeyPem()));
                default:
                    return KeySource.generate();
            }
        } catch (PlatformException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "KEY_INVALID",
                    "the key is not an Ed25519 key in PEM (PKCS#8 private or SPKI public): " + e.getMessage());
        }
    }

    static Issuer issuer(IssuerRecord record) {
        return Issuer.newBuilder()
                .setKeyId(record.key().value())
                .setPublicKeyPem(Pem.writePublicKey(record.grant().delegatePublicKey()))
                .setParentKeyId(record.isRoot() ? "" : record.grant().issuer().value())
                .setDepth(record.depth())
                .setScope(scope(record.grant().scope()))
                .setGrantEnvelopeJson(EnvelopeJson.write(record.grantEnvelope()))
                .setLogIndex(record.logIndex())
                .build();
    }

    static Revocation revocation(RevocationRecord record) {
        return Revocation.newBuilder()
                .setSeq(record.seq())
                .setTargetKind(record.target().jsonName())
                .setTargetId(record.targetId())
                .setReason(record.reason().rfcName())
                .setReasonCode(record.reason().code())
                .setEffectiveAt(timestamp(record.effectiveAt()))
                .setRevokedAt(timestamp(record.revokedAt()))
                .setLogIndex(record.logIndex())
                .build();
    }

    static io.multisystem.attestation.authority.VerifyPolicy policy(VerifyPolicy policy) {
        Set<KeyId> keys = new LinkedHashSet<>();
        for (String key : policy.getAllowedKeyIdsList()) {
            keys.add(KeyId.parse(key));
        }
        return new io.multisystem.attestation.authority.VerifyPolicy(
                policy.hasAt() ? Optional.of(instant(policy.getAt())) : Optional.empty(),
                policy.getThreshold() == 0 ? 1 : policy.getThreshold(), keys, policy.getRequireInclusionProof());
    }

    static Verdict verdict(io.multisystem.attestation.authority.Verdict verdict) {
        return Verdict.newBuilder()
                .setValid(verdict.valid())
                .addAllReasons(verdict.reasons().stream().map(VerdictReason::name).toList())
                .addAllDetails(verdict.details())
                .setAttestationId(verdict.attestationId())
                .addAllVerifiedSigners(verdict.verifiedSigners())
                .setLogIndex(verdict.logIndex())
                .build();
    }

    static ByteString bytes(byte[] data) {
        return ByteString.copyFrom(data);
    }
}
