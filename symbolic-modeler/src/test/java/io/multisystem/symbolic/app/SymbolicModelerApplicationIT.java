package io.multisystem.symbolic.app;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.symbolic.v1.ProveEqualRequest;
import io.multisystem.symbolic.v1.ProveEqualResponse;
import io.multisystem.symbolic.v1.SymbolicServiceGrpc;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it"})
class SymbolicModelerApplicationIT {
    @Autowired
    WebServerApplicationContext context;
    @Autowired
    Environment environment;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"symbolic-modeler\"");
    }

    @Test
    void provesAnEqualityOverTheNetworkAndCountsItInPrometheus() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", probe.grpcPort()).usePlaintext().build();
        try {
            ProveEqualResponse response = SymbolicServiceGrpc.newBlockingStub(channel).proveEqual(ProveEqualRequest.newBuilder()
                    .setLhs("(* (+ x 3) (+ x 1))").setRhs("(+ (+ (* x x) (* 4 x)) 3)").addRuleSets("arithmetic").build());

            assertThat(response.getStatus()).isEqualTo(ProveEqualResponse.Status.PROVED);
            assertThat(response.getProofChecked()).isTrue();
            assertThat(response.getProofDetailList()).isNotEmpty().allSatisfy(d -> assertThat(d.hasBefore()).isTrue());

            ProveEqualResponse canonical = SymbolicServiceGrpc.newBlockingStub(channel).proveEqual(ProveEqualRequest.newBuilder()
                    .setLhs("(a+b)^5").setRhs("(a+b)^2*(b+a)^3").addRuleSets("arithmetic")
                    .setLimits(io.multisystem.symbolic.v1.Limits.newBuilder().setIterations(1)).build());
            assertThat(canonical.getMethod()).isEqualTo("canonical-form");
            assertThat(canonical.getProofChecked()).isTrue();
            assertThat(canonical.getProofDetailList()).extracting(d -> d.getRule()).contains("canonical-power");
        } finally {
            channel.shutdownNow();
        }
        String metrics = probe.httpGet("/actuator/prometheus");
        assertThat(metrics).contains("symbolic_requests_total{").contains("rpc=\"ProveEqual\"")
                .contains("symbolic_proofs_total{").contains("symbolic_request_seconds");
    }
}
