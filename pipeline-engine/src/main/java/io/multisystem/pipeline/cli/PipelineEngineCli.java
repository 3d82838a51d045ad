package io.multisystem.pipeline.cli;

import io.multisystem.pipeline.app.PipelineEngineApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The pipeline-engine command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "pipeline-engine", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "batch and stream DAGs, synthetic data, schema validation")
public final class PipelineEngineCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new PipelineEngineCli())
                .addSubcommand(new ServeCommand(PipelineEngineApplication.class, PipelineEngineApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new SyntheticCommands.Synth())
                .addSubcommand(new SyntheticCommands.Profile())
                .addSubcommand(new SyntheticCommands.Quality())
                .addSubcommand(new CheckCommand())
                .addSubcommand(new PipelineCommands.Validate())
                .addSubcommand(new PipelineCommands.Run());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
