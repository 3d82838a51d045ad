package io.multisystem.pipeline.expression;

import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser and static type checker of the expression language; the result is a tree of closures,
 * so evaluation does no parsing, lookup by name or type dispatch that could have been done once.
 *
 * <p>Grammar (lowest precedence first; keywords are case-insensitive):
 * <pre>
 * expr    := and ('or' and)*
 * and     := not ('and' not)*
 * not     := 'not' not | cmp
 * cmp     := add [('=' | '==' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') add | 'is' ['not'] 'null']
 * add     := mul (('+' | '-' | '||') mul)*
 * mul     := unary (('*' | '/' | '%') unary)*
 * unary   := '-' unary | primary
 * primary := INTEGER | DECIMAL | 'text' | "text" | 'true' | 'false' | 'null'
 *          | IDENT '(' [expr (',' expr)*] ')' | IDENT | `quoted field` | '(' expr ')'
 * </pre>
 * Design note: typing is done while parsing (each production returns its type with its evaluator), so a type error is
 * reported at the operator or argument that causes it. Types are the row field types plus the type of the bare
 * {@code null} literal, which unifies with any type. Numeric promotion: LONG with DOUBLE gives DOUBLE; TIMESTAMP
 * ± LONG is a TIMESTAMP, TIMESTAMP − TIMESTAMP a LONG of milliseconds. Where a promotion happens the evaluator
 * converts the value, so every result has exactly the Java class of its static type.
 */
final class ExpressionParser {
    /** A syntax or type error at a 0-based character position. */
    static final class ExpressionError extends RuntimeException {
        private final int position;

        ExpressionError(int position, String message) {
            super(message, null, false, false);
            this.position = position;
        }

        int position() {
            return position;
        }
    }

    @FunctionalInterface
    interface Eval {
        Object eval(Row row);
    }

    /** A typed node; {@code type == null} is the type of the literal {@code null}. */
    record Node(FieldType type, Eval eval, int position, Object constant) {
        Node(FieldType type, Eval eval, int position) {
            this(type, eval, position, null);
        }
    }

    private enum Tok { NUMBER, STRING, IDENT, QUOTED_IDENT, OP, LPAREN, RPAREN, COMMA, END }

    private record Token(Tok kind, String text, int position) {
    }

    private final String text;
    private final Schema schema;
    private final List<Token> tokens;
    private int next;

    ExpressionParser(String text, Schema schema) {
        this.text = text == null ? "" : text;
        this.schema = schema;
        this.tokens = lex(this.text);
    }

    Expression parseExpression() {
        if (tokens.get(0).kind() == Tok.END) {
            throw new ExpressionError(0, "empty expression; write a field name, literal or formula");
        }
        Node node = or();
        Token t = peek();
        if (t.kind() != Tok.END) {
            throw new ExpressionError(t.position(), "unexpected '" + t.text() + "' after a complete expression");
        }
        if (node.type() == null) {
            throw new ExpressionError(0, "the expression is always null and has no type; use coalesce(...) or a "
                    + "typed value");
        }
        FieldType type = node.type();
        Eval eval = node.eval();
        String source = text;
        return new Expression() {
            @Override
            public FieldType type() {
                return type;
            }

            @Override
            public Object evaluate(Row row) {
                return eval.eval(row);
            }

            @Override
            public String text() {
                return source;
            }

            @Override
            public String toString() {
                return source + " : " + type;
            }
        };
    }

    // ---------------------------------------------------------------- lexer

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    i++;
                    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < s.length() && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                out.add(new Token(Tok.NUMBER, s.substring(start, i), start));
            } else if (c == '\'' || c == '"') {
                int start = i++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (i >= s.length()) {
                        throw new ExpressionError(start, "unterminated string literal; close it with " + c);
                    }
                    char d = s.charAt(i);
                    if (d == c) {
                        if (i + 1 < s.length() && s.charAt(i + 1) == c) {
                            sb.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                out.add(new Token(Tok.STRING, sb.toString(), start));
            } else if (c == '`') {
                int start = i++;
                int end = s.indexOf('`', i);
                if (end < 0) {
                    throw new ExpressionError(start, "unterminated `quoted field name`");
                }
                out.add(new Token(Tok.QUOTED_IDENT, s.substring(i, end), start));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Tok.IDENT, s.substring(start, i), start));
            } else if (c == '(') {
                out.add(new Token(Tok.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Tok.RPAREN, ")", i++));
            } else if (c == ',') {
                out.add(new Token(Tok.COMMA, ",", i++));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (List.of("==", "!=", "<>", "<=", ">=", "||").contains(two)) {
                    out.add(new Token(Tok.OP, two, i));
                    i += 2;
                } else if ("+-*/%=<>".indexOf(c) >= 0) {
                    out.add(new Token(Tok.OP, String.valueOf(c), i++));
                } else {
                    throw new ExpressionError(i, "unexpected character '" + c + "'");
                }
            }
        }
        out.add(new Token(Tok.END, "end of expression", s.length()));
        return out;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private boolean atKeyword(String keyword) {
        Token t = peek();
        return t.kind() == Tok.IDENT && t.text().equalsIgnoreCase(keyword);
    }

    private boolean atOp(String... ops) {
        Token t = peek();
        if (t.kind() != Tok.OP) {
            return false;
        }
        for (String op : ops) {
            if (t.text().equals(op)) {
                return true;
            }
        }
        return false;
    }

    private Token expect(Tok kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw new ExpressionError(t.position(), "expected " + what + ", found '" + t.text() + "'");
        }
        return take();
    }

    // ---------------------------------------------------------------- boolean logic

    private Node or() {
        Node left = and();
        while (atKeyword("or")) {
            Token op = take();
            Node right = and();
            requireBoolean(left, "or");
            requireBoolean(right, "or");
            Eval a = left.eval();
            Eval b = right.eval();
            left = new Node(FieldType.BOOLEAN, row -> {
                Object x = a.eval(row);
                if (Boolean.TRUE.equals(x)) {
                    return Boolean.TRUE;
                }
                Object y = b.eval(row);
                if (Boolean.TRUE.equals(y)) {
                    return Boolean.TRUE;
                }
                return x == null || y == null ? null : Boolean.FALSE;
            }, op.position());
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (atKeyword("and")) {
            Token op = take();
            Node right = not();
            requireBoolean(left, "and");
            requireBoolean(right, "and");
            Eval a = left.eval();
            Eval b = right.eval();
            left = new Node(FieldType.BOOLEAN, row -> {
                Object x = a.eval(row);
                if (Boolean.FALSE.equals(x)) {
                    return Boolean.FALSE;
                }
                Object y = b.eval(row);
                if (Boolean.FALSE.equals(y)) {
                    return Boolean.FALSE;
                }
                return x == null || y == null ? null : Boolean.TRUE;
            }, op.position());
        }
        return left;
    }

    private Node not() {
        if (atKeyword("not")) {
            Token op = take();
            Node operand = not();
            requireBoolean(operand, "not");
            Eval a = operand.eval();
            return new Node(FieldType.BOOLEAN, row -> {
                Object x = a.eval(row);
                return x == null ? null : !(Boolean) x;
            }, op.position());
        }
        return comparison();
    }

    private void requireBoolean(Node node, String op) {
        if (node.type() != null && node.type() != FieldType.BOOLEAN) {
            throw new ExpressionError(node.position(), "'" + op + "' needs BOOLEAN operands, found " + node.type());
        }
    }

    // ---------------------------------------------------------------- comparison

    private Node comparison() {
        Node left = additive();
        if (atKeyword("is")) {
            Token is = take();
            boolean negated = false;
            if (atKeyword("not")) {
                take();
                negated = true;
            }
            if (!atKeyword("null")) {
                throw new ExpressionError(peek().position(), "expected 'null' after 'is" + (negated ? " not" : "")
                        + "'");
            }
            take();
            Eval a = left.eval();
            boolean n = negated;
            return new Node(FieldType.BOOLEAN, row -> (a.eval(row) == null) != n, is.position());
        }
        if (atOp("=", "==", "!=", "<>", "<", "<=", ">", ">=")) {
            Token op = take();
            Node right = additive();
            return compare(op, left, right);
        }
        return left;
    }

    private Node compare(Token op, Node left, Node right) {
        FieldType lt = left.type();
        FieldType rt = right.type();
        boolean numeric = (lt == null || isNumeric(lt)) && (rt == null || isNumeric(rt));
        boolean asDouble = lt == FieldType.DOUBLE || rt == FieldType.DOUBLE;
        if (lt != null && rt != null && !numeric && lt != rt) {
            throw new ExpressionError(op.position(), "cannot compare " + lt + " with " + rt
                    + "; convert one side with to_string/to_long/to_double");
        }
        Eval a = left.eval();
        Eval b = right.eval();
        String o = op.text();
        return new Node(FieldType.BOOLEAN, row -> {
            Object x = a.eval(row);
            if (x == null) {
                return null;
            }
            Object y = b.eval(row);
            if (y == null) {
                return null;
            }
            int c;
            if (numeric) {
                c = asDouble ? Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue())
                        : Long.compare((Long) x, (Long) y);
            } else {
                @SuppressWarnings({"unchecked", "rawtypes"})
                int cmp = ((Comparable) x).compareTo(y);
                c = cmp;
            }
            return switch (o) {
                case "=", "==" -> c == 0;
                case "!=", "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }, op.position());
    }

    private static boolean isNumeric(FieldType t) {
        return t == FieldType.LONG || t == FieldType.DOUBLE || t == FieldType.TIMESTAMP;
    }

    // ---------------------------------------------------------------- arithmetic

    private Node additive() {
        Node left = multiplicative();
        while (atOp("+", "-", "||")) {
            Token op = take();
            Node right = multiplicative();
            left = op.text().equals("||") ? concatOp(op, left, right) : arithmetic(op, left, right);
        }
        return left;
    }

    private Node multiplicative() {
        Node left = unary();
        while (atOp("*", "/", "%")) {
            Token op = take();
            Node right = unary();
            left = arithmetic(op, left, right);
        }
        return left;
    }

    private Node unary() {
        if (atOp("-")) {
            Token op = take();
            Node operand = unary();
            if (operand.type() != null && !isNumeric(operand.type())) {
                throw new ExpressionError(op.position(), "unary '-' needs a number, found " + operand.type());
            }
            Eval a = operand.eval();
            FieldType t = operand.type() == FieldType.TIMESTAMP ? FieldType.LONG : operand.type();
            if (operand.constant() instanceof Long l) {
                return constant(t, -l, op.position());
            }
            if (operand.constant() instanceof Double d) {
                return constant(t, -d, op.position());
            }
            return new Node(t, row -> {
                Object x = a.eval(row);
                if (x == null) {
                    return null;
                }
                return x instanceof Double d ? (Object) (-d) : (Object) (-(Long) x);
            }, op.position());
        }
        return primary();
    }

    private Node concatOp(Token op, Node left, Node right) {
        for (Node n : List.of(left, right)) {
            if (n.type() != null && n.type() != FieldType.STRING) {
                throw new ExpressionError(n.position(), "'||' joins STRINGs, found " + n.type()
                        + "; convert with to_string(...)");
            }
        }
        Eval a = left.eval();
        Eval b = right.eval();
        return new Node(FieldType.STRING, row -> {
            Object x = a.eval(row);
            Object y = x == null ? null : b.eval(row);
            return y == null ? null : (String) x + y;
        }, op.position());
    }

    private Node arithmetic(Token op, Node left, Node right) {
        String o = op.text();
        FieldType lt = left.type();
        FieldType rt = right.type();
        for (Node n : List.of(left, right)) {
            if (n.type() != null && !isNumeric(n.type())) {
                String hint = n.type() == FieldType.STRING && o.equals("+") ? "; join strings with '||' or concat()"
                        : "";
                throw new ExpressionError(op.position(), "'" + o + "' needs numbers, found " + n.type() + hint);
            }
        }
        FieldType result;
        if (lt == FieldType.DOUBLE || rt == FieldType.DOUBLE) {
            result = FieldType.DOUBLE;
        } else if (lt == FieldType.TIMESTAMP && rt == FieldType.TIMESTAMP) {
            if (!o.equals("-")) {
                throw new ExpressionError(op.position(), "'" + o + "' of two TIMESTAMPs is meaningless; only "
                        + "t1 - t2 (milliseconds) is allowed");
            }
            result = FieldType.LONG;
        } else if ((lt == FieldType.TIMESTAMP || rt == FieldType.TIMESTAMP) && (o.equals("+") || o.equals("-"))) {
            if (rt == FieldType.TIMESTAMP && o.equals("-")) {
                throw new ExpressionError(op.position(), "LONG - TIMESTAMP is meaningless; write t - n");
            }
            result = FieldType.TIMESTAMP;
        } else if (lt == null && rt == null) {
            result = null;
        } else {
            result = FieldType.LONG;
        }
        Eval a = left.eval();
        Eval b = right.eval();
        Eval eval;
        if (result == FieldType.DOUBLE) {
            eval = row -> {
                Object x = a.eval(row);
                if (x == null) {
                    return null;
                }
                Object y = b.eval(row);
                if (y == null) {
                    return null;
                }
                double p = ((Number) x).doubleValue();
                double q = ((Number) y).doubleValue();
                return switch (o) {
                    case "+" -> p + q;
                    case "-" -> p - q;
                    case "*" -> p * q;
                    case "/" -> p / q;
                    default -> p % q;
                };
            };
        } else {
            eval = row -> {
                Object x = a.eval(row);
                if (x == null) {
                    return null;
                }
                Object y = b.eval(row);
                if (y == null) {
                    return null;
                }
                long p = (Long) x;
                long q = (Long) y;
                return switch (o) {
                    case "+" -> p + q;
                    case "-" -> p - q;
                    case "*" -> p * q;
                    case "/" -> q == 0 ? null : p / q;
                    default -> q == 0 ? null : p % q;
                };
            };
        }
        return new Node(result, eval, op.position());
    }

    // ---------------------------------------------------------------- primaries

    private static Node constant(FieldType type, Object value, int position) {
        return new Node(type, row -> value, position, value);
    }

    private Node primary() {
        Token t = take();
        switch (t.kind()) {
            case NUMBER -> {
                String s = t.text();
                try {
                    if (s.contains(".") || s.contains("e") || s.contains("E")) {
                        return constant(FieldType.DOUBLE, Double.parseDouble(s), t.position());
                    }
                    return constant(FieldType.LONG, Long.parseLong(s), t.position());
                } catch (NumberFormatException e) {
                    throw new ExpressionError(t.position(), "'" + s + "' is not a number");
                }
            }
            case STRING -> {
                return constant(FieldType.STRING, t.text(), t.position());
            }
            case QUOTED_IDENT -> {
                return field(t);
            }
            case LPAREN -> {
                Node inner = or();
                expect(Tok.RPAREN, "')'");
                return inner;
            }
            case IDENT -> {
                String lower = t.text().toLowerCase(Locale.ROOT);
                if (peek().kind() == Tok.LPAREN) {
                    take();
                    List<Node> args = new ArrayList<>();
                    if (peek().kind() != Tok.RPAREN) {
                        do {
                            if (peek().kind() == Tok.COMMA) {
                                take();
                            }
                            args.add(or());
                        } while (peek().kind() == Tok.COMMA);
                    }
                    expect(Tok.RPAREN, "')' or ',' in the arguments of " + t.text());
                    return Functions.call(lower, args, t.position());
                }
                if (schema.findIndex(t.text()).isEmpty()) {
                    switch (lower) {
                        case "true" -> {
                            return constant(FieldType.BOOLEAN, Boolean.TRUE, t.position());
                        }
                        case "false" -> {
                            return constant(FieldType.BOOLEAN, Boolean.FALSE, t.position());
                        }
                        case "null" -> {
                            return new Node(null, row -> null, t.position());
                        }
                        default -> {
                        }
                    }
                }
                return field(t);
            }
            default -> throw new ExpressionError(t.position(), "expected a value, field or '(' but found '"
                    + t.text() + "'");
        }
    }

    private Node field(Token t) {
        Optional<Integer> index = schema.findIndex(t.text());
        if (index.isEmpty()) {
            throw new ExpressionError(t.position(), "unknown field '" + t.text() + "'; known fields: "
                    + schema.names());
        }
        int i = index.get();
        return new Node(schema.fields().get(i).type(), row -> row.get(i), t.position());
    }

    /** Compiles a regex literal now so a bad pattern is a validate-time error. */
    static Pattern regex(Node node) {
        if (!(node.constant() instanceof String s)) {
            throw new ExpressionError(node.position(), "the pattern of matches() must be a string literal");
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw new ExpressionError(node.position(), "invalid regular expression: " + e.getDescription());
        }
    }
}
