package io.multisystem.pipeline.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run p.yaml --engine flink} end to end: a windowed pipeline on the embedded MiniCluster, and refusals. */
class FlinkEngineCliTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void runsAWindowedPipelineOnFlinkWithTheLocalEnginesOutput(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("clicks.csv"), """
                user,ts,ms
                ada,3000,5
                bob,1500,7
                ada,1000,4
                ada,61000,1
                bob,65000,2
                """);
        String yaml = """
                name: clicks-per-minute
                sources:
                  clicks: {type: csv, path: clicks.csv, schema: {user: string, ts: timestamp, ms: long}}
                transforms:
                  - {type: keyBy, field: user}
                  - {type: window, kind: tumbling, size: 1m, timestamp: ts, maxOutOfOrderness: 5s}
                  - {type: aggregate, aggregations: [count as n, "sum:ms as total", "avg:ms as mean"]}
                sink: {type: csv, path: %s}
                """;
        Files.writeString(dir.resolve("flink.yaml"), yaml.formatted("flink.csv"));
        Files.writeString(dir.resolve("local.yaml"), yaml.formatted("local.csv"));

        CliHarness.Result flink = CliHarness.run(PipelineEngineCli::commandLine, "run",
                dir.resolve("flink.yaml").toString(), "--engine", "flink", "--output", "json");
        CliHarness.Result local = CliHarness.run(PipelineEngineCli::commandLine, "run",
                dir.resolve("local.yaml").toString());

        assertThat(flink.exitCode()).as(flink.err()).isZero();
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(flink.err()).contains("running on Apache Flink 2.", "clicks-per-minute SUCCEEDED: 5 records read, "
                + "4 written");
        assertThat(flink.out()).contains("\"recordsWritten\" : 4");
        assertThat(Files.readAllLines(dir.resolve("flink.csv"))).containsExactlyInAnyOrder(
                "user,window_start,window_end,n,total,mean", "ada,0,60000,2,9,4.5", "ada,60000,120000,1,1,1.0",
                "bob,0,60000,1,7,7.0", "bob,60000,120000,1,2,2.0");
        assertThat(Files.readAllLines(dir.resolve("flink.csv")))
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(dir.resolve("local.csv")));
    }

    @Test
    void unsupportedDefinitionsExitWith2NamingTheFieldAndWriteNothing(@TempDir Path dir) throws Exception {
        Path p = PipelineCliTest.pipeline(dir); // a global aggregate (no window)
        CliHarness.Result run = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString(), "--engine",
                "flink");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("transforms[2]", "not supported on --engine flink");
        assertThat(dir.resolve("out.csv")).doesNotExist();

        CliHarness.Result unknown = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString(), "--engine",
                "spark");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--engine local or --engine flink");
    }
}
