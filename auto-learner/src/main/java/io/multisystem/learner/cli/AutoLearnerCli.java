package io.multisystem.learner.cli;

import io.multisystem.learner.app.AutoLearnerApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The auto-learner command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "auto-learner", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "continual, transfer, multi-task and meta-learning")
public final class AutoLearnerCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new AutoLearnerCli())
                .addSubcommand(new ServeCommand(AutoLearnerApplication.class, AutoLearnerApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new LearnerCommands.Train())
                .addSubcommand(new LearnerCommands.Evaluate())
                .addSubcommand(new LearnerCommands.Predict())
                .addSubcommand(new LearnerCommands.Models())
                .addSubcommand(new LearnerCommands.Adapt())
                .addSubcommand(new LearnerCommands.Meta())
                .addSubcommand(new LearnerCommands.Bench());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
