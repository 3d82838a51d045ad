package io.multisystem.parallel.cli;

import io.multisystem.core.testing.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelFrameworkCliTest {
    @Test
    void helpListsTheServeCommand() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("serve", "run", "status", "workers");
    }

    @Test
    void unknownCommandIsBadUsageWithExitCode2() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "no-such-command");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no-such-command");
    }

    @Test
    void runExecutesAJobInProcessAndPrintsItsResult() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "fib", "-p", "n=20",
                "--workers", "2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("fib(20) = 6765", "SUCCEEDED", "workers 2");
    }

    @Test
    void runPrintsStableJsonForWordCount(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("words.txt");
        Files.writeString(text, "b a b\nc b a\n");

        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "wordcount",
                "-p", "files=" + text, "-p", "split-bytes=3", "--output", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"state\" : \"SUCCEEDED\"", "\"top.1\" : \"b=3\"", "\"words\" : \"6\"");
    }

    @Test
    void badParametersExitWith2AndNameTheProblem() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "fib", "-p", "n=-1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("parameter 'n'");
    }

    @Test
    void statusWithoutAServerIsBadUsage() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "status", "some-id");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--server");
    }

    @Test
    void jobsListsEveryJobTypeWithItsParameters() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "jobs");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("fib:", "wordcount:", "-p files=(required)", "matmul:");
    }
}
