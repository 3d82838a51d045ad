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

    @Test
    void theCliValidatesAndRunsAPipelineAsAJobOnTheServiceOverTheNetwork(@TempDir Path dir) throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        String server = "127.0.0.1:" + probe.grpcPort();
        Path pipeline = io.multisystem.pipeline.cli.PipelineCliTest.pipeline(dir);

        CliHarness.Result validate = CliHarness.run(PipelineEngineCli::commandLine, "validate", pipeline.toString(),
                "--server", server, "--output", "json");
        CliHarness.Result run = CliHarness.run(PipelineEngineCli::commandLine, "run", pipeline.toString(),
                "--server", server, "--output", "json");
        java.nio.file.Files.writeString(dir.resolve("bad.yaml"), io.multisystem.pipeline.cli.PipelineCliTest.PIPELINE
                .replace("amount > 0", "amount > 'x'"));
        CliHarness.Result invalid = CliHarness.run(PipelineEngineCli::commandLine, "run",
                dir.resolve("bad.yaml").toString(), "--server", server);

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("\"valid\" : true");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"state\" : \"SUCCEEDED\"", "\"recordsWritten\" : 2");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("out.csv"))).containsExactlyInAnyOrder(
                "customer,n,total", "ada,2,6.5", "bob,1,1.0");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("transforms[0].expr");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("pipeline_jobs_submitted_total",
                "pipeline_jobs_finished_total{", "pipeline_validations_total{");
    }
}
