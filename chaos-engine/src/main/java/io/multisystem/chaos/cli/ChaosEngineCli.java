package io.multisystem.chaos.cli;

import io.multisystem.chaos.app.ChaosEngineApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The chaos-engine command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "chaos-engine", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "fault injection: a Toxiproxy-compatible proxy and safe experiments with steady-state checks")
public final class ChaosEngineCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new ChaosEngineCli())
                .addSubcommand(new ServeCommand(ChaosEngineApplication.class, ChaosEngineApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new ExperimentCommands.Validate())
                .addSubcommand(new ExperimentCommands.Plan())
                .addSubcommand(new ExperimentCommands.Run())
                .addSubcommand(new ExperimentCommands.Abort())
                .addSubcommand(new ExperimentCommands.Journal())
                .addSubcommand(new ExperimentCommands.Faults())
                .addSubcommand(new ProxyCommands());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
