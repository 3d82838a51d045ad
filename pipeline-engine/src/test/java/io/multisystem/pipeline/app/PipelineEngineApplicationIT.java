package io.multisystem.pipeline.app;

import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.pipeline.cli.PipelineEngineCli;
import io.multisystem.pipeline.cli.SyntheticCliTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it"})
class PipelineEngineApplicationIT {
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
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"pipeline-engine\"");
    }

    @Test
    void theCliGeneratesSyntheticDataOnTheServiceOverTheNetworkAndItIsMetered(@TempDir Path dir) throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        String server = "127.0.0.1:" + probe.grpcPort();
        Path sample = SyntheticCliTest.sample(dir);
        Path out = dir.resolve("synthetic.csv");

        CliHarness.Result synth = CliHarness.run(PipelineEngineCli::commandLine, "synth", "--from", sample.toString(),
                "--rows", "200", "--out", out.toString(), "--report", "--server", server);
        CliHarness.Result quality = CliHarness.run(PipelineEngineCli::commandLine, "quality", sample.toString(),
                out.toString(), "--server", server, "--output", "json");
        CliHarness.Result tooMany = CliHarness.run(PipelineEngineCli::commandLine, "synth", "--from",
                sample.toString(), "--rows", "2000000", "--server", server);

        assertThat(synth.exitCode()).as(synth.err()).isZero();
        assertThat(java.nio.file.Files.readAllLines(out)).hasSize(201);
        assertThat(quality.exitCode()).isZero();
        assertThat(quality.out()).contains("\"columnShapes\"");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("rows must be between 1 and 1000000");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("pipeline_synthetic_rows_total{",
                "pipeline_quality_reports_total", "pipeline_synthetic_duration_seconds_count{");
    }
}
