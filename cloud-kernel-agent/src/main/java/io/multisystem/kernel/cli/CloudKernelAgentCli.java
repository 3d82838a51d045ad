package io.multisystem.kernel.cli;

import io.multisystem.kernel.app.CloudKernelAgentApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The cloud-kernel-agent command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "cloud-kernel-agent", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "cgroups, PSI, eBPF/XDP and NUMA through a JNI-loaded C helper")
public final class CloudKernelAgentCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new CloudKernelAgentCli())
                .addSubcommand(new ServeCommand(CloudKernelAgentApplication.class, CloudKernelAgentApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new CgroupsCommand())
                .addSubcommand(new PsiCommand())
                .addSubcommand(new XdpCommand())
                .addSubcommand(new NumaCommand());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
