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
                "--workers", "2", "--timeout", "45s");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("fib(20) = 6765", "SUCCEEDED", "workers 2");
    }

    @Test
    void runPrintsStableJsonForWordCount(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("words.txt");
        Files.writeString(text, "b a b\nc b a\n");

        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "wordcount",
                "-p", "files=" + text, "-p", "split-bytes=3", "--timeout", "45s", "--output", "json");

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

    @Test
    void aRecordedFailingRunIsReplayedFromItsLogAndFailsIdentically(@TempDir Path dir) {
        Path log = dir.resolve("pi.replay");
        CliHarness.Result recorded = null;
        for (int i = 0; i < 10 && (recorded == null || recorded.exitCode() != 1); i++) {
            recorded = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "pi", "-p", "samples=20000",
                    "-p", "partitions=16", "-p", "fault-rate=0.6", "--workers", "2", "--record", log.toString(),
                    "--timeout", "45s", "--output", "json");
        }
        assertThat(recorded.exitCode()).as(recorded.err()).isEqualTo(1);
        assertThat(recorded.out()).contains("\"state\" : \"FAILED\"", "\"recorded\" : true");
        String path = recorded.out().substring(recorded.out().indexOf("\"failurePath\""));
        path = path.substring(0, path.indexOf(']') + 1);

        CliHarness.Result replayed = CliHarness.run(ParallelFrameworkCli::commandLine, "replay", log.toString(),
                "--timeout", "45s", "--output", "json");

        assertThat(replayed.exitCode()).as(replayed.err() + replayed.out()).isZero();
        assertThat(replayed.out()).contains("\"replayVerdict\" : \"REPRODUCED\"", "\"state\" : \"FAILED\"", path);
    }

    @Test
    void replayingAMissingOrBrokenLogIsBadInput(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.replay");
        Files.writeString(broken, "parallel-framework-replay 1\nseed x\n");

        CliHarness.Result missing = CliHarness.run(ParallelFrameworkCli::commandLine, "replay",
                dir.resolve("none").toString());
        CliHarness.Result bad = CliHarness.run(ParallelFrameworkCli::commandLine, "replay", broken.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no replay log file");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("line 2");
    }

    @Test
    void aNonPositiveTimeoutIsBadUsage() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "fib", "--timeout", "0s");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--timeout");
    }
}
