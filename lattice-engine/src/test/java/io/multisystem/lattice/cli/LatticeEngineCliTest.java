package io.multisystem.lattice.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatticeEngineCliTest {
    @Test
    void helpListsTheServeCommand() {
        CliHarness.Result result = CliHarness.run(LatticeEngineCli::commandLine, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("serve");
    }

    @Test
    void unknownCommandIsBadUsageWithExitCode2() {
        CliHarness.Result result = CliHarness.run(LatticeEngineCli::commandLine, "no-such-command");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no-such-command");
    }
}
