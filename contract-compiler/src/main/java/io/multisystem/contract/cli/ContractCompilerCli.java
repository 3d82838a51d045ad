package io.multisystem.contract.cli;

import io.multisystem.contract.app.ContractCompilerApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The contract-compiler command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "contract-compiler", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "an ANTLR policy and contract language compiled to JVM bytecode and WebAssembly, with formal analysis")
public final class ContractCompilerCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new ContractCompilerCli())
                .addSubcommand(new ServeCommand(ContractCompilerApplication.class, ContractCompilerApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new ContractCommands.Check())
                .addSubcommand(new ContractCommands.Validate())
                .addSubcommand(new ContractCommands.Compile())
                .addSubcommand(new ContractCommands.Authorize())
                .addSubcommand(new ContractCommands.Analyze())
                .addSubcommand(new ContractCommands.Fmt())
                .addSubcommand(new ContractCommands.Conformance());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
