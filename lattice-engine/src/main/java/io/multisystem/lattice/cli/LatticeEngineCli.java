package io.multisystem.lattice.cli;

import io.multisystem.lattice.app.LatticeEngineApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lattice-engine command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "lattice-engine", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "formal concept analysis and concept hierarchies")
public final class LatticeEngineCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        CommandLine commandLine = CliRunner.commandLine(new LatticeEngineCli())
                .addSubcommand(new ServeCommand(LatticeEngineApplication.class, LatticeEngineApplication.SYSTEM))
                .addSubcommand(new HealthCommand());
        for (Object command : LatticeCommands.all()) {
            commandLine.addSubcommand(command);
        }
        return commandLine;
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
