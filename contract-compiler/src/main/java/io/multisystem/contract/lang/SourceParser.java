package io.multisystem.contract.lang;

import io.multisystem.contract.lang.ContractParser.*;
import io.multisystem.contract.value.EntityUid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Parses contract sources with the ANTLR grammar {@code Contract.g4} and builds the AST.
 *
 * <p>Design: ANTLR's default error recovery keeps parsing after a syntax error, so every syntax error of a file is
 * collected (file:line:col, message, caret snippet); AST construction then reports semantic problems (bad escapes,
 * integer literals out of range, unknown functions, limits) the same way. Hostile inputs are rejected before the
 * recursive-descent parser can overflow the stack: a pre-scan bounds bracket nesting, and AST depth, literal sizes
 * and source size are bounded with errors naming the limit.
 */
public final class SourceParser {
    public static final int MAX_SOURCE_CHARS = 4 * 1024 * 1024;
    public static final int MAX_NESTING = 64;
    public static final int MAX_AST_DEPTH = 512;
    public static final int MAX_LITERAL_CHARS = 65_536;

    private final String file;
    private final String source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private SourceParser(String file, String source) {
        this.file = file;
        this.source = source;
    }

    /** Parses a whole source; throws {@link ParseException} listing every problem found. */
    public static ParsedFile parse(String file, String source) {
        SourceParser p = new SourceParser(file, source);
        ParsedFile result = p.run();
        if (!p.diagnostics.isEmpty()) {
            throw new ParseException(p.diagnostics);
        }
        return result;
    }

    /** Parses policies only (Cedar policy set text). */
    public static List<Policy> parsePolicies(String file, String source) {
        return parse(file, source).policies();
    }

    /** Parses a single expression (used by tests, the CLI and CEL-like evaluation). */
    public static Expr parseExpression(String file, String source) {
        SourceParser p = new SourceParser(file, source);
        Expr e = p.runExpression();
        if (!p.diagnostics.isEmpty()) {
            throw new ParseException(p.diagnostics);
        }
        return e;
    }

    private ContractParser parser() {
        ContractLexer lexer = new ContractLexer(CharStreams.fromString(source, file));
        ContractParser parser = new ContractParser(new CommonTokenStream(lexer));
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int pos, String msg, RecognitionException e) {
                if (diagnostics.size() < 100) {
                    error(line, pos + 1, "syntax error: " + msg);
                }
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        return parser;
    }

    private boolean precheck() {
        if (source.length() > MAX_SOURCE_CHARS) {
            error(1, 1, "source is " + source.length() + " characters; the limit is " + MAX_SOURCE_CHARS);
            return false;
        }
        int depth = 0, line = 1, col = 0;
        boolean inString = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            col++;
            if (c == '\n') {
                line++;
                col = 0;
            }
            if (inString) {
                if (c == '\\') {
                    i++;
                    col++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
                i--;
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '(' || c == '[' || c == '{') {
                if (++depth > MAX_NESTING) {
                    error(line, col, "nesting deeper than " + MAX_NESTING + " brackets; simplify the expression");
                    return false;
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        return true;
    }

    private ParsedFile run() {
        List<Policy> policies = new ArrayList<>();
        List<RateLimitDecl> limits = new ArrayList<>();
        List<SlaDecl> slas = new ArrayList<>();
        if (!precheck()) {
            return new ParsedFile(policies, limits, slas);
        }
        FileContext tree = parser().file();
        for (StatementContext st : tree.statement()) {
            try {
                if (st.policy() != null) {
                    policies.add(policy(st.policy(), "policy" + policies.size()));
                } else if (st.rateLimit() != null) {
                    limits.add(rateLimit(st.rateLimit()));
                } else if (st.sla() != null) {
                    slas.add(sla(st.sla()));
                }
            } catch (BuildError e) {
                // already recorded; keep going to report further problems
            } catch (RuntimeException e) {
                if (diagnostics.isEmpty()) {
                    throw e;
                }
            }
        }
        return new ParsedFile(policies, limits, slas);
    }

    private Expr runExpression() {
        if (!precheck()) {
            return null;
        }
        ContractParser p = parser();
        ExprContext ctx = p.expr();
        if (p.getCurrentToken().getType() != Token.EOF) {
            error(p.getCurrentToken(), "unexpected `" + p.getCurrentToken().getText() + "` after the expression");
        }
        if (!diagnostics.isEmpty()) {
            return null;
        }
        try {
            return expr(ctx, 0);
        } catch (BuildError e) {
            return null;
        }
    }

    // ---- errors -----------------------------------------------------------------------------------------

    private static final class BuildError extends RuntimeException {
        BuildError() {
            super(null, null, false, false);
        }
    }

    private void error(int line, int col, String message) {
        diagnostics.add(new Diagnostic(new Loc(file, line, col), message, Diagnostic.caret(source, line, col)));
    }

    private void error(Token t, String message) {
        error(t.getLine(), t.getCharPositionInLine() + 1, message);
    }

    private BuildError fail(ParserRuleContext ctx, String message) {
        error(ctx.getStart(), message);
        return new BuildError();
    }

    private Loc loc(ParserRuleContext ctx) {
        return new Loc(file, ctx.getStart().getLine(), ctx.getStart().getCharPositionInLine() + 1);
    }

    // ---- policies ---------------------------------------------------------------------------------------

    private Policy policy(PolicyContext ctx, String id) {
        if (ctx.exception != null || ctx.effect == null) {
            throw new BuildError();
        }
        Map<String, String> annotations = annotations(ctx.annotation());
        Policy.Effect effect = ctx.effect.getType() == ContractLexer.PERMIT ? Policy.Effect.PERMIT : Policy.Effect.FORBID;
        Policy.Scope principal = scope(ctx.principalScope().op, ctx.principalScope().entOrSlot(),
                ctx.principalScope().path(), "?principal");
        Policy.Scope resource = scope(ctx.resourceScope().op, ctx.resourceScope().entOrSlot(),
                ctx.resourceScope().path(), "?resource");
        ActionScopeContext a = ctx.actionScope();
        Policy.Scope action;
        if (a.op == null) {
            action = Policy.Scope.ANY;
        } else if (a.op.getType() == ContractLexer.IS) {
            action = new Policy.Scope(a.entity().isEmpty() ? Policy.Scope.Op.IS : Policy.Scope.Op.IS_IN,
                    a.entity().stream().map(this::entity).toList(), null, path(a.path()));
        } else {
            List<EntityUid> es = a.entity().stream().map(this::entity).toList();
            boolean list = a.getChild(2) != null && a.getChild(2).getText().equals("[");
            action = new Policy.Scope(a.op.getText().equals("==") ? Policy.Scope.Op.EQ : Policy.Scope.Op.IN, es,
                    list ? "[]" : null, null);
            if (list) {
                action = new Policy.Scope(Policy.Scope.Op.IN, es, null, "[]");
            }
        }
        List<Policy.Condition> conditions = new ArrayList<>();
        for (ConditionContext c : ctx.condition()) {
            if (c.expr() == null) {
                throw fail(c, "a `" + c.kind.getText() + "` clause needs a condition between the braces");
            }
            conditions.add(new Policy.Condition(c.kind.getType() == ContractLexer.WHEN, expr(c.expr(), 0), loc(c)));
        }
        return new Policy(id, effect, annotations, principal, action, resource, conditions, loc(ctx));
    }

    private Map<String, String> annotations(List<AnnotationContext> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (AnnotationContext an : list) {
            String key = an.ident().getText();
            if (out.containsKey(key)) {
                throw fail(an, "duplicate annotation `@" + key + "`");
            }
            out.put(key, an.STR() == null ? "" : string(an.STR().getSymbol()));
        }
        return out;
    }

    private Policy.Scope scope(Token op, EntOrSlotContext target, PathContext path, String slotName) {
        if (op == null) {
            return Policy.Scope.ANY;
        }
        String slot = null;
        List<EntityUid> es = List.of();
        if (target != null) {
            if (target.SLOT() != null) {
                slot = target.SLOT().getText();
                if (!slot.equals(slotName)) {
                    error(target.SLOT().getSymbol(), "slot `" + slot + "` cannot be used here; expected `" + slotName + "`");
                    throw new BuildError();
                }
            } else {
                es = List.of(entity(target.entity()));
            }
        }
        switch (op.getType()) {
            case ContractLexer.IS:
                return new Policy.Scope(target == null ? Policy.Scope.Op.IS : Policy.Scope.Op.IS_IN, es, slot, path(path));
            case ContractLexer.IN:
                return new Policy.Scope(Policy.Scope.Op.IN, es, slot, null);
            default:
                return new Policy.Scope(Policy.Scope.Op.EQ, es, slot, null);
        }
    }

    private EntityUid entity(EntityContext ctx) {
        return new EntityUid(path(ctx.path()), string(ctx.STR().getSymbol()));
    }

    private String path(PathContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (IdentContext id : ctx.ident()) {
            if (sb.length() > 0) {
                sb.append("::");
            }
            sb.append(id.getText());
        }
        return sb.toString();
    }

    // ---- expressions ------------------------------------------------------------------------------------

    private void depth(ParserRuleContext ctx, int depth) {
        if (depth > MAX_AST_DEPTH) {
            throw fail(ctx, "expression nested deeper than " + MAX_AST_DEPTH + " levels; simplify it");
        }
    }

    private Expr expr(ExprContext ctx, int d) {
        depth(ctx, d);
        if (ctx instanceof IfExprContext) {
            IfExprContext c = (IfExprContext) ctx;
            return new Expr.If(loc(c), expr(c.expr(0), d + 1), expr(c.expr(1), d + 1), expr(c.expr(2), d + 1));
        }
        OrExprContext or = ((PlainExprContext) ctx).orExpr();
        Expr left = and(or.andExpr(0), d + 1);
        for (int i = 1; i < or.andExpr().size(); i++) {
            left = new Expr.Logic(Expr.Kind.OR, loc(or), left, and(or.andExpr(i), d + i + 1));
            depth(or, d + i);
        }
        return left;
    }

    private Expr and(AndExprContext ctx, int d) {
        Expr left = relation(ctx.relation(0), d + 1);
        for (int i = 1; i < ctx.relation().size(); i++) {
            left = new Expr.Logic(Expr.Kind.AND, loc(ctx), left, relation(ctx.relation(i), d + i + 1));
            depth(ctx, d + i);
        }
        return left;
    }

    private Expr relation(RelationContext ctx, int d) {
        depth(ctx, d);
        if (ctx instanceof CompareContext) {
            CompareContext c = (CompareContext) ctx;
            Expr.BinOp op;
            switch (c.op.getText()) {
                case "==": op = Expr.BinOp.EQ; break;
                case "!=": op = Expr.BinOp.NE; break;
                case "<": op = Expr.BinOp.LT; break;
                case "<=": op = Expr.BinOp.LE; break;
                case ">": op = Expr.BinOp.GT; break;
                case ">=": op = Expr.BinOp.GE; break;
                default: op = Expr.BinOp.IN;
            }
            return new Expr.Bin(loc(c), op, add(c.add(0), d + 1), add(c.add(1), d + 1));
        }
        if (ctx instanceof HasAttrContext) {
            HasAttrContext c = (HasAttrContext) ctx;
            Expr target = add(c.add(), d + 1);
            if (c.STR() != null) {
                return new Expr.Has(loc(c), target, string(c.STR().getSymbol()));
            }
            // `e has a.b.c` means `e has a && e.a has b && e.a.b has c`
            List<IdentContext> ids = c.ident();
            Expr result = new Expr.Has(loc(c), target, ids.get(0).getText());
            Expr path = target;
            for (int i = 1; i < ids.size(); i++) {
                path = new Expr.Attr(loc(c), path, ids.get(i - 1).getText());
                result = new Expr.Logic(Expr.Kind.AND, loc(c), result, new Expr.Has(loc(c), path, ids.get(i).getText()));
            }
            return result;
        }
        if (ctx instanceof LikeExprContext) {
            LikeExprContext c = (LikeExprContext) ctx;
            String raw = c.STR().getText();
            return new Expr.LikeExpr(loc(c), add(c.add(), d + 1), pattern(c.STR().getSymbol()), raw);
        }
        if (ctx instanceof IsExprContext) {
            IsExprContext c = (IsExprContext) ctx;
            Expr in = c.add().size() > 1 ? add(c.add(1), d + 1) : null;
            return new Expr.Is(loc(c), add(c.add(0), d + 1), path(c.path()), in);
        }
        return add(((PlainRelationContext) ctx).add(), d + 1);
    }

    private Expr add(AddContext ctx, int d) {
        Expr left = mult(ctx.mult(0), d + 1);
        for (int i = 1; i < ctx.mult().size(); i++) {
            Expr.BinOp op = ctx.ops.get(i - 1).getText().equals("+") ? Expr.BinOp.ADD : Expr.BinOp.SUB;
            left = new Expr.Bin(loc(ctx), op, left, mult(ctx.mult(i), d + i + 1));
            depth(ctx, d + i);
        }
        return left;
    }

    private Expr mult(MultContext ctx, int d) {
        Expr left = unary(ctx.unary(0), d + 1);
        for (int i = 1; i < ctx.unary().size(); i++) {
            left = new Expr.Bin(loc(ctx), Expr.BinOp.MUL, left, unary(ctx.unary(i), d + i + 1));
            depth(ctx, d + i);
        }
        return left;
    }

    private Expr unary(UnaryContext ctx, int d) {
        depth(ctx, d + ctx.ops.size());
        List<Token> ops = ctx.ops;
        Expr e;
        int remaining = ops.size();
        MemberContext m = ctx.member();
        // `-9223372036854775808`: the minus belongs to the literal
        if (remaining > 0 && ops.get(remaining - 1).getText().equals("-") && m.access().isEmpty()
                && m.primary() instanceof LitPrimaryContext
                && ((LitPrimaryContext) m.primary()).literal().INT() != null) {
            e = intLiteral(((LitPrimaryContext) m.primary()).literal(), true);
            remaining--;
        } else {
            e = member(m, d + ops.size() + 1);
        }
        for (int i = remaining - 1; i >= 0; i--) {
            e = new Expr.Unary(ops.get(i).getText().equals("!") ? Expr.Kind.NOT : Expr.Kind.NEG, loc(ctx), e);
        }
        return e;
    }

    private Expr member(MemberContext ctx, int d) {
        Expr e = primary(ctx.primary(), d + 1);
        int i = 0;
        for (AccessContext a : ctx.access()) {
            depth(ctx, d + ++i);
            if (a instanceof MethodCallContext) {
                MethodCallContext mc = (MethodCallContext) a;
                String name = mc.ident().getText();
                List<Expr> args = exprs(mc.exprList(), d + i + 1);
                if (!isKnownMethod(name)) {
                    throw fail(mc, "unknown method `" + name + "`");
                }
                e = new Expr.Method(loc(mc), e, name, args);
            } else if (a instanceof FieldAccessContext) {
                e = new Expr.Attr(loc(a), e, ((FieldAccessContext) a).ident().getText());
            } else {
                e = new Expr.Attr(loc(a), e, string(((IndexAccessContext) a).STR().getSymbol()));
            }
        }
        return e;
    }

    private static boolean isKnownMethod(String name) {
        switch (name) {
            case "contains": case "containsAll": case "containsAny": case "isEmpty": case "getTag": case "hasTag":
                return true;
            default:
                return io.multisystem.contract.eval.Ops.isMethodName(name);
        }
    }

    private List<Expr> exprs(ExprListContext ctx, int d) {
        List<Expr> out = new ArrayList<>();
        if (ctx != null) {
            for (ExprContext e : ctx.expr()) {
                out.add(expr(e, d));
            }
        }
        return out;
    }

    private Expr primary(PrimaryContext ctx, int d) {
        depth(ctx, d);
        if (ctx instanceof LitPrimaryContext) {
            LiteralContext l = ((LitPrimaryContext) ctx).literal();
            if (l.TRUE() != null) {
                return new Expr.Lit(loc(l), Boolean.TRUE);
            }
            if (l.FALSE() != null) {
                return new Expr.Lit(loc(l), Boolean.FALSE);
            }
            if (l.INT() != null) {
                return intLiteral(l, false);
            }
            return new Expr.Lit(loc(l), string(l.STR().getSymbol()));
        }
        if (ctx instanceof VarPrimaryContext) {
            Token v = ((VarPrimaryContext) ctx).var;
            Expr.Var var = Expr.Var.valueOf(v.getText().toUpperCase(java.util.Locale.ROOT));
            return new Expr.VarRef(loc(ctx), var);
        }
        if (ctx instanceof SlotPrimaryContext) {
            return new Expr.Slot(loc(ctx), ctx.getText());
        }
        if (ctx instanceof EntityPrimaryContext) {
            return new Expr.Lit(loc(ctx), entity(((EntityPrimaryContext) ctx).entity()));
        }
        if (ctx instanceof CallPrimaryContext) {
            CallPrimaryContext c = (CallPrimaryContext) ctx;
            String name = path(c.path());
            if (!io.multisystem.contract.eval.Ops.EXTENSION_FUNCTIONS.contains(name)
                    && !io.multisystem.contract.eval.Ops.isMethodName(name)) {
                throw fail(c, "unknown extension function `" + name + "`");
            }
            return new Expr.Call(loc(c), name, exprs(c.exprList(), d + 1));
        }
        if (ctx instanceof ParenPrimaryContext) {
            return expr(((ParenPrimaryContext) ctx).expr(), d + 1);
        }
        if (ctx instanceof SetPrimaryContext) {
            return new Expr.SetLit(loc(ctx), exprs(((SetPrimaryContext) ctx).exprList(), d + 1));
        }
        RecordPrimaryContext r = (RecordPrimaryContext) ctx;
        List<String> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        for (RecInitContext ri : r.recInit()) {
            String key = ri.STR() != null ? string(ri.STR().getSymbol()) : ri.ident().getText();
            if (keys.contains(key)) {
                throw fail(ri, "duplicate key `" + key + "` in record literal");
            }
            keys.add(key);
            values.add(expr(ri.expr(), d + 1));
        }
        return new Expr.RecordLit(loc(ctx), keys, values);
    }

    private Expr intLiteral(LiteralContext l, boolean negative) {
        String digits = (negative ? "-" : "") + l.INT().getText();
        try {
            return new Expr.Lit(loc(l), Long.parseLong(digits));
        } catch (NumberFormatException e) {
            throw fail(l, "integer literal `" + digits + "` is out of the 64-bit range");
        }
    }

    // ---- strings ----------------------------------------------------------------------------------------

    private String string(Token t) {
        String text = t.getText();
        if (text.length() > MAX_LITERAL_CHARS + 2) {
            error(t, "string literal of " + (text.length() - 2) + " characters exceeds the limit of " + MAX_LITERAL_CHARS);
            throw new BuildError();
        }
        StringBuilder out = new StringBuilder();
        if (!unescape(t, text.substring(1, text.length() - 1), out, null)) {
            throw new BuildError();
        }
        return out.toString();
    }

    private String[] pattern(Token t) {
        String text = t.getText();
        List<String> parts = new ArrayList<>();
        if (!unescape(t, text.substring(1, text.length() - 1), new StringBuilder(), parts)) {
            throw new BuildError();
        }
        return parts.toArray(new String[0]);
    }

    /** Cedar escapes; when {@code pattern} is non-null, {@code *} splits wildcards and {@code \*} is a literal star. */
    private boolean unescape(Token t, String s, StringBuilder out, List<String> pattern) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' && pattern != null) {
                if (out.length() > 0) {
                    pattern.add(out.toString());
                    out.setLength(0);
                }
                pattern.add(null);
                continue;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= s.length()) {
                error(t, "string ends with a lone backslash");
                return false;
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case '0': out.append('\0'); break;
                case '\\': out.append('\\'); break;
                case '\'': out.append('\''); break;
                case '"': out.append('"'); break;
                case '*':
                    if (pattern == null) {
                        error(t, "invalid escape `\\*` outside a `like` pattern");
                        return false;
                    }
                    out.append('*');
                    break;
                case 'u': {
                    int close = s.indexOf('}', i);
                    if (i + 1 >= s.length() || s.charAt(i + 1) != '{' || close < 0 || close - i - 2 < 1 || close - i - 2 > 6) {
                        error(t, "invalid unicode escape; write it as \\u{1F600}");
                        return false;
                    }
                    try {
                        int cp = Integer.parseInt(s.substring(i + 2, close), 16);
                        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                            error(t, "invalid unicode code point in escape");
                            return false;
                        }
                        out.appendCodePoint(cp);
                    } catch (NumberFormatException ex) {
                        error(t, "invalid unicode escape; write it as \\u{1F600}");
                        return false;
                    }
                    i = close;
                    break;
                }
                default:
                    error(t, "invalid escape `\\" + e + "`");
                    return false;
            }
        }
        if (pattern != null && out.length() > 0) {
            pattern.add(out.toString());
        }
        return true;
    }

    // ---- rate limits and SLAs ---------------------------------------------------------------------------

    private RateLimitDecl rateLimit(RateLimitContext ctx) {
        Expr key = null;
        Expr when = null;
        long permits = -1, period = -1, burst = -1;
        RateLimitDecl.Algorithm algo = RateLimitDecl.Algorithm.TOKEN_BUCKET;
        for (RateItemContext item : ctx.rateItem()) {
            if (item instanceof RateKeyContext) {
                key = expr(((RateKeyContext) item).expr(), 0);
            } else if (item instanceof RateRateContext) {
                RateRateContext r = (RateRateContext) item;
                permits = positive(r, r.INT().getText(), "rate");
                period = durationMillis(r, r.DURATION().getText());
            } else if (item instanceof RateBurstContext) {
                burst = positive(item, ((RateBurstContext) item).INT().getText(), "burst");
            } else if (item instanceof RateAlgorithmContext) {
                String a = ((RateAlgorithmContext) item).ident().getText();
                if (a.equals("token_bucket")) {
                    algo = RateLimitDecl.Algorithm.TOKEN_BUCKET;
                } else if (a.equals("sliding_window")) {
                    algo = RateLimitDecl.Algorithm.SLIDING_WINDOW;
                } else {
                    throw fail(item, "unknown algorithm `" + a + "`; use token_bucket or sliding_window");
                }
            } else if (item instanceof RateWhenContext) {
                when = expr(((RateWhenContext) item).expr(), 0);
            }
        }
        String name = ctx.ident().getText();
        if (key == null) {
            throw fail(ctx, "rate_limit `" + name + "` needs a `key: <expression>;` item");
        }
        if (permits < 0) {
            throw fail(ctx, "rate_limit `" + name + "` needs a `rate: <n> per <duration>;` item");
        }
        if (algo == RateLimitDecl.Algorithm.SLIDING_WINDOW && burst > permits) {
            throw fail(ctx, "rate_limit `" + name + "`: a sliding_window burst (" + burst + ") cannot exceed the rate ("
                    + permits + " per window); use token_bucket for bursts above the per-period rate");
        }
        return new RateLimitDecl(name, key, permits, period, burst < 0 ? permits : burst, algo, when, loc(ctx));
    }

    private long positive(ParserRuleContext ctx, String digits, String what) {
        try {
            long v = Long.parseLong(digits);
            if (v <= 0) {
                throw fail(ctx, what + " must be positive");
            }
            return v;
        } catch (NumberFormatException e) {
            throw fail(ctx, what + " `" + digits + "` is too large");
        }
    }

    static long durationMillisOf(String text) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        long n = Long.parseLong(text.substring(0, i));
        switch (text.substring(i)) {
            case "ms": return n;
            case "s": return Math.multiplyExact(n, 1000L);
            case "m": return Math.multiplyExact(n, 60_000L);
            case "h": return Math.multiplyExact(n, 3_600_000L);
            default: return Math.multiplyExact(n, 86_400_000L);
        }
    }

    private long durationMillis(ParserRuleContext ctx, String text) {
        try {
            long v = durationMillisOf(text);
            if (v <= 0) {
                throw fail(ctx, "duration `" + text + "` must be positive");
            }
            return v;
        } catch (ArithmeticException | NumberFormatException e) {
            throw fail(ctx, "duration `" + text + "` is too large");
        }
    }

    private SlaDecl sla(SlaContext ctx) {
        List<SlaDecl.Objective> objectives = new ArrayList<>();
        for (ObjectiveContext o : ctx.objective()) {
            MetricContext m = o.metric();
            String fn = m.fn == null ? null : m.fn.getText();
            String metric = m.fn == null ? m.ident(0).getText() : m.ident(1).getText();
            if (fn != null && !fn.matches("p(50|90|95|99|999)|avg|max|min|count")) {
                throw fail(m, "unknown aggregate `" + fn + "`; use p50, p90, p95, p99, p999, avg, min, max or count");
            }
            QuantityContext q = o.quantity();
            double threshold;
            boolean percent = false;
            if (q.DURATION() != null) {
                threshold = durationMillisOf(q.DURATION().getText());
            } else if (q.PERCENT() != null) {
                String p = q.PERCENT().getText();
                threshold = Double.parseDouble(p.substring(0, p.length() - 1)) / 100.0;
                percent = true;
            } else {
                threshold = Double.parseDouble(q.getText());
            }
            objectives.add(new SlaDecl.Objective(fn, metric, o.cmp.getText(), threshold, percent,
                    durationMillis(o, o.DURATION().getText()), o.getText(), loc(o)));
        }
        if (objectives.isEmpty()) {
            throw fail(ctx, "sla `" + ctx.ident().getText() + "` has no objectives");
        }
        return new SlaDecl(ctx.ident().getText(), objectives, loc(ctx));
    }

    @SuppressWarnings("unused")
    private static String text(TerminalNode n) {
        return n == null ? null : n.getText();
    }
}
