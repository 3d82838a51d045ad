package io.multisystem.ledger.cli;

import io.multisystem.ledger.app.AutoblockerLedgerApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The autoblocker-ledger command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "autoblocker-ledger", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "cross-domain security event blocking agreed by Raft in a signed ledger")
public final class AutoblockerLedgerCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new AutoblockerLedgerCli())
                .addSubcommand(new ServeCommand(AutoblockerLedgerApplication.class, AutoblockerLedgerApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new LedgerCommands.Ingest())
                .addSubcommand(new LedgerCommands.FilterGroup())
                .addSubcommand(new LedgerCommands.DecisionsGroup())
                .addSubcommand(new LedgerCommands.LedgerGroup())
                .addSubcommand(new LedgerCommands.ClusterGroup())
                .addSubcommand(new LedgerCommands.Watch())
                .addSubcommand(new ScenarioCommands.Group())
                .addSubcommand(new KeyCommands.Group())
                .addSubcommand(new ExportCommand());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
