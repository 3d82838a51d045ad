package io.multisystem.symbolic.expr;

import io.multisystem.symbolic.expr.SExpressionReader.Atom;
import io.multisystem.symbolic.expr.SExpressionReader.Datum;
import io.multisystem.symbolic.expr.SExpressionReader.ListDatum;

import java.util.ArrayList;
import java.util.List;

/**
 * The S-expression syntax of terms (the egg "math" language): {@code (op arg ...)} applications, numerals
 * ({@code 3}, {@code -1}, {@code 0.5}, {@code 1/3}, read exactly) and symbols (identifiers). Examples:
 * {@code (* (+ x 3) (+ x 1))}, {@code (d x (pow x 3))} (derivative of the second argument by the first),
 * {@code (i (cos x) x)} (integral of the first argument by the second). {@link #print} and {@link #parse} are
 * inverse: {@code parse(print(t)).equals(t)} for every term.
 */
public final class SExpressions {
    private SExpressions() {
    }

    /**
     * Parses exactly one term.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR}, message starting with the
     *     0-based position of the fault
     */
    public static Term parse(String text) {
        SExpressionReader reader = new SExpressionReader(text);
        Term term = toTerm(reader.read());
        if (!reader.atEnd()) {
            throw InputErrors.parseError(reader.position(), "expected end of input after the expression");
        }
        return term;
    }

    /**
     * Converts a datum read by {@link SExpressionReader} to a term.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR} with the datum's position
     */
    public static Term toTerm(Datum datum) {
        if (datum instanceof Atom atom) {
            String text = atom.text();
            if (Rational.isNumeral(text)) {
                return new Term.Num(Rational.parse(text));
            }
            if (Names.isIdentifier(text)) {
                return new Term.Sym(text);
            }
            throw InputErrors.parseError(atom.position(),
                    "'" + text + "' is neither a number (3, -1, 0.5, 1/3) nor a symbol (an identifier)");
        }
        ListDatum list = (ListDatum) datum;
        String operator = operatorOf(list);
        List<Term> arguments = new ArrayList<>();
        for (int i = 1; i < list.elements().size(); i++) {
            arguments.add(toTerm(list.elements().get(i)));
        }
        return new Term.App(operator, arguments);
    }

    /**
     * Checks the head and arity of an application datum and returns its operator.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR} with the datum's position
     */
    public static String operatorOf(ListDatum list) {
        if (list.elements().isEmpty()) {
            throw InputErrors.parseError(list.position(), "empty list '()': write an operator and its arguments");
        }
        if (!(list.elements().get(0) instanceof Atom head) || !Names.isOperator(head.text())) {
            throw InputErrors.parseError(list.elements().get(0).position(),
                    "expected an operator (an identifier or one of + - * /) at the head of the list");
        }
        int arity = list.elements().size() - 1;
        if (arity == 0) {
            throw InputErrors.parseError(list.position(), "operator '" + head.text() + "' has no arguments");
        }
        if (Names.isArithmeticSymbol(head.text()) && arity != 2) {
            throw InputErrors.parseError(list.position(),
                    "operator '" + head.text() + "' takes 2 arguments but has " + arity);
        }
        return head.text();
    }

    /** The S-expression form of a term. */
    public static String print(Term term) {
        StringBuilder out = new StringBuilder();
        print(term, out);
        return out.toString();
    }

    private static void print(Term term, StringBuilder out) {
        if (term instanceof Term.Num num) {
            out.append(num.value());
        } else if (term instanceof Term.Sym sym) {
            out.append(sym.name());
        } else {
            Term.App app = (Term.App) term;
            out.append('(').append(app.operator());
            for (Term argument : app.arguments()) {
                out.append(' ');
                print(argument, out);
            }
            out.append(')');
        }
    }
}
