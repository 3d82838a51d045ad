package io.multisystem.symbolic.rewrite;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Names;
import io.multisystem.symbolic.expr.SExpressionReader;
import io.multisystem.symbolic.expr.SExpressionReader.Atom;
import io.multisystem.symbolic.expr.SExpressionReader.Datum;
import io.multisystem.symbolic.expr.SExpressionReader.ListDatum;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A term with pattern variables ({@code ?a}), written as an S-expression: {@code (+ ?a (* ?b 0))}. Immutable.
 */
public sealed interface Pattern permits Pattern.Var, Pattern.Leaf, Pattern.Node {

    /** A pattern variable; the name includes the leading '?'. */
    record Var(String name) implements Pattern {
        public Var {
            if (name == null || name.length() < 2 || name.charAt(0) != '?' || !Names.isIdentifier(name.substring(1))) {
                throw new IllegalArgumentException("pattern variable must be '?' followed by an identifier, was " + name);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A ground leaf: a constant or a symbol. */
    record Leaf(Term term) implements Pattern {
        public Leaf {
            if (term instanceof Term.App) {
                throw new IllegalArgumentException("a pattern leaf is a constant or a symbol");
            }
        }

        @Override
        public String toString() {
            return term.toString();
        }
    }

    /** An operator applied to argument patterns. */
    record Node(String operator, List<Pattern> arguments) implements Pattern {
        public Node {
            Objects.requireNonNull(operator, "operator");
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("(").append(operator);
            for (Pattern argument : arguments) {
                out.append(' ').append(argument);
            }
            return out.append(')').toString();
        }
    }

    /**
     * Parses a pattern in S-expression form.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR} with the position
     */
    static Pattern parse(String text) {
        SExpressionReader reader = new SExpressionReader(text);
        Pattern pattern = fromDatum(reader.read());
        if (!reader.atEnd()) {
            throw InputErrors.parseError(reader.position(), "expected end of input after the pattern");
        }
        return pattern;
    }

    /** Converts a datum read by {@link SExpressionReader} to a pattern. */
    static Pattern fromDatum(Datum datum) {
        if (datum instanceof Atom atom) {
            String text = atom.text();
            if (text.startsWith("?")) {
                if (!Names.isIdentifier(text.substring(1))) {
                    throw InputErrors.parseError(atom.position(),
                            "'" + text + "' is not a pattern variable: write '?' followed by an identifier");
                }
                return new Var(text);
            }
            return new Leaf(SExpressions.toTerm(atom));
        }
        ListDatum list = (ListDatum) datum;
        String operator = SExpressions.operatorOf(list);
        List<Pattern> arguments = new ArrayList<>();
        for (int i = 1; i < list.elements().size(); i++) {
            arguments.add(fromDatum(list.elements().get(i)));
        }
        return new Node(operator, arguments);
    }

    /** The variables, in order of first occurrence (left to right, depth first). */
    default Set<String> variables() {
        Set<String> out = new LinkedHashSet<>();
        collectVariables(this, out);
        return out;
    }

    private static void collectVariables(Pattern pattern, Set<String> out) {
        if (pattern instanceof Var var) {
            out.add(var.name());
        } else if (pattern instanceof Node node) {
            for (Pattern argument : node.arguments()) {
                collectVariables(argument, out);
            }
        }
    }

    /**
     * The term obtained by replacing every variable by its value.
     *
     * @throws IllegalArgumentException if a variable has no value
     */
    default Term instantiate(Map<String, Term> substitution) {
        if (this instanceof Var var) {
            Term value = substitution.get(var.name());
            if (value == null) {
                throw new IllegalArgumentException("no value for pattern variable " + var.name());
            }
            return value;
        }
        if (this instanceof Leaf leaf) {
            return leaf.term();
        }
        Node node = (Node) this;
        List<Term> arguments = new ArrayList<>(node.arguments().size());
        for (Pattern argument : node.arguments()) {
            arguments.add(argument.instantiate(substitution));
        }
        return Term.app(node.operator(), arguments);
    }
}
