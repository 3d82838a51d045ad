package io.multisystem.attestation.cli;

import io.multisystem.attestation.app.AttestationAuthorityApplication;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The attestation-authority command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "attestation-authority", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "Ed25519 attestations in DSSE envelopes, delegated trust chains, revocation and a transparency log")
public final class AttestationAuthorityCli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new AttestationAuthorityCli())
                .addSubcommand(new ServeCommand(AttestationAuthorityApplication.class, AttestationAuthorityApplication.SYSTEM))
                .addSubcommand(new HealthCommand())
                .addSubcommand(new AuthorityCommands.Keygen())
                .addSubcommand(new AuthorityCommands.Root())
                .addSubcommand(new AuthorityCommands.Delegate())
                .addSubcommand(new AuthorityCommands.Issue())
                .addSubcommand(new AuthorityCommands.Verify())
                .addSubcommand(new AuthorityCommands.Revoke())
                .addSubcommand(new AuthorityCommands.Status())
                .addSubcommand(new LogCommands());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
