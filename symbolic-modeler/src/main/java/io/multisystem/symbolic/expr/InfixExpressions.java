package io.multisystem.symbolic.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * The infix syntax of terms, for people. Grammar (lowest precedence first):
 *
 * <pre>
 * expr    := product (('+' | '-') product)*          left associative
 * product := unary (('*' | '/') unary)*              left associative
 * unary   := '-' unary | power                       -e is (* -1 e); -3 is the constant -3
 * power   := primary ('^' unary)?                    right associative: a^b^c = a^(b^c); -2^2 = -(2^2)
 * primary := number | '#' ['-'] digits '/' digits    exact rational literal, e.g. #1/3
 *          | 'd/d' symbol '(' expr ')'              derivative: d/dx(x^2) is (d x (pow x 2))
 *          | 'diff' '(' expr ',' symbol-or-expr ')'  derivative: diff(x^2, x) is (d x (pow x 2))
 *          | 'integral' '(' expr ',' expr ')'      integral: integral(cos(x), x) is (i (cos x) x)
 *          | identifier '(' expr (',' expr)* ')'   any other function: sin(x), pow(x, 2), f(x, y)
 *          | identifier | '(' expr ')'
 * number  := digits ['.' digits]                     read exactly: 0.75 is 3/4
 * </pre>
 *
 * {@code a ^ b} is {@code (pow a b)}. {@link #print} emits the canonical form: minimal parentheses, {@code d/dx(e)}
 * for a derivative by a symbol, {@code integral(e, x)}, terminating decimals for constants and {@code #p/q}
 * otherwise, and {@code parse(print(t)).equals(t)} for every printable term. The function names {@code diff} and
 * {@code integral} are reserved for {@code d} and {@code i}.
 */
public final class InfixExpressions {
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int PRIMARY = 5;
    /**
     * Deepest nesting of parentheses, unary minus and powers accepted; each level costs several stack frames of the
     * recursive-descent parser, so this is lower than {@link SExpressionReader#MAX_DEPTH}.
     */
    public static final int MAX_DEPTH = 256;

    private InfixExpressions() {
    }

    /**
     * Parses one infix expression.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR} whose message starts with the
     *     0-based character position, e.g. "position 7: expected ')' but found end of input"
     */
    public static Term parse(String text) {
        Parser parser = new Parser(text);
        Term term = parser.expression();
        parser.expectEnd();
        return term;
    }

    /**
     * The infix form of a term.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code NOT_PRINTABLE_AS_INFIX} for applications of the
     *     reserved names {@code diff} or {@code integral}, which only the S-expression form can write
     */
    public static String print(Term term) {
        StringBuilder out = new StringBuilder();
        print(term, 0, out);
        return out.toString();
    }

    private static void print(Term term, int context, StringBuilder out) {
        if (term instanceof Term.Num num) {
            printNumber(num.value(), context, out);
            return;
        }
        if (term instanceof Term.Sym sym) {
            out.append(sym.name());
            return;
        }
        Term.App app = (Term.App) term;
        String op = app.operator();
        List<Term> args = app.arguments();
        switch (op) {
            case "+", "-" -> binary(op, args, SUM, SUM, PRODUCT, context, out);
            case "*", "/" -> binary(op, args, PRODUCT, PRODUCT, UNARY, context, out);
            default -> {
                if ("pow".equals(op) && args.size() == 2) {
                    binary("^", args, POWER, PRIMARY, UNARY, context, out);
                } else if ("d".equals(op) && args.size() == 2 && args.get(0) instanceof Term.Sym variable) {
                    out.append("d/d").append(variable.name()).append('(');
                    print(args.get(1), 0, out);
                    out.append(')');
                } else if ("i".equals(op) && args.size() == 2) {
                    call("integral", args, out);
                } else if ("diff".equals(op) || "integral".equals(op)) {
                    throw InputErrors.invalid("NOT_PRINTABLE_AS_INFIX", "operator '" + op
                            + "' is reserved in the infix syntax; print this term as an S-expression");
                } else {
                    call(op, args, out);
                }
            }
        }
    }

    private static void binary(String symbol, List<Term> args, int precedence, int leftContext, int rightContext,
                               int context, StringBuilder out) {
        boolean parens = precedence < context;
        if (parens) {
            out.append('(');
        }
        print(args.get(0), leftContext, out);
        out.append(' ').append(symbol).append(' ');
        print(args.get(1), rightContext, out);
        if (parens) {
            out.append(')');
        }
    }

    private static void call(String name, List<Term> args, StringBuilder out) {
        out.append(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            print(args.get(i), 0, out);
        }
        out.append(')');
    }

    private static void printNumber(Rational value, int context, StringBuilder out) {
        String text = value.terminatingDecimal().orElse(null);
        if (text == null) {
            out.append('#').append(value);
            return;
        }
        boolean parens = value.signum() < 0 && context > UNARY;
        out.append(parens ? "(" + text + ")" : text);
    }

    /** Recursive-descent parser over the raw characters (the grammar is small enough not to need a lexer). */
    private static final class Parser {
        private final String input;
        private int index;
        private int depth;

        Parser(String input) {
            this.input = input;
        }

        Term expression() {
            enter();
            Term left = product();
            while (true) {
                char c = peek();
                if (c == '+' || c == '-') {
                    index++;
                    left = Term.app(String.valueOf(c), left, product());
                } else {
                    depth--;
                    return left;
                }
            }
        }

        private Term product() {
            Term left = unary();
            while (true) {
                char c = peek();
                if (c == '*' || c == '/') {
                    index++;
                    left = Term.app(String.valueOf(c), left, unary());
                } else {
                    return left;
                }
            }
        }

        private Term unary() {
            if (peek() == '-') {
                index++;
                int operandStart = position();
                boolean literal = operandStart < input.length() && isDigit(input.charAt(operandStart));
                enter();
                Term operand = unary();
                depth--;
                if (literal && operand instanceof Term.Num num) {
                    return new Term.Num(num.value().negate());
                }
                return Term.app("*", Term.num(-1), operand);
            }
            return power();
        }

        private Term power() {
            Term base = primary();
            if (peek() == '^') {
                index++;
                enter();
                Term exponent = unary();
                depth--;
                return Term.app("pow", base, exponent);
            }
            return base;
        }

        private Term primary() {
            char c = peek();
            int start = index;
            if (c == '(') {
                index++;
                Term inner = expression();
                expect(')');
                return inner;
            }
            if (isDigit(c)) {
                return new Term.Num(number());
            }
            if (c == '#') {
                index++;
                return new Term.Num(rationalLiteral(start));
            }
            if (Names.isIdentifierStart(c)) {
                String name = identifier();
                if ("d".equals(name) && startsDerivative()) {
                    index += 2; // "/d"
                    String variable = identifier();
                    expect('(');
                    Term body = expression();
                    expect(')');
                    return Term.app("d", Term.sym(variable), body);
                }
                if (peek() == '(') {
                    index++;
                    List<Term> args = new ArrayList<>();
                    args.add(expression());
                    while (peek() == ',') {
                        index++;
                        args.add(expression());
                    }
                    expect(')');
                    return application(name, args, start);
                }
                return Term.sym(name);
            }
            throw InputErrors.parseError(position(), "expected a number, a symbol, a function call or '(' but found "
                    + describe(position()));
        }

        /** Bounds the recursion so that hostile input cannot exhaust the stack. */
        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw InputErrors.parseError(position(), "expressions nested deeper than " + MAX_DEPTH
                        + " are not accepted");
            }
        }

        private Term application(String name, List<Term> args, int start) {
            switch (name) {
                case "diff" -> {
                    requireArity(name, args, 2, start, "diff(expression, variable)");
                    return Term.app("d", args.get(1), args.get(0));
                }
                case "integral" -> {
                    requireArity(name, args, 2, start, "integral(expression, variable)");
                    return Term.app("i", args.get(0), args.get(1));
                }
                default -> {
                    return Term.app(name, args);
                }
            }
        }

        private void requireArity(String name, List<Term> args, int arity, int start, String usage) {
            if (args.size() != arity) {
                throw InputErrors.parseError(start, name + " takes " + arity + " arguments but has " + args.size()
                        + "; write " + usage);
            }
        }

        /** After an identifier "d": is the input "/d" followed by an identifier and then '('? */
        private boolean startsDerivative() {
            if (index + 2 >= input.length() || input.charAt(index) != '/' || input.charAt(index + 1) != 'd'
                    || !Names.isIdentifierStart(input.charAt(index + 2))) {
                return false;
            }
            int i = index + 2;
            while (i < input.length() && Names.isIdentifierPart(input.charAt(i))) {
                i++;
            }
            while (i < input.length() && Character.isWhitespace(input.charAt(i))) {
                i++;
            }
            return i < input.length() && input.charAt(i) == '(';
        }

        private Rational number() {
            int start = index;
            while (index < input.length() && isDigit(input.charAt(index))) {
                index++;
            }
            if (index < input.length() && input.charAt(index) == '.') {
                index++;
                int fractionStart = index;
                while (index < input.length() && isDigit(input.charAt(index))) {
                    index++;
                }
                if (index == fractionStart) {
                    throw InputErrors.parseError(index, "expected digits after the decimal point but found "
                            + describe(index));
                }
            }
            return Rational.parse(input.substring(start, index));
        }

        private Rational rationalLiteral(int start) {
            int textStart = index;
            if (index < input.length() && input.charAt(index) == '-') {
                index++;
            }
            int digits = index;
            while (index < input.length() && (isDigit(input.charAt(index)) || input.charAt(index) == '/')) {
                index++;
            }
            String text = input.substring(textStart, index);
            if (index == digits || text.indexOf('/') < 0 || !Rational.isNumeral(text)) {
                throw InputErrors.parseError(start, "a rational literal is written #p/q, e.g. #1/3 or #-2/7");
            }
            if (text.endsWith("/0")) {
                throw InputErrors.parseError(start, "the rational literal #" + text + " has a zero denominator");
            }
            return Rational.parse(text);
        }

        private String identifier() {
            int start = index;
            while (index < input.length() && Names.isIdentifierPart(input.charAt(index))) {
                index++;
            }
            if (start == index) {
                throw InputErrors.parseError(index, "expected an identifier but found " + describe(index));
            }
            return input.substring(start, index);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw InputErrors.parseError(position(), "expected '" + c + "' but found " + describe(position()));
            }
            index++;
        }

        void expectEnd() {
            if (position() < input.length()) {
                throw InputErrors.parseError(position(), "expected an operator or end of input but found "
                        + describe(position()));
            }
        }

        private char peek() {
            int p = position();
            return p < input.length() ? input.charAt(p) : '\0';
        }

        private int position() {
            while (index < input.length() && Character.isWhitespace(input.charAt(index))) {
                index++;
            }
            return index;
        }

        private String describe(int at) {
            return at >= input.length() ? "end of input" : "'" + input.charAt(at) + "'";
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
