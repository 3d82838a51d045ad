package io.multisystem.core.testing;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Runs a command line in-process and captures what it prints (both picocli's writers and System.out/err, which
 * commands use through {@code Console}). Serialised: one CLI run at a time per JVM.
 */
public final class CliHarness {
    private CliHarness() {
    }

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
    }

    /**
     * Builds the command line with stdout and stderr redirected, runs it, and restores them. The command line is built
     * inside the redirection so that picocli's default writers capture its help and error output too.
     */
    public static synchronized Result run(Supplier<CommandLine> commandLine, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            CommandLine cli = commandLine.get();
            int code = cli.execute(args);
            cli.getOut().flush();
            cli.getErr().flush();
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
