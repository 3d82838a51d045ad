package io.multisystem.core.cli;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a command writes: results to stdout in the chosen {@link OutputFormat}, messages and progress to stderr.
 * In JSON mode stdout carries exactly one JSON document per result, so it can be piped to tools.
 */
public final class Console {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final JsonMapper COMPACT_JSON = JsonMapper.builder().build();

    private final PrintStream out;
    private final PrintStream err;
    private final OutputFormat format;

    public Console(PrintStream out, PrintStream err, OutputFormat format) {
        this.out = Objects.requireNonNull(out);
        this.err = Objects.requireNonNull(err);
        this.format = Objects.requireNonNull(format);
    }

    public OutputFormat format() {
        return format;
    }

    /**
     * Prints a result: {@code value} serialised as JSON in JSON mode, otherwise the text {@code text} renders. Records,
     * maps, lists and scalars serialise naturally.
     */
    public void result(Object value, Supplier<String> text) {
        if (format == OutputFormat.json) {
            out.println(JSON.writeValueAsString(value));
        } else {
            out.println(text.get());
        }
        out.flush();
    }

    /** An informational line for people, on stderr so that stdout stays machine-readable. */
    public void info(String message) {
        err.println(message);
    }

    /**
     * A progress bar on stderr for work of {@code total} steps, shown only when a person watches (a terminal, text
     * mode); otherwise a no-op.
     */
    public Progress progress(String task, long total) {
        boolean terminal = System.console() != null && format == OutputFormat.text;
        return terminal ? Progress.bar(task, total, err) : Progress.none();
    }

    static String toJsonLine(Object value) {
        return COMPACT_JSON.writeValueAsString(value);
    }
}
