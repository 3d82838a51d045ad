package io.multisystem.parallel.app;

import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.parallel.cli.ParallelFrameworkCli;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it"})
class ParallelFrameworkApplicationIT {
    @Autowired
    WebServerApplicationContext context;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health", "io.multisystem.parallel.v1.ParallelService");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"parallel-framework\"");
    }

    @Test
    void theCliRunsAJobOnTheServiceOverTheNetworkAndItIsMetered() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        String server = "127.0.0.1:" + probe.grpcPort();

        CliHarness.Result run = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "pi", "-p", "samples=100000",
                "--server", server, "--timeout", "60s", "--output", "json");
        CliHarness.Result bad = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "pi", "-p", "darts=3",
                "--server", server);
        CliHarness.Result missing = CliHarness.run(ParallelFrameworkCli::commandLine, "status", "no-such-job",
                "--server", server);
        CliHarness.Result workers = CliHarness.run(ParallelFrameworkCli::commandLine, "workers", "--server", server);
        java.nio.file.Path log = java.nio.file.Files.createTempFile("parallel-it", ".replay");
        CliHarness.Result recorded = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "pi", "-p",
                "samples=20000", "-p", "partitions=8", "-p", "fault-rate=0.3", "--server", server, "--record",
                log.toString(), "--timeout", "60s", "--output", "json");
        CliHarness.Result replayed = CliHarness.run(ParallelFrameworkCli::commandLine, "replay", log.toString(),
                "--server", server, "--timeout", "60s", "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"state\" : \"SUCCEEDED\"", "\"pi\" : \"3.1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("no parameter 'darts'");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no-such-job");
        assertThat(workers.exitCode()).isZero();
        assertThat(workers.out()).contains("mode local");
        assertThat(recorded.exitCode()).as(recorded.err()).isIn(0, 1);
        assertThat(recorded.out()).contains("\"recorded\" : true");
        assertThat(java.nio.file.Files.readString(log)).startsWith("parallel-framework-replay 1");
        assertThat(replayed.exitCode()).as(replayed.err() + replayed.out()).isZero();
        assertThat(replayed.out()).contains("\"replayVerdict\" : \"REPRODUCED\"", "\"replayOf\" : \"upload\"");
        assertThat(recorded.exitCode()).as(recorded.err()).isIn(0, 1);
        assertThat(recorded.out()).contains("\"recorded\" : true");
        assertThat(java.nio.file.Files.readString(log)).startsWith("parallel-framework-replay 1");
        assertThat(replayed.exitCode()).as(replayed.err() + replayed.out()).isZero();
        assertThat(replayed.out()).contains("\"replayVerdict\" : \"REPRODUCED\"", "\"replayOf\" : \"upload\"");
        assertThat(probe.httpGet("/actuator/prometheus"))
                .contains("parallel_jobs_started_total{", "type=\"pi\"", "parallel_jobs_duration_seconds_count{");
    }
}
