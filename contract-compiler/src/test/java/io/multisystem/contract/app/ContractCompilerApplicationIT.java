package io.multisystem.contract.app;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.multisystem.contract.v1.AuthorizeRequest;
import io.multisystem.contract.v1.AuthorizeResponse;
import io.multisystem.contract.v1.AuthzRequest;
import io.multisystem.contract.v1.ContractServiceGrpc;
import io.multisystem.contract.v1.Decision;
import io.multisystem.contract.v1.EntityRef;
import io.multisystem.contract.v1.Source;
import io.multisystem.core.testing.ServiceProbe;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it"})
class ContractCompilerApplicationIT {
    @Autowired
    WebServerApplicationContext context;
    @Autowired
    Environment environment;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health", "io.multisystem.contract.v1.ContractService");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"contract-compiler\"");
    }

    @Test
    void authorizesOverTheNetworkAndCountsDecisionsInPrometheus() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", probe.grpcPort()).usePlaintext().build();
        try {
            var stub = ContractServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            String policies = "permit(principal in Group::\"admins\", action == Action::\"read\", resource)\n"
                    + "  when { context.mfa == true };\n"
                    + "forbid(principal, action, resource) when { resource.secret };\n";
            String entities = "[{\"uid\":{\"type\":\"User\",\"id\":\"alice\"},\"attrs\":{},\"parents\":[{\"type\":\"Group\",\"id\":\"admins\"}]},"
                    + "{\"uid\":{\"type\":\"Doc\",\"id\":\"d1\"},\"attrs\":{\"secret\":false},\"parents\":[]}]";
            AuthzRequest req = AuthzRequest.newBuilder().setPrincipal(ref("User", "alice")).setAction(ref("Action", "read"))
                    .setResource(ref("Doc", "d1")).setContextJson("{\"mfa\": true}").build();

            AuthorizeResponse allow = stub.authorize(AuthorizeRequest.newBuilder()
                    .setSource(Source.newBuilder().setName("it.cedar").setText(policies))
                    .setEntitiesJson(entities).setRequest(req).build());
            AuthorizeResponse deny = stub.authorize(AuthorizeRequest.newBuilder()
                    .setSource(Source.newBuilder().setName("it.cedar").setText(policies))
                    .setEntitiesJson(entities).setRequest(req.toBuilder().setContextJson("{\"mfa\": false}")).build());

            AuthorizeResponse wasmAllow = stub.authorize(AuthorizeRequest.newBuilder()
                    .setSource(Source.newBuilder().setName("it.cedar").setText(policies))
                    .setBackend(io.multisystem.contract.v1.Backend.BACKEND_WASM)
                    .setEntitiesJson(entities).setRequest(req).build());

            assertThat(allow.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
            assertThat(allow.getReasonsList()).containsExactly("policy0");
            assertThat(wasmAllow.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
            assertThat(wasmAllow.getReasonsList()).containsExactly("policy0");
            assertThat(deny.getDecision()).isEqualTo(Decision.DECISION_DENY);
            assertThat(deny.getNotAppliedList()).extracting(n -> n.getReason()).containsExactly("condition 1 is not met");
            assertThatThrownBy(() -> stub.authorize(AuthorizeRequest.newBuilder()
                    .setSource(Source.newBuilder().setName("bad.cedar").setText("permit(principal, action"))
                    .setRequest(req).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
            assertThat(probe.httpGet("/actuator/prometheus"))
                    .contains("contract_decisions_total{backend=\"jvm\",decision=\"allow\"")
                    .contains("contract_decisions_total{backend=\"wasm\",decision=\"allow\"")
                    .contains("contract_compilations_total");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void analyzesOverTheNetworkWithAConfirmedCounterexample() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.multisystem.contract.analysis.Z3Runtime.available(),
                () -> "skipped: " + io.multisystem.contract.analysis.Z3Runtime.unavailableReason());
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", probe.grpcPort()).usePlaintext().build();
        try {
            var stub = ContractServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
            var resp = stub.analyze(io.multisystem.contract.v1.AnalyzeRequest.newBuilder()
                    .setSource(Source.newBuilder().setName("a.cedar").setText(
                            "permit(principal in Group::\"admins\", action, resource);\n"
                            + "forbid(principal, action, resource) when { resource.secret };\n"))
                    .addChecks("always-allows").addChecks("conflicts").addChecks("dead-rules").build());

            assertThat(resp.getResults(0).getVerdict()).isEqualTo(io.multisystem.contract.v1.Verdict.VERDICT_VIOLATED);
            assertThat(resp.getResults(0).getExample().getConfirmed()).isTrue();
            assertThat(resp.getResults(1).getFindingsList()).singleElement()
                    .satisfies(f -> assertThat(f.getWitness().getConfirmed()).isTrue());
            assertThat(resp.getResults(2).getVerdict()).isEqualTo(io.multisystem.contract.v1.Verdict.VERDICT_HOLDS);
            assertThat(probe.httpGet("/actuator/prometheus"))
                    .contains("contract_analysis_checks_total{check=\"always-allows\"");
        } finally {
            channel.shutdownNow();
        }
    }

    private static EntityRef ref(String type, String id) {
        return EntityRef.newBuilder().setType(type).setId(id).build();
    }
}
