package io.multisystem.symbolic.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable expression tree: a rational constant ({@link Num}), a symbol ({@link Sym}) or an operator applied to
 * one or more arguments ({@link App}). Terms compare structurally; {@code App} caches its hash, so terms can key hash
 * maps cheaply. A position in a term is the list of 0-based argument indexes leading from the root to a subterm.
 *
 * <p>Operator names are either an identifier ({@code sin}, {@code pow}, {@code d}, {@code i}, {@code f}) or one of
 * the binary operators {@code + - * /}; symbol names are identifiers. See {@link SExpressions} and
 * {@link InfixExpressions} for the two textual forms.
 */
public sealed interface Term permits Term.Num, Term.Sym, Term.App {

    /** Number of nodes of the tree. */
    int size();

    /** Length of the longest root-to-leaf path, counting nodes (a leaf has depth 1). */
    int depth();

    static Num num(long value) {
        return new Num(Rational.of(value));
    }

    static Num num(Rational value) {
        return new Num(value);
    }

    static Sym sym(String name) {
        return new Sym(name);
    }

    static App app(String operator, Term... arguments) {
        return new App(operator, List.of(arguments));
    }

    static App app(String operator, List<Term> arguments) {
        return new App(operator, arguments);
    }

    /**
     * The subterm at a position.
     *
     * @throws IllegalArgumentException if the position does not exist in this term
     */
    default Term subterm(List<Integer> position) {
        Term current = this;
        for (int index : position) {
            if (!(current instanceof App app) || index < 0 || index >= app.arguments().size()) {
                throw new IllegalArgumentException("position " + position + " does not exist in " + this);
            }
            current = app.arguments().get(index);
        }
        return current;
    }

    /** Whether {@link #subterm} would succeed. */
    default boolean hasPosition(List<Integer> position) {
        Term current = this;
        for (int index : position) {
            if (!(current instanceof App app) || index < 0 || index >= app.arguments().size()) {
                return false;
            }
            current = app.arguments().get(index);
        }
        return true;
    }

    /**
     * This term with the subterm at a position replaced.
     *
     * @throws IllegalArgumentException if the position does not exist in this term
     */
    default Term replace(List<Integer> position, Term replacement) {
        return replaceFrom(this, position, 0, replacement);
    }

    private static Term replaceFrom(Term term, List<Integer> position, int depth, Term replacement) {
        if (depth == position.size()) {
            return replacement;
        }
        int index = position.get(depth);
        if (!(term instanceof App app) || index < 0 || index >= app.arguments().size()) {
            throw new IllegalArgumentException("position " + position + " does not exist in " + term);
        }
        List<Term> arguments = new ArrayList<>(app.arguments());
        arguments.set(index, replaceFrom(arguments.get(index), position, depth + 1, replacement));
        return new App(app.operator(), arguments);
    }

    /** A rational constant. */
    record Num(Rational value) implements Term {
        public Num {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public int depth() {
            return 1;
        }

        @Override
        public String toString() {
            return SExpressions.print(this);
        }
    }

    /** A symbol (a variable of the modelled domain, not a pattern variable). */
    record Sym(String name) implements Term {
        public Sym {
            if (!Names.isIdentifier(name)) {
                throw new IllegalArgumentException("symbol name must be an identifier, was '" + name + "'");
            }
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public int depth() {
            return 1;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An operator applied to at least one argument; the argument list is immutable. */
    final class App implements Term {
        private final String operator;
        private final List<Term> arguments;
        private final int hash;
        private final int size;
        private final int depth;

        public App(String operator, List<Term> arguments) {
            if (!Names.isOperator(operator)) {
                throw new IllegalArgumentException("operator must be an identifier or one of + - * /, was '" + operator + "'");
            }
            if (arguments.isEmpty()) {
                throw new IllegalArgumentException("operator " + operator + " needs at least one argument");
            }
            if (Names.isArithmeticSymbol(operator) && arguments.size() != 2) {
                throw new IllegalArgumentException("operator " + operator + " takes 2 arguments, got " + arguments.size());
            }
            this.operator = operator;
            this.arguments = Collections.unmodifiableList(Arrays.asList(arguments.toArray(new Term[0])));
            int h = operator.hashCode();
            int s = 1;
            int d = 0;
            for (Term argument : this.arguments) {
                Objects.requireNonNull(argument, "argument");
                h = 31 * h + argument.hashCode();
                s += argument.size();
                d = Math.max(d, argument.depth());
            }
            this.hash = h;
            this.size = s;
            this.depth = d + 1;
        }

        public String operator() {
            return operator;
        }

        public List<Term> arguments() {
            return arguments;
        }

        public Term argument(int index) {
            return arguments.get(index);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int depth() {
            return depth;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            return o instanceof App other && hash == other.hash && size == other.size
                    && operator.equals(other.operator) && arguments.equals(other.arguments);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return SExpressions.print(this);
        }
    }
}
