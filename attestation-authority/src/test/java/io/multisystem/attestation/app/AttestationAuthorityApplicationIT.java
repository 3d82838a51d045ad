package io.multisystem.attestation.app;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.multisystem.attestation.v1.AttestationServiceGrpc;
import io.multisystem.attestation.v1.DelegateRequest;
import io.multisystem.attestation.v1.GetCheckpointRequest;
import io.multisystem.attestation.v1.IssueRequest;
import io.multisystem.attestation.v1.IssueResponse;
import io.multisystem.attestation.v1.Issuer;
import io.multisystem.attestation.v1.RegisterRootRequest;
import io.multisystem.attestation.v1.RevokeRequest;
import io.multisystem.attestation.v1.Scope;
import io.multisystem.attestation.v1.SignedCheckpoint;
import io.multisystem.attestation.v1.TransparencyLogServiceGrpc;
import io.multisystem.attestation.v1.Verdict;
import io.multisystem.attestation.v1.VerifyPolicy;
import io.multisystem.attestation.v1.VerifyRequest;
import io.multisystem.attestation.cli.AttestationAuthorityCli;
import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.ServiceProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it-${random.uuid}"})
class AttestationAuthorityApplicationIT {
    @Autowired
    WebServerApplicationContext context;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health",
                "io.multisystem.attestation.v1.AttestationService",
                "io.multisystem.attestation.v1.TransparencyLogService");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"attestation-authority\"");
    }

    @Test
    void issuesAndVerifiesOverTheNetworkAndCountsItInPrometheus() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", probe.grpcPort()).usePlaintext().build();
        try {
            var service = AttestationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            Scope wide = scope("*", "*", 3);
            Issuer root = service.registerRoot(RegisterRootRequest.newBuilder().setScope(wide).build());
            Issuer ci = service.delegate(DelegateRequest.newBuilder().setParentKeyId(root.getKeyId())
                    .setScope(scope("https://slsa.dev/provenance/v1", "pkg:oci/*", 0)).build());
            String name = "pkg:oci/app-" + UUID.randomUUID();
            String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name
                    + "\",\"digest\":{\"sha256\":\"" + "ab".repeat(32) + "\"}}],"
                    + "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{\"builder\":\"ci\"}}";

            IssueResponse issued = service.issue(IssueRequest.newBuilder().setStatementJson(statement)
                    .addSignerKeyIds(ci.getKeyId()).build());
            Verdict verdict = service.verify(VerifyRequest.newBuilder().setEnvelopeJson(issued.getEnvelopeJson())
                    .setPolicy(VerifyPolicy.newBuilder().setRequireInclusionProof(true)).build());
            Verdict tampered = service.verify(VerifyRequest.newBuilder()
                    .setEnvelopeJson(issued.getEnvelopeJson().replace("\"sig\":\"", "\"sig\":\"AAAA")).build());
            SignedCheckpoint checkpoint = TransparencyLogServiceGrpc.newBlockingStub(channel)
                    .getCheckpoint(GetCheckpointRequest.getDefaultInstance());

            assertThat(verdict.getValid()).isTrue();
            assertThat(verdict.getReasonsList()).isEmpty();
            assertThat(verdict.getAttestationId()).isEqualTo(issued.getAttestationId());
            assertThat(tampered.getValid()).isFalse();
            assertThat(tampered.getReasonsList()).containsExactly("SIGNATURE_INVALID");
            assertThat(checkpoint.getTreeSize()).isGreaterThan(issued.getLogIndex());
            String metrics = probe.httpGet("/actuator/prometheus");
            assertThat(metrics).contains("attestation_issued_total").contains("verdict=\"VALID\"")
                    .contains("verdict=\"SIGNATURE_INVALID\"").contains("attestation_log_size");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void cliStatusAsksTheServerAndSeesARevocationMadeThere() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", probe.grpcPort()).usePlaintext().build();
        try {
            var service = AttestationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            Issuer root = service.registerRoot(RegisterRootRequest.newBuilder().setScope(scope("*", "*", 1)).build());
            String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"pkg:oci/s-"
                    + UUID.randomUUID() + "\",\"digest\":{\"sha256\":\"" + "cd".repeat(32) + "\"}}],"
                    + "\"predicateType\":\"https://example.com/approval/v1\",\"predicate\":{}}";
            IssueResponse issued = service.issue(IssueRequest.newBuilder().setStatementJson(statement)
                    .addSignerKeyIds(root.getKeyId()).build());
            String server = "127.0.0.1:" + probe.grpcPort();

            CliHarness.Result before = CliHarness.run(AttestationAuthorityCli::commandLine, "status",
                    "--server", server, "--attestation", issued.getAttestationId(), "--output", "json");
            service.revoke(RevokeRequest.newBuilder().setAttestationId(issued.getAttestationId())
                    .setReason("keyCompromise").build());
            CliHarness.Result after = CliHarness.run(AttestationAuthorityCli::commandLine, "status",
                    "--server", server, "--attestation", issued.getAttestationId(), "--output", "json");
            CliHarness.Result unknown = CliHarness.run(AttestationAuthorityCli::commandLine, "status",
                    "--server", server, "--attestation", "no-such-attestation");

            assertThat(before.exitCode()).isZero();
            assertThat(before.out()).contains("\"revoked\" : false");
            assertThat(after.exitCode()).isZero();
            assertThat(after.out()).contains("\"revoked\" : true");
            assertThat(unknown.exitCode()).isNotZero();
            assertThat(unknown.err()).contains("no-such-attestation");
        } finally {
            channel.shutdownNow();
        }
    }

    private static Scope scope(String predicate, String subject, int pathLength) {
        return Scope.newBuilder().addPredicateTypes(predicate).addSubjectNames(subject)
                .setNotBefore(Timestamp.newBuilder().setSeconds(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond()))
                .setNotAfter(Timestamp.newBuilder().setSeconds(Instant.parse("2099-01-01T00:00:00Z").getEpochSecond()))
                .setMaxPathLength(pathLength).build();
    }
}
