package io.multisystem.symbolic.cli;

import io.multisystem.symbolic.app.SymbolicModelerApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The symbolic-modeler command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "symbolic-modeler", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "canonical forms, equality saturation, SAT/SMT and proofs")
public final class SymbolicModelerCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new SymbolicModelerCli())
                .addSubcommand(new ServeCommand(SymbolicModelerApplication.class, SymbolicModelerApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new SymbolicCommands.Simplify())
                .addSubcommand(new SymbolicCommands.Expand())
                .addSubcommand(new SymbolicCommands.Factor())
                .addSubcommand(new SymbolicCommands.Prove())
                .addSubcommand(new SymbolicCommands.Solve())
                .addSubcommand(new SymbolicCommands.Optimize())
                .addSubcommand(new SymbolicCommands.ProveSuite())
                .addSubcommand(new BenchCommand());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
