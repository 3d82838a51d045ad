package io.multisystem.parallel.cli;

import io.multisystem.parallel.app.ParallelFrameworkApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The parallel-framework command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "parallel-framework", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "work-stealing task graphs, checkpoint/restart, distributed execution")
public final class ParallelFrameworkCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new ParallelFrameworkCli())
                .addSubcommand(new ServeCommand(ParallelFrameworkApplication.class, ParallelFrameworkApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new JobCommands.Run())
                .addSubcommand(new JobCommands.Replay())
                .addSubcommand(new JobCommands.Status())
                .addSubcommand(new JobCommands.Cancel())
                .addSubcommand(new JobCommands.Workers())
                .addSubcommand(new JobCommands.Jobs());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
