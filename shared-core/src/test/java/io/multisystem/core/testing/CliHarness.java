package io.multisystem.core.testing;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

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

    public static synchronized Result run(CommandLine commandLine, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        StringWriter picocliErr = new StringWriter();
        commandLine.setOut(new PrintWriter(picocliOut, true));
        commandLine.setErr(new PrintWriter(picocliErr, true));
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = commandLine.execute(args);
            return new Result(code, picocliOut + outBytes.toString(StandardCharsets.UTF_8),
                    picocliErr + errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
