package io.multisystem.attestation.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.authority.AuthorityOptions;
import io.multisystem.attestation.keys.KeyEncryptionKey;
import io.multisystem.attestation.log.MerkleVerifier;
import io.multisystem.attestation.log.TreeHasher;
import io.multisystem.attestation.store.Database;
import io.multisystem.attestation.v1.AttestationServiceGrpc;
import io.multisystem.attestation.v1.DelegateRequest;
import io.multisystem.attestation.v1.GetCheckpointRequest;
import io.multisystem.attestation.v1.GetEntriesRequest;
import io.multisystem.attestation.v1.GetInclusionProofRequest;
import io.multisystem.attestation.v1.IssueRequest;
import io.multisystem.attestation.v1.RegisterRootRequest;
import io.multisystem.attestation.v1.RevokeRequest;
import io.multisystem.attestation.v1.Scope;
import io.multisystem.attestation.v1.TransparencyLogServiceGrpc;
import io.multisystem.attestation.v1.VerifyBatchRequest;
import io.multisystem.core.testing.FakeClock;
import io.multisystem.core.testing.InProcessGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttestationGrpcServiceTest {
    @TempDir
    Path directory;
    Database database;
    Authority authority;
    InProcessGrpc grpc;
    AttestationServiceGrpc.AttestationServiceBlockingStub service;
    TransparencyLogServiceGrpc.TransparencyLogServiceBlockingStub log;

    @BeforeEach
    void start() {
        database = Database.embedded(directory);
        authority = Authority.open(database, KeyEncryptionKey.of(new byte[32]),
                AuthorityOptions.defaults().withPollInterval(Duration.ZERO),
                new FakeClock(Instant.parse("2026-06-01T00:00:00Z")));
        AuthorityMetrics metrics = new AuthorityMetrics(new SimpleMeterRegistry(), authority);
        grpc = InProcessGrpc.start(new AttestationGrpcService(authority, metrics),
                new TransparencyLogGrpcService(authority));
        service = AttestationServiceGrpc.newBlockingStub(grpc.channel());
        log = TransparencyLogServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() {
        grpc.close();
        authority.close();
        database.close();
    }

    @Test
    void issueThenVerifyBatchRevokeAndProveThroughTheApi() {
        var root = service.registerRoot(RegisterRootRequest.newBuilder().setScope(scope("*", "*", 1)).build());
        var ci = service.delegate(DelegateRequest.newBuilder().setParentKeyId(root.getKeyId())
                .setScope(scope("https://slsa.dev/*", "pkg:*", 0)).build());
        var issued = service.issue(IssueRequest.newBuilder().setStatementJson(statement("pkg:oci/a"))
                .addSignerKeyIds(ci.getKeyId()).build());

        var batch = service.verifyBatch(VerifyBatchRequest.newBuilder().addEnvelopeJson(issued.getEnvelopeJson())
                .addEnvelopeJson("{broken").build());
        service.revoke(RevokeRequest.newBuilder().setAttestationId(issued.getAttestationId())
                .setReason("superseded").build());
        var status = service.getStatus(io.multisystem.attestation.v1.GetStatusRequest.newBuilder()
                .setAttestationId(issued.getAttestationId()).build());
        var checkpoint = log.getCheckpoint(GetCheckpointRequest.getDefaultInstance());
        var proof = log.getInclusionProof(GetInclusionProofRequest.newBuilder()
                .setAttestationId(issued.getAttestationId()).build());
        var entry = log.getEntries(GetEntriesRequest.newBuilder().setStart(proof.getLeafIndex()).setCount(1).build());

        assertThat(batch.getVerdicts(0).getValid()).isTrue();
        assertThat(batch.getVerdicts(1).getReasonsList()).containsExactly("MALFORMED_ENVELOPE");
        assertThat(status.getRevoked()).isTrue();
        assertThat(status.getRevocation().getReasonCode()).isEqualTo(4);
        assertThat(checkpoint.getTreeSize()).isEqualTo(4);
        assertThat(MerkleVerifier.verifyInclusion(proof.getLeafIndex(), proof.getTreeSize(),
                TreeHasher.hashLeaf(entry.getEntries(0).getData().toByteArray()),
                proof.getHashesList().stream().map(b -> b.toByteArray()).toList(),
                checkpoint.getRootHash().toByteArray()).isValid()).isTrue();
    }

    @Test
    void badInputIsInvalidArgumentWithItsCodeAndNothingIsLogged() {
        long before = authority.logSize();

        assertThatThrownBy(() -> service.issue(IssueRequest.newBuilder().setStatementJson("{\"_type\":1}")
                .addSignerKeyIds("ab".repeat(32)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(io.multisystem.core.grpc.GrpcErrors.toPlatformException(e).code()).isEqualTo("STATEMENT_INVALID");
                });
        assertThatThrownBy(() -> service.delegate(DelegateRequest.newBuilder().setParentKeyId("not-hex")
                .setScope(scope("*", "*", 0)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> log.getInclusionProof(GetInclusionProofRequest.newBuilder().setLeafIndex(0)
                .setTreeSize(99).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(authority.logSize()).isEqualTo(before);
    }

    private static String statement(String name) {
        return "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name
                + "\",\"digest\":{\"sha256\":\"" + "ef".repeat(32) + "\"}}],\"predicateType\":"
                + "\"https://slsa.dev/provenance/v1\"}";
    }

    private static Scope scope(String predicate, String subject, int pathLength) {
        return Scope.newBuilder().addPredicateTypes(predicate).addSubjectNames(subject)
                .setNotBefore(Timestamp.newBuilder().setSeconds(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()))
                .setNotAfter(Timestamp.newBuilder().setSeconds(Instant.parse("2030-01-01T00:00:00Z").getEpochSecond()))
                .setMaxPathLength(pathLength).build();
    }
}
