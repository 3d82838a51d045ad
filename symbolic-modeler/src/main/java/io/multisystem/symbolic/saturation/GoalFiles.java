package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.SExpressionReader;
import io.multisystem.symbolic.expr.SExpressionReader.Atom;
import io.multisystem.symbolic.expr.SExpressionReader.Datum;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads goal files in the egg-math format:
 *
 * <pre>
 * # comment
 * NAME: LEFT => RIGHT  [iterations=N] [nodes=N] [time=5s|500ms]
 * NAME: LEFT =/> RIGHT [...]
 * </pre>
 *
 * LEFT and RIGHT are S-expression terms; {@code =>} expects a proof, {@code =/>} expects none. Optional trailing
 * settings override the given default {@link Limits} for that goal.
 */
public final class GoalFiles {
    private GoalFiles() {
    }

    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR} with "source:line:column"
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Goal> load(Path file, Limits defaults) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString(), defaults);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses goal-file text; {@code source} names it in error messages. See {@link #load}. */
    public static List<Goal> parse(String text, String source, Limits defaults) {
        List<Goal> goals = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                goals.add(parseGoal(line, source, i + 1, defaults));
            }
        }
        return goals;
    }

    private static Goal parseGoal(String line, String source, int lineNumber, Limits defaults) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).strip();
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw InputErrors.parseError(source, lineNumber, 1, "expected 'NAME: LEFT => RIGHT' or 'NAME: LEFT =/> RIGHT'");
        }
        int offset = colon + 1;
        SExpressionReader reader = new SExpressionReader(line.substring(offset));
        Term lhs = term(reader, source, lineNumber, offset);
        Atom arrow = atom(reader, source, lineNumber, offset, "'=>' or '=/>'");
        boolean expectProved;
        if ("=>".equals(arrow.text())) {
            expectProved = true;
        } else if ("=/>".equals(arrow.text())) {
            expectProved = false;
        } else {
            throw InputErrors.parseError(source, lineNumber, offset + arrow.position() + 1,
                    "expected '=>' or '=/>' but found '" + arrow.text() + "'");
        }
        Term rhs = term(reader, source, lineNumber, offset);
        Limits limits = defaults;
        while (!reader.atEnd()) {
            Atom setting = atom(reader, source, lineNumber, offset, "a limit");
            limits = applySetting(limits, setting, source, lineNumber, offset);
        }
        return new Goal(name, lhs, rhs, expectProved, limits);
    }

    private static Limits applySetting(Limits limits, Atom setting, String source, int lineNumber, int offset) {
        String text = setting.text();
        int equals = text.indexOf('=');
        String key = equals < 0 ? text : text.substring(0, equals);
        String value = equals < 0 ? "" : text.substring(equals + 1);
        try {
            switch (key) {
                case "iterations":
                    return limits.withIterations(Integer.parseInt(value));
                case "nodes":
                    return limits.withNodes(Integer.parseInt(value));
                case "time":
                    if (value.endsWith("ms")) {
                        return limits.withTime(Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2))));
                    }
                    if (value.endsWith("s")) {
                        return limits.withTime(Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1))));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InputErrors.parseError(source, lineNumber, offset + setting.position() + 1, "'" + text
                + "' is not a limit; write iterations=N, nodes=N or time=Ns / time=Nms");
    }

    private static Term term(SExpressionReader reader, String source, int lineNumber, int offset) {
        Datum datum = datum(reader, source, lineNumber, offset, "an expression");
        try {
            return SExpressions.toTerm(datum);
        } catch (io.multisystem.core.error.InvalidInputException e) {
            throw InputErrors.parseError(source, lineNumber, offset + datum.position() + 1, e.getMessage());
        }
    }

    private static Atom atom(SExpressionReader reader, String source, int lineNumber, int offset, String what) {
        Datum datum = datum(reader, source, lineNumber, offset, what);
        if (datum instanceof Atom atom) {
            return atom;
        }
        throw InputErrors.parseError(source, lineNumber, offset + datum.position() + 1, "expected " + what);
    }

    private static Datum datum(SExpressionReader reader, String source, int lineNumber, int offset, String what) {
        if (reader.atEnd()) {
            throw InputErrors.parseError(source, lineNumber, offset + reader.position() + 1,
                    "expected " + what + " but found end of line");
        }
        try {
            return reader.read();
        } catch (io.multisystem.core.error.InvalidInputException e) {
            throw InputErrors.parseError(source, lineNumber, offset + reader.position() + 1, e.getMessage());
        }
    }
}
