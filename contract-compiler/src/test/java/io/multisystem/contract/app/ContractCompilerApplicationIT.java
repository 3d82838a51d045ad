package io.multisystem.contract.app;

import io.multisystem.core.testing.ServiceProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"contract-compiler\"");
    }
}
