package io.multisystem.chaos.app;

import io.multisystem.core.testing.ServiceProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.multisystem.chaos.v1.ChaosServiceGrpc;
import io.multisystem.chaos.v1.RunEvent;
import io.multisystem.chaos.v1.RunRequest;
import io.multisystem.core.testing.CliHarness;
import io.multisystem.chaos.cli.ChaosEngineCli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it",
                "multisystem.chaos.proxy-api.port=0",
                // nothing listens on port 1: cgroup actions must be refused, not written to the cgroup tree
                "multisystem.chaos.experiments.kernel-agent=127.0.0.1:1"})
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

    static final String EXPERIMENT = """
            title: latency on a declared proxy, over the network
            proxies: [{name: it-db, upstream: "127.0.0.1:9"}]
            steady-state-hypothesis:
              probes:
                - {type: probe, name: ok, provider: {type: command, command: ["true"]}, tolerance: 0}
                - {type: probe, name: self, provider: {type: grpc-health, target: "127.0.0.1:GRPC_PORT"}, tolerance: SERVING}
            method:
              - {type: action, name: slow, provider: {type: toxic, proxy: it-db, toxic: {type: latency, attributes: {latency: 10}}}}
            """;

    @Test
    void runsAnExperimentOverGrpcAndCountsItOnPrometheus() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", probe.grpcPort()).usePlaintext().build();
        List<RunEvent> events = new ArrayList<>();
        try {
            ChaosServiceGrpc.newBlockingStub(channel).run(RunRequest.newBuilder().setExperiment(EXPERIMENT.replace("GRPC_PORT", String.valueOf(probe.grpcPort()))).build())
                    .forEachRemaining(events::add);
        } finally {
            channel.shutdownNow();
        }

        RunEvent last = events.get(events.size() - 1);
        assertThat(last.getType()).isEqualTo("finished");
        assertThat(last.getStatus()).isEqualTo("completed");
        assertThat(events).extracting(RunEvent::getType).contains("fault-injected", "fault-reverted");
        assertThat(events).filteredOn(e -> e.getType().equals("hypothesis")).allMatch(RunEvent::getOk);
        assertThat(toxiproxy.proxies().findProxy("it-db")).isEmpty();
        String metrics = probe.httpGet("/actuator/prometheus");
        assertThat(metrics).contains("chaos_experiments_total{", "status=\"completed\"")
                .contains("chaos_faults_injected_total{", "kind=\"toxic\"")
                .contains("chaos_faults_reverted_total{")
                .contains("chaos_faults_active")
                .contains("chaos_proxy_bytes_total{")
                .contains("chaos_experiment_duration_seconds");
    }

    @Test
    void cliRunsAnExperimentOnTheServerWithServerFlag() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        Path file = Files.createTempFile("chaos-it", ".yaml");
        Files.writeString(file, EXPERIMENT.replace("it-db", "it-cli-db")
                .replace("GRPC_PORT", String.valueOf(probe.grpcPort())));

        CliHarness.Result result = CliHarness.run(ChaosEngineCli::commandLine, "run", file.toString(),
                "--server", "127.0.0.1:" + probe.grpcPort());
        CliHarness.Result faults = CliHarness.run(ChaosEngineCli::commandLine, "faults", "--output", "json",
                "--server", "127.0.0.1:" + probe.grpcPort());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("status: completed");
        assertThat(result.err()).contains("fault-injected");
        assertThat(faults.exitCode()).isZero();
        assertThat(faults.out()).contains("\"faults\" : [ ]");
        Files.deleteIfExists(file);
    }

    @Test
    void cgroupActionsGoThroughTheConfiguredKernelAgentAndAreRefusedWhenItIsDown() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        Process child = new ProcessBuilder("sleep", "300").start();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", probe.grpcPort()).usePlaintext().build();
        try {
            String experiment = """
                    title: throttle through the kernel agent
                    method:
                      - {type: action, name: t, provider: {type: cgroup, resource: cpu, limit: "0.5", selector: {pid: %d}}}
                    """.formatted(child.pid());
            io.grpc.StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    io.grpc.StatusRuntimeException.class, () -> ChaosServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
                            .run(RunRequest.newBuilder().setExperiment(experiment).build())
                            .forEachRemaining(event -> { }));

            assertThat(e).isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).contains("cloud-kernel-agent at 127.0.0.1:1 is unreachable");
        } finally {
            channel.shutdownNow();
            child.destroyForcibly();
        }
    }
}
