package io.multisystem.ledger.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled expression of the small, safe language used by scenario {@code filter}, {@code groupby},
 * {@code distinct}, {@code condition} and {@code scope.expression} fields: the subset of expr-lang (the language
 * CrowdSec scenarios are written in) that hub scenarios use.
 *
 * <p>Grammar, lowest precedence first: {@code ||}/{@code or}; {@code &&}/{@code and}; comparisons {@code == != < <=
 * > >=}, {@code in}, {@code not in}, {@code contains}, {@code startsWith}, {@code endsWith}, {@code matches} (Java
 * regex, found anywhere); {@code + -}; {@code * / %}; unary {@code ! not -}; postfix member {@code a.b}, index
 * {@code a['b']} / {@code a[0]} and calls. Literals: 'single', "double" and `raw` strings, numbers, {@code true},
 * {@code false}, {@code nil}, arrays {@code [a, b]}. Functions: {@code len}, {@code lower}/{@code Lower},
 * {@code upper}/{@code Upper}, {@code trim}, {@code Atof}, {@code Atoi}, {@code IpInRange(ip, cidr)},
 * {@code IsIPV4}, {@code IsIPV6}, {@code string}, {@code int}, {@code float}, and the predicates over arrays with a
 * closure {@code any/all/none/filter/map/count(array, {...})} where {@code #} (or a leading {@code .field}) is the
 * element.
 *
 * <p>Design: a recursive-descent (precedence climbing) parser builds a tree of lambdas once; evaluation walks it
 * with no reflection and no access to anything but the variables given (so a scenario file cannot reach the JVM).
 * Member access on a map returns {@code null} for a missing key; {@code null} compares equal to {@code ''}
 * (like Go's zero value of a missing {@code map[string]string} entry). Numbers are doubles; a string and a number
 * compare by value when the string is numeric ({@code evt.Meta.http_status == 404} works). Compile errors carry the
 * 1-based column. Thread-safe once compiled.
 */
public final class Expr {
    /** An evaluation frame: the root variables and, inside a closure, the current element. */
    private record Frame(Map<String, ?> vars, Object element) {
    }

    @FunctionalInterface
    private interface Node {
        Object eval(Frame f);
    }

    /** A syntax error at a column of the expression. */
    public static final class SyntaxException extends RuntimeException {
        private final int column;

        SyntaxException(String message, int column) {
            super(message + " at column " + column);
            this.column = column;
        }

        public int column() {
            return column;
        }
    }

    /** An error while evaluating (e.g. a bad regex or an argument of the wrong type). */
    public static final class EvalException extends RuntimeException {
        EvalException(String message) {
            super(message);
        }
    }

    private final String source;
    private final Node root;

    private Expr(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Compiles an expression.
     *
     * @throws SyntaxException with the column of the problem
     */
    public static Expr compile(String text) {
        Parser p = new Parser(text);
        Node n = p.parseExpression();
        if (p.peek().kind != TokenKind.END) {
            throw new SyntaxException("unexpected '" + p.peek().text + "'", p.peek().column);
        }
        return new Expr(text, n);
    }

    public String source() {
        return source;
    }

    /** Evaluates with the given root variables (e.g. {@code evt}). */
    public Object eval(Map<String, ?> vars) {
        return root.eval(new Frame(vars, null));
    }

    /** Evaluates to a boolean: {@code true}, a non-empty string other than "false", or a non-zero number. */
    public boolean test(Map<String, ?> vars) {
        return truthy(eval(vars));
    }

    /** Evaluates to a string ({@code ""} for nil). */
    public String string(Map<String, ?> vars) {
        return str(eval(vars));
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- values ----

    static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return false;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty() && !s.equalsIgnoreCase("false");
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    static String str(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : d.toString();
        }
        return v.toString();
    }

    static Double num(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return Objects.equals(a == null ? "" : a, b == null ? "" : b) || (a == null && b == null);
        }
        if (a instanceof Double || b instanceof Double || a instanceof Number || b instanceof Number) {
            Double x = num(a);
            Double y = num(b);
            return x != null && y != null && x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Collection<?> ca && b instanceof Collection<?> cb) {
            if (ca.size() != cb.size()) {
                return false;
            }
            var ia = ca.iterator();
            var ib = cb.iterator();
            while (ia.hasNext()) {
                if (!equal(ia.next(), ib.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static int compare(Object a, Object b, String op) {
        Double x = num(a);
        Double y = num(b);
        if (x != null && y != null) {
            return Double.compare(x, y);
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.compareTo(sb);
        }
        throw new EvalException("cannot compare " + typeName(a) + " " + op + " " + typeName(b));
    }

    private static String typeName(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof Double) {
            return "number";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Collection) {
            return "array";
        }
        if (v instanceof Map) {
            return "map";
        }
        return v.getClass().getSimpleName();
    }

    static Object member(Object target, String name) {
        if (target instanceof Map<?, ?> m) {
            return m.get(name);
        }
        if (target instanceof List<?> l) {
            Double d = num(name);
            if (d != null) {
                int i = d.intValue();
                if (i < 0) {
                    i += l.size();
                }
                return i >= 0 && i < l.size() ? l.get(i) : null;
            }
        }
        if (target instanceof String s && num(name) != null) {
            int i = num(name).intValue();
            return i >= 0 && i < s.length() ? String.valueOf(s.charAt(i)) : null;
        }
        return null;
    }

    private static boolean in(Object needle, Object haystack) {
        if (haystack instanceof Collection<?> c) {
            for (Object o : c) {
                if (equal(needle, o)) {
                    return true;
                }
            }
            return false;
        }
        if (haystack instanceof Map<?, ?> m) {
            return m.containsKey(str(needle));
        }
        if (haystack == null) {
            return false;
        }
        throw new EvalException("'in' needs an array or a map on the right, not " + typeName(haystack));
    }

    private static final Map<String, Pattern> REGEX_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern regex(String re) {
        Pattern p = REGEX_CACHE.get(re);
        if (p == null) {
            try {
                p = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw new EvalException("bad regular expression '" + re + "': " + e.getDescription());
            }
            if (REGEX_CACHE.size() < 10_000) {
                REGEX_CACHE.put(re, p);
            }
        }
        return p;
    }

    // ---- lexer ----

    private enum TokenKind { IDENT, NUMBER, STRING, OP, END }

    private record Token(TokenKind kind, String text, int column) {
    }

    private static final String[] OPS = {"==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%",
            "(", ")", "[", "]", "{", "}", ",", ".", "#", "?", ":"};

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int col = i + 1;
            if (Character.isLetter(c) || c == '_' || c == '$') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
                    j++;
                }
                out.add(new Token(TokenKind.IDENT, s.substring(i, j), col));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '_'
                        || (s.charAt(j) == '.' && j + 1 < s.length() && Character.isDigit(s.charAt(j + 1))))) {
                    j++;
                }
                out.add(new Token(TokenKind.NUMBER, s.substring(i, j).replace("_", ""), col));
                i = j;
            } else if (c == '\'' || c == '"' || c == '`') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < s.length()) {
                    char d = s.charAt(j);
                    if (d == c) {
                        closed = true;
                        j++;
                        break;
                    }
                    if (d == '\\' && c != '`' && j + 1 < s.length()) {
                        char e = s.charAt(j + 1);
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 't' -> b.append('\t');
                            case 'r' -> b.append('\r');
                            case '\\', '\'', '"' -> b.append(e);
                            default -> b.append('\\').append(e);
                        }
                        j += 2;
                        continue;
                    }
                    b.append(d);
                    j++;
                }
                if (!closed) {
                    throw new SyntaxException("unterminated string", col);
                }
                out.add(new Token(TokenKind.STRING, b.toString(), col));
                i = j;
            } else {
                String op = null;
                for (String o : OPS) {
                    if (s.startsWith(o, i)) {
                        op = o;
                        break;
                    }
                }
                if (op == null) {
                    throw new SyntaxException("unexpected character '" + c + "'", col);
                }
                out.add(new Token(TokenKind.OP, op, col));
                i += op.length();
            }
        }
        out.add(new Token(TokenKind.END, "end of expression", s.length() + 1));
        return out;
    }

    // ---- parser ----

    private static final class Parser {
        private final List<Token> tokens;
        private int pos;
        private int closureDepth;

        Parser(String text) {
            this.tokens = lex(text == null ? "" : text);
        }

        Token peek() {
            return tokens.get(pos);
        }

        Token peek(int ahead) {
            return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
        }

        Token next() {
            return tokens.get(pos++);
        }

        boolean isOp(String op) {
            Token t = peek();
            return t.kind == TokenKind.OP && t.text.equals(op);
        }

        boolean isWord(String w) {
            Token t = peek();
            return t.kind == TokenKind.IDENT && t.text.equals(w);
        }

        void expect(String op) {
            if (!isOp(op)) {
                throw new SyntaxException("expected '" + op + "' but found '" + peek().text + "'", peek().column);
            }
            pos++;
        }

        Node parseExpression() {
            Node cond = parseOr();
            if (isOp("?")) {
                pos++;
                Node a = parseExpression();
                expect(":");
                Node b = parseExpression();
                return f -> truthy(cond.eval(f)) ? a.eval(f) : b.eval(f);
            }
            return cond;
        }

        Node parseOr() {
            Node left = parseAnd();
            while (isOp("||") || isWord("or")) {
                pos++;
                Node l = left;
                Node r = parseAnd();
                left = f -> truthy(l.eval(f)) || truthy(r.eval(f));
            }
            return left;
        }

        Node parseAnd() {
            Node left = parseComparison();
            while (isOp("&&") || isWord("and")) {
                pos++;
                Node l = left;
                Node r = parseComparison();
                left = f -> truthy(l.eval(f)) && truthy(r.eval(f));
            }
            return left;
        }

        Node parseComparison() {
            Node left = parseAdditive();
            while (true) {
                Token t = peek();
                String op = t.text;
                Node l = left;
                if (t.kind == TokenKind.OP && (op.equals("==") || op.equals("!=") || op.equals("<") || op.equals("<=")
                        || op.equals(">") || op.equals(">="))) {
                    pos++;
                    Node r = parseAdditive();
                    left = switch (op) {
                        case "==" -> f -> equal(l.eval(f), r.eval(f));
                        case "!=" -> f -> !equal(l.eval(f), r.eval(f));
                        case "<" -> f -> compare(l.eval(f), r.eval(f), "<") < 0;
                        case "<=" -> f -> compare(l.eval(f), r.eval(f), "<=") <= 0;
                        case ">" -> f -> compare(l.eval(f), r.eval(f), ">") > 0;
                        default -> f -> compare(l.eval(f), r.eval(f), ">=") >= 0;
                    };
                } else if (t.kind == TokenKind.IDENT && op.equals("not") && peek(1).kind == TokenKind.IDENT
                        && peek(1).text.equals("in")) {
                    pos += 2;
                    Node r = parseAdditive();
                    left = f -> !in(l.eval(f), r.eval(f));
                } else if (t.kind == TokenKind.IDENT && (op.equals("in") || op.equals("contains")
                        || op.equals("startsWith") || op.equals("endsWith") || op.equals("matches"))) {
                    pos++;
                    Node r = parseAdditive();
                    left = switch (op) {
                        case "in" -> f -> in(l.eval(f), r.eval(f));
                        case "contains" -> f -> str(l.eval(f)).contains(str(r.eval(f)));
                        case "startsWith" -> f -> str(l.eval(f)).startsWith(str(r.eval(f)));
                        case "endsWith" -> f -> str(l.eval(f)).endsWith(str(r.eval(f)));
                        default -> f -> regex(str(r.eval(f))).matcher(str(l.eval(f))).find();
                    };
                } else {
                    return left;
                }
            }
        }

        Node parseAdditive() {
            Node left = parseMultiplicative();
            while (isOp("+") || isOp("-")) {
                String op = next().text;
                Node l = left;
                Node r = parseMultiplicative();
                if (op.equals("+")) {
                    left = f -> {
                        Object a = l.eval(f);
                        Object b = r.eval(f);
                        if (a instanceof Double x && b instanceof Double y) {
                            return x + y;
                        }
                        return str(a) + str(b);
                    };
                } else {
                    left = f -> arithmetic(l.eval(f), r.eval(f), '-');
                }
            }
            return left;
        }

        Node parseMultiplicative() {
            Node left = parseUnary();
            while (isOp("*") || isOp("/") || isOp("%")) {
                char op = next().text.charAt(0);
                Node l = left;
                Node r = parseUnary();
                left = f -> arithmetic(l.eval(f), r.eval(f), op);
            }
            return left;
        }

        Node parseUnary() {
            if (isOp("!") || isWord("not")) {
                pos++;
                Node n = parseUnary();
                return f -> !truthy(n.eval(f));
            }
            if (isOp("-")) {
                pos++;
                Node n = parseUnary();
                return f -> arithmetic(0.0, n.eval(f), '-');
            }
            return parsePostfix(parsePrimary());
        }

        Node parsePostfix(Node base) {
            Node n = base;
            while (true) {
                if (isOp(".")) {
                    pos++;
                    Token name = next();
                    if (name.kind != TokenKind.IDENT && name.kind != TokenKind.NUMBER) {
                        throw new SyntaxException("expected a field name after '.'", name.column);
                    }
                    Node t = n;
                    String field = name.text;
                    n = f -> member(t.eval(f), field);
                } else if (isOp("[")) {
                    pos++;
                    Node idx = parseExpression();
                    expect("]");
                    Node t = n;
                    n = f -> member(t.eval(f), str(idx.eval(f)));
                } else {
                    return n;
                }
            }
        }

        Node parsePrimary() {
            Token t = next();
            switch (t.kind) {
                case NUMBER -> {
                    double d = Double.parseDouble(t.text);
                    return f -> d;
                }
                case STRING -> {
                    String s = t.text;
                    return f -> s;
                }
                case IDENT -> {
                    switch (t.text) {
                        case "true":
                            return f -> Boolean.TRUE;
                        case "false":
                            return f -> Boolean.FALSE;
                        case "nil":
                        case "null":
                            return f -> null;
                        default:
                            break;
                    }
                    if (isOp("(")) {
                        return parseCall(t);
                    }
                    String name = t.text;
                    return f -> f.vars().get(name);
                }
                case OP -> {
                    switch (t.text) {
                        case "(" -> {
                            Node n = parseExpression();
                            expect(")");
                            return n;
                        }
                        case "[" -> {
                            List<Node> items = new ArrayList<>();
                            if (!isOp("]")) {
                                do {
                                    items.add(parseExpression());
                                } while (isOpThenSkip(","));
                            }
                            expect("]");
                            return f -> {
                                List<Object> out = new ArrayList<>(items.size());
                                for (Node i : items) {
                                    out.add(i.eval(f));
                                }
                                return out;
                            };
                        }
                        case "#" -> {
                            if (closureDepth == 0) {
                                throw new SyntaxException("'#' is only allowed inside a closure {...}", t.column);
                            }
                            return Frame::element;
                        }
                        case "." -> {
                            if (closureDepth == 0) {
                                throw new SyntaxException("unexpected '.'", t.column);
                            }
                            Token name = next();
                            if (name.kind != TokenKind.IDENT) {
                                throw new SyntaxException("expected a field name after '.'", name.column);
                            }
                            String field = name.text;
                            return f -> member(f.element(), field);
                        }
                        default -> throw new SyntaxException("unexpected '" + t.text + "'", t.column);
                    }
                }
                default -> throw new SyntaxException("unexpected end of expression", t.column);
            }
        }

        boolean isOpThenSkip(String op) {
            if (isOp(op)) {
                pos++;
                return true;
            }
            return false;
        }

        Node parseClosure() {
            Token open = peek();
            expect("{");
            closureDepth++;
            Node body = parseExpression();
            closureDepth--;
            if (!isOp("}")) {
                throw new SyntaxException("expected '}' to close the closure opened at column " + open.column,
                        peek().column);
            }
            pos++;
            return body;
        }

        Node parseCall(Token name) {
            expect("(");
            String fn = name.text;
            if (CLOSURE_FUNCTIONS.contains(fn)) {
                Node array = parseExpression();
                expect(",");
                Node body = parseClosure();
                expect(")");
                return closureCall(fn, array, body);
            }
            List<Node> args = new ArrayList<>();
            if (!isOp(")")) {
                do {
                    args.add(parseExpression());
                } while (isOpThenSkip(","));
            }
            expect(")");
            Integer arity = FUNCTIONS.get(fn);
            if (arity == null) {
                throw new SyntaxException("unknown function '" + fn + "' (known: " + String.join(", ",
                        new java.util.TreeSet<>(FUNCTIONS.keySet())) + ", " + String.join(", ", CLOSURE_FUNCTIONS) + ")",
                        name.column);
            }
            if (arity != args.size()) {
                throw new SyntaxException(fn + "() takes " + arity + " argument" + (arity == 1 ? "" : "s")
                        + ", not " + args.size(), name.column);
            }
            return call(fn, args);
        }
    }

    private static final List<String> CLOSURE_FUNCTIONS = List.of("any", "all", "none", "filter", "map", "count");
    private static final Map<String, Integer> FUNCTIONS = new HashMap<>();

    static {
        for (String f : List.of("len", "lower", "Lower", "upper", "Upper", "trim", "Atof", "Atoi", "IsIPV4", "IsIPV6",
                "IsIP", "string", "int", "float")) {
            FUNCTIONS.put(f, 1);
        }
        FUNCTIONS.put("IpInRange", 2);
    }

    private static Object arithmetic(Object a, Object b, char op) {
        Double x = num(a);
        Double y = num(b);
        if (x == null || y == null) {
            throw new EvalException("'" + op + "' needs numbers, not " + typeName(a) + " and " + typeName(b));
        }
        return switch (op) {
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> x / y;
            default -> x % y;
        };
    }

    private static Node closureCall(String fn, Node arrayNode, Node body) {
        return f -> {
            Object a = arrayNode.eval(f);
            Collection<?> items = a == null ? List.of() : a instanceof Collection<?> c ? c : null;
            if (items == null) {
                throw new EvalException(fn + "() needs an array, not " + typeName(a));
            }
            switch (fn) {
                case "any" -> {
                    for (Object o : items) {
                        if (truthy(body.eval(new Frame(f.vars(), o)))) {
                            return true;
                        }
                    }
                    return false;
                }
                case "all" -> {
                    for (Object o : items) {
                        if (!truthy(body.eval(new Frame(f.vars(), o)))) {
                            return false;
                        }
                    }
                    return true;
                }
                case "none" -> {
                    for (Object o : items) {
                        if (truthy(body.eval(new Frame(f.vars(), o)))) {
                            return false;
                        }
                    }
                    return true;
                }
                case "count" -> {
                    double n = 0;
                    for (Object o : items) {
                        if (truthy(body.eval(new Frame(f.vars(), o)))) {
                            n++;
                        }
                    }
                    return n;
                }
                case "filter" -> {
                    List<Object> out = new ArrayList<>();
                    for (Object o : items) {
                        if (truthy(body.eval(new Frame(f.vars(), o)))) {
                            out.add(o);
                        }
                    }
                    return out;
                }
                default -> {
                    List<Object> out = new ArrayList<>();
                    for (Object o : items) {
                        out.add(body.eval(new Frame(f.vars(), o)));
                    }
                    return out;
                }
            }
        };
    }

    private static Node call(String fn, List<Node> args) {
        Node a0 = args.get(0);
        return switch (fn) {
            case "len" -> f -> {
                Object v = a0.eval(f);
                if (v instanceof Collection<?> c) {
                    return (double) c.size();
                }
                if (v instanceof Map<?, ?> m) {
                    return (double) m.size();
                }
                return (double) str(v).length();
            };
            case "lower", "Lower" -> f -> str(a0.eval(f)).toLowerCase(Locale.ROOT);
            case "upper", "Upper" -> f -> str(a0.eval(f)).toUpperCase(Locale.ROOT);
            case "trim" -> f -> str(a0.eval(f)).strip();
            case "string" -> f -> str(a0.eval(f));
            case "Atof", "float" -> f -> {
                Double d = num(a0.eval(f));
                return d == null ? 0.0 : d;
            };
            case "Atoi", "int" -> f -> {
                Double d = num(a0.eval(f));
                return d == null ? 0.0 : (double) d.longValue();
            };
            case "IsIPV4" -> f -> isAddress(str(a0.eval(f)), 4);
            case "IsIPV6" -> f -> isAddress(str(a0.eval(f)), 6);
            case "IsIP" -> f -> isAddress(str(a0.eval(f)), 0);
            default -> {
                Node a1 = args.get(1);
                yield f -> {
                    String ip = str(a0.eval(f));
                    String cidr = str(a1.eval(f));
                    if (!io.multisystem.ledger.decision.IpRange.isValid(ip)
                            || !io.multisystem.ledger.decision.IpRange.isValid(cidr)) {
                        return false;
                    }
                    return io.multisystem.ledger.decision.IpRange.parse(cidr)
                            .contains(io.multisystem.ledger.decision.IpRange.parse(ip));
                };
            }
        };
    }

    private static boolean isAddress(String s, int family) {
        if (s.contains("/") || !io.multisystem.ledger.decision.IpRange.isValid(s)) {
            return false;
        }
        boolean v6 = s.contains(":");
        return family == 0 || (family == 6) == v6;
    }
}
