package io.multisystem.symbolic.rewrite;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.SExpressionReader;
import io.multisystem.symbolic.expr.SExpressionReader.Atom;
import io.multisystem.symbolic.expr.SExpressionReader.Datum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rule sets in the egg-math rule file format, for any operator vocabulary:
 *
 * <pre>
 * # comment
 * NAME: LHS => RHS [if CONDITION ?v ...]...
 * </pre>
 *
 * where LHS and RHS are S-expression patterns ({@link Pattern}) and each condition is one of
 * {@link Condition.Kind}'s keywords followed by its variables. Blank lines and lines starting with '#' are ignored.
 */
public final class RuleFiles {
    private RuleFiles() {
    }

    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR} with "source:line:column" on a
     *     malformed line, {@code UNKNOWN_CONDITION}, {@code RULE_UNBOUND_VARIABLE} or {@code DUPLICATE_RULE}
     * @throws UncheckedIOException if the file cannot be read
     */
    public static RuleSet load(Path file) {
        return parse(read(file), file.getFileName().toString());
    }

    /** Parses rule-file text; {@code source} names it in error messages. See {@link #load}. */
    public static RuleSet parse(String text, String source) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            rules.add(parseRule(line, source, i + 1));
        }
        return new RuleSet(rules);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Rule parseRule(String line, String source, int lineNumber) {
        NamedLine named = NamedLine.split(line, source, lineNumber);
        LineReader reader = new LineReader(named.body(), named.bodyOffset(), source, lineNumber);
        Pattern lhs = reader.pattern();
        reader.expectKeyword("=>");
        Pattern rhs = reader.pattern();
        List<Condition> conditions = new ArrayList<>();
        while (!reader.atEnd()) {
            reader.expectKeyword("if");
            Atom keyword = reader.atom("a condition");
            Condition.Kind kind = Condition.Kind.fromKeyword(keyword.text()).orElseThrow(() -> InputErrors.invalid(
                    "UNKNOWN_CONDITION", source + ":" + lineNumber + ":" + reader.column(keyword) + ": unknown condition '"
                            + keyword.text() + "'; use not-zero, const, sym or const-or-distinct-var"));
            List<String> variables = new ArrayList<>();
            for (int k = 0; k < kind.arity(); k++) {
                Atom variable = reader.atom("a pattern variable for " + kind.keyword());
                if (!variable.text().startsWith("?")) {
                    throw reader.error(variable.position(), "expected a pattern variable (?name) for " + kind.keyword()
                            + " but found '" + variable.text() + "'");
                }
                variables.add(variable.text());
            }
            conditions.add(new Condition(kind, variables));
        }
        return new Rule(named.name(), lhs, rhs, conditions);
    }

    /** A line "NAME: body" split at the first colon. */
    record NamedLine(String name, String body, int bodyOffset) {
        static NamedLine split(String line, String source, int lineNumber) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            if (colon < 0 || name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw InputErrors.parseError(source, lineNumber, 1,
                        "expected 'NAME: ...' (a name without spaces, then a colon)");
            }
            return new NamedLine(name, line.substring(colon + 1), colon + 1);
        }
    }

    /** Reads data from the body of one line, reporting errors as source:line:column. */
    static final class LineReader {
        private final SExpressionReader reader;
        private final int offset;
        private final String source;
        private final int lineNumber;

        LineReader(String body, int offset, String source, int lineNumber) {
            this.reader = new SExpressionReader(body);
            this.offset = offset;
            this.source = source;
            this.lineNumber = lineNumber;
        }

        boolean atEnd() {
            return reader.atEnd();
        }

        Datum datum(String what) {
            if (reader.atEnd()) {
                throw error(reader.position(), "expected " + what + " but found end of line");
            }
            try {
                return reader.read();
            } catch (InvalidInputException e) {
                throw relocated(e);
            }
        }

        Pattern pattern() {
            Datum datum = datum("a pattern");
            try {
                return Pattern.fromDatum(datum);
            } catch (InvalidInputException e) {
                throw relocated(e);
            }
        }

        Atom atom(String what) {
            Datum datum = datum(what);
            if (datum instanceof Atom atom) {
                return atom;
            }
            throw error(datum.position(), "expected " + what + " but found a list");
        }

        void expectKeyword(String keyword) {
            Atom atom = atom("'" + keyword + "'");
            if (!atom.text().equals(keyword)) {
                throw error(atom.position(), "expected '" + keyword + "' but found '" + atom.text() + "'");
            }
        }

        int column(Datum datum) {
            return offset + datum.position() + 1;
        }

        InvalidInputException error(int position, String message) {
            return InputErrors.parseError(source, lineNumber, offset + position + 1, message);
        }

        /** Rewrites a "position N: msg" parse error of the line body into "source:line:column: msg". */
        private InvalidInputException relocated(InvalidInputException e) {
            String message = e.getMessage();
            if ("PARSE_ERROR".equals(e.code()) && message.startsWith("position ")) {
                int colon = message.indexOf(':');
                int position = Integer.parseInt(message.substring("position ".length(), colon));
                return error(position, message.substring(colon + 2));
            }
            return e;
        }
    }
}
