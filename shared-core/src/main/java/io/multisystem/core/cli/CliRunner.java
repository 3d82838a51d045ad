package io.multisystem.core.cli;

import io.multisystem.core.error.PlatformException;
import io.multisystem.core.grpc.GrpcErrors;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a picocli command tree with the platform's conventions: exit codes from {@link ExitCode}, usage errors as
 * {@link ExitCode#BAD_INPUT} with a hint, and every failure as one line on stderr ({@code error CODE: message}, or
 * one JSON object with {@code --output json}); stack traces only with {@code --verbose}.
 */
public final class CliRunner {
    private CliRunner() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code. Logs go to stderr (see {@link CliLogging}) so that
     * stdout carries only results.
     */
    public static void exit(CommandLine commandLine, String... args) {
        List<String> given = List.of(args);
        CliLogging.toStderr(given.contains("--verbose") || given.contains("-v"));
        System.exit(commandLine.execute(args));
    }

    /** A command line for {@code rootCommand} with the platform's error handling and exit codes. */
    public static CommandLine commandLine(Object rootCommand) {
        CommandLine cli = new CommandLine(rootCommand);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(CliRunner::exitCodeOf);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("error USAGE: " + ex.getMessage());
            failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.BAD_INPUT.code();
        });
        cli.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            List<String> args = parseResult.originalArgs();
            boolean verbose = args.contains("--verbose") || args.contains("-v");
            boolean json = isJson(args);
            report(ex, failed.getErr(), verbose, json);
            return exitCodeOf(ex);
        });
        return cli;
    }

    /** The exit code of a failure. */
    public static int exitCodeOf(Throwable error) {
        PlatformException platform = asPlatformException(error);
        if (platform != null) {
            return ExitCode.of(platform.kind()).code();
        }
        if (error instanceof CommandLine.ParameterException) {
            return ExitCode.BAD_INPUT.code();
        }
        return ExitCode.INTERNAL.code();
    }

    private static void report(Throwable error, PrintWriter err, boolean verbose, boolean json) {
        PlatformException platform = asPlatformException(error);
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (platform != null) {
                body.put("code", platform.code());
                body.put("component", platform.component());
                body.put("kind", platform.kind().name());
                body.put("severity", platform.severity().name());
                body.put("message", platform.getMessage());
                if (!platform.details().isEmpty()) {
                    body.put("details", platform.details());
                }
            } else {
                body.put("code", "INTERNAL_ERROR");
                body.put("message", String.valueOf(error));
            }
            err.println(Console.toJsonLine(Map.of("error", body)));
        } else if (platform != null) {
            err.println("error " + platform.code() + ": " + platform.getMessage());
            if (verbose && !platform.details().isEmpty()) {
                platform.details().forEach((k, v) -> err.println("  " + k + ": " + v));
            }
        } else {
            err.println("error INTERNAL_ERROR: " + error + (verbose ? "" : " (run with --verbose for details)"));
        }
        if (verbose) {
            error.printStackTrace(err);
        }
        err.flush();
    }

    private static PlatformException asPlatformException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PlatformException pe) {
                return pe;
            }
            if (t instanceof StatusRuntimeException || t instanceof StatusException) {
                return GrpcErrors.toPlatformException(t);
            }
        }
        return null;
    }

    private static boolean isJson(List<String> args) {
        int i = args.indexOf("--output");
        return (i >= 0 && i + 1 < args.size() && args.get(i + 1).equalsIgnoreCase("json"))
                || args.contains("--output=json");
    }

}
