package io.multisystem.ledger.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoblockerLedgerCliTest {
    @Test
    void helpListsTheServeCommand() {
        CliHarness.Result result = CliHarness.run(AutoblockerLedgerCli::commandLine, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("serve");
    }

    @Test
    void unknownCommandIsBadUsageWithExitCode2() {
        CliHarness.Result result = CliHarness.run(AutoblockerLedgerCli::commandLine, "no-such-command");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no-such-command");
    }
}
