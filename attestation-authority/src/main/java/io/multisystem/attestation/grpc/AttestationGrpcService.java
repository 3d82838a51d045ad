package io.multisystem.attestation.grpc;

import io.grpc.stub.StreamObserver;
import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.authority.AttestationRecord;
import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.authority.IssuedAttestation;
import io.multisystem.attestation.authority.RevocationReason;
import io.multisystem.attestation.authority.RevocationRecord;
import io.multisystem.attestation.authority.RevocationTarget;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.v1.AttestationServiceGrpc;
import io.multisystem.attestation.v1.AttestationStatus;
import io.multisystem.attestation.v1.DelegateRequest;
import io.multisystem.attestation.v1.ExportStatusListRequest;
import io.multisystem.attestation.v1.GetStatusRequest;
import io.multisystem.attestation.v1.IssueRequest;
import io.multisystem.attestation.v1.IssueResponse;
import io.multisystem.attestation.v1.Issuer;
import io.multisystem.attestation.v1.RegisterRootRequest;
import io.multisystem.attestation.v1.Revocation;
import io.multisystem.attestation.v1.RevokeRequest;
import io.multisystem.attestation.v1.StatusList;
import io.multisystem.attestation.v1.Verdict;
import io.multisystem.attestation.v1.VerifyBatchRequest;
import io.multisystem.attestation.v1.VerifyBatchResponse;
import io.multisystem.attestation.v1.VerifyRequest;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.grpc.GrpcErrors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code io.multisystem.attestation.v1.AttestationService} over an {@link Authority}. */
public final class AttestationGrpcService extends AttestationServiceGrpc.AttestationServiceImplBase {
    private static final int MAX_BATCH = 1000;
    private final Authority authority;
    private final AuthorityMetrics metrics;

    public AttestationGrpcService(Authority authority, AuthorityMetrics metrics) {
        this.authority = authority;
        this.metrics = metrics;
    }

    @Override
    public void registerRoot(RegisterRootRequest request, StreamObserver<Issuer> responses) {
        respond(responses, () -> {
            requireScope(request.hasScope());
            Issuer issuer = ProtoMapping.issuer(authority.registerRoot(ProtoMapping.keySource(request.getKey()),
                    ProtoMapping.scope(request.getScope(), "scope")));
            metrics.issuerRegistered();
            return issuer;
        });
    }

    @Override
    public void delegate(DelegateRequest request, StreamObserver<Issuer> responses) {
        respond(responses, () -> {
            requireScope(request.hasScope());
            Issuer issuer = ProtoMapping.issuer(authority.delegate(KeyId.parse(request.getParentKeyId()),
                    ProtoMapping.keySource(request.getKey()), ProtoMapping.scope(request.getScope(), "scope")));
            metrics.issuerRegistered();
            return issuer;
        });
    }

    @Override
    public void issue(IssueRequest request, StreamObserver<IssueResponse> responses) {
        respond(responses, () -> metrics.issueTimer().record(() -> {
            Statement statement = Statement.parse(request.getStatementJson());
            List<KeyId> signers = request.getSignerKeyIdsList().stream().map(KeyId::parse).toList();
            IssuedAttestation issued = authority.issue(new io.multisystem.attestation.authority.IssueRequest(
                    statement, signers, request.hasNotAfter() ? Optional.of(ProtoMapping.instant(request.getNotAfter()))
                            : Optional.empty()));
            metrics.issued(1);
            AttestationRecord record = issued.record();
            return IssueResponse.newBuilder().setAttestationId(record.id())
                    .setEnvelopeJson(EnvelopeJson.write(issued.envelope())).setLogIndex(record.logIndex())
                    .setStatusIndex(record.statusIndex()).setLoggedAt(ProtoMapping.timestamp(record.loggedAt()))
                    .build();
        }));
    }

    @Override
    public void verify(VerifyRequest request, StreamObserver<Verdict> responses) {
        respond(responses, () -> verifyOne(request.getEnvelopeJson(),
                ProtoMapping.policy(request.getPolicy())));
    }

    @Override
    public void verifyBatch(VerifyBatchRequest request, StreamObserver<VerifyBatchResponse> responses) {
        respond(responses, () -> {
            if (request.getEnvelopeJsonCount() > MAX_BATCH) {
                throw new InvalidInputException(AttestationComponent.NAME, "BATCH_TOO_LARGE", "verify at most "
                        + MAX_BATCH + " envelopes per call, got " + request.getEnvelopeJsonCount());
            }
            var policy = ProtoMapping.policy(request.getPolicy());
            List<Verdict> verdicts = new ArrayList<>();
            for (String envelope : request.getEnvelopeJsonList()) {
                verdicts.add(verifyOne(envelope, policy));
            }
            return VerifyBatchResponse.newBuilder().addAllVerdicts(verdicts).build();
        });
    }

    private Verdict verifyOne(String envelopeJson, io.multisystem.attestation.authority.VerifyPolicy policy) {
        io.multisystem.attestation.authority.Verdict verdict = metrics.verifyTimer().record(() ->
                authority.verify(envelopeJson.getBytes(StandardCharsets.UTF_8), policy));
        metrics.verified(verdict.valid(), verdict.reasons().isEmpty() ? "" : verdict.reasons().get(0).name());
        return ProtoMapping.verdict(verdict);
    }

    @Override
    public void revoke(RevokeRequest request, StreamObserver<Revocation> responses) {
        respond(responses, () -> {
            RevocationTarget target;
            String id;
            switch (request.getTargetCase()) {
                case ATTESTATION_ID -> {
                    target = RevocationTarget.ATTESTATION;
                    id = request.getAttestationId();
                }
                case KEY_ID -> {
                    target = RevocationTarget.KEY;
                    id = request.getKeyId();
                }
                default -> throw new InvalidInputException(AttestationComponent.NAME, "REVOCATION_TARGET_INVALID",
                        "set attestation_id or key_id");
            }
            RevocationRecord record = authority.revoke(target, id, RevocationReason.parse(request.getReason().isEmpty()
                            ? "unspecified" : request.getReason()),
                    request.hasEffectiveAt() ? Optional.of(ProtoMapping.instant(request.getEffectiveAt()))
                            : Optional.empty());
            metrics.revoked(target.jsonName());
            return ProtoMapping.revocation(record);
        });
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<AttestationStatus> responses) {
        respond(responses, () -> {
            var status = authority.status(request.getAttestationId());
            AttestationStatus.Builder out = AttestationStatus.newBuilder()
                    .setAttestationId(status.record().id()).setRevoked(status.isRevoked())
                    .setLogIndex(status.record().logIndex()).setStatusIndex(status.record().statusIndex())
                    .setLoggedAt(ProtoMapping.timestamp(status.record().loggedAt()));
            status.revocation().ifPresent(r -> out.setRevocation(ProtoMapping.revocation(r)));
            status.keyRevocation().ifPresent(r -> out.setKeyRevocation(ProtoMapping.revocation(r)));
            return out.build();
        });
    }

    @Override
    public void exportStatusList(ExportStatusListRequest request, StreamObserver<StatusList> responses) {
        respond(responses, () -> StatusList.newBuilder().setCredentialJson(authority.exportStatusList()).build());
    }

    private static void requireScope(boolean present) {
        if (!present) {
            throw new InvalidInputException(AttestationComponent.NAME, "SCOPE_INVALID", "scope is required");
        }
    }

    static <T> void respond(StreamObserver<T> responses, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            responses.onError(GrpcErrors.toStatusException(e));
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }
}
