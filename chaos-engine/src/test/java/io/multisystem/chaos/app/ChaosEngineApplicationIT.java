package io.multisystem.chaos.app;

import io.multisystem.core.testing.ServiceProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it",
                "multisystem.chaos.proxy-api.port=0"})
class ChaosEngineApplicationIT {
    @Autowired
    WebServerApplicationContext context;
    @Autowired
    Environment environment;
    @Autowired
    io.multisystem.chaos.toxiproxy.ToxiproxyServer toxiproxy;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"chaos-engine\"");
    }

    @Test
    void servesTheToxiproxyCompatibleApiOnTheBindAddress() throws Exception {
        eu.rekawek.toxiproxy.ToxiproxyClient client = new eu.rekawek.toxiproxy.ToxiproxyClient("127.0.0.1",
                toxiproxy.apiPort());

        assertThat(toxiproxy.apiAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(client.version()).isNotBlank();
        var proxy = client.createProxy("it-proxy", "127.0.0.1:0", "127.0.0.1:9");
        try {
            assertThat(client.getProxies()).extracting(eu.rekawek.toxiproxy.Proxy::getName).contains("it-proxy");
        } finally {
            proxy.delete();
        }
    }
}
