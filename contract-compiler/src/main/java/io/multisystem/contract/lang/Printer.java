package io.multisystem.contract.lang;

import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.Values;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Canonical source form of contracts (the {@code fmt} verb): one scope element per line, conditions indented,
 * minimal parentheses chosen from operator precedence (or &lt; and &lt; relation &lt; add &lt; mult &lt; unary &lt;
 * member). Printing then parsing yields the same AST.
 */
public final class Printer {
    private Printer() {
    }

    public static String print(ParsedFile file) {
        StringBuilder sb = new StringBuilder();
        for (Policy p : file.policies()) {
            sb.append(policy(p)).append("\n\n");
        }
        for (RateLimitDecl r : file.rateLimits()) {
            sb.append("rate_limit ").append(r.name()).append(" {\n  key: ").append(expr(r.key(), 0)).append(";\n  rate: ")
                    .append(r.permits()).append(" per ").append(duration(r.periodMillis())).append(";\n  burst: ")
                    .append(r.burst()).append(";\n  algorithm: ").append(r.algorithm().name().toLowerCase()).append(";\n");
            if (r.when() != null) {
                sb.append("  when { ").append(expr(r.when(), 0)).append(" }\n");
            }
            sb.append("}\n\n");
        }
        for (SlaDecl s : file.slas()) {
            sb.append("sla ").append(s.name()).append(" {\n");
            for (SlaDecl.Objective o : s.objectives()) {
                sb.append("  ").append(o.function() == null ? o.metric() : o.function() + "(" + o.metric() + ")").append(' ')
                        .append(o.comparator()).append(' ').append(quantity(o)).append(" over ").append(duration(o.windowMillis()))
                        .append(";\n");
            }
            sb.append("}\n\n");
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static String quantity(SlaDecl.Objective o) {
        if (o.percent()) {
            return strip(o.threshold() * 100) + "%";
        }
        if (o.function() != null && !o.function().equals("count") && o.metric().contains("latency")) {
            return duration((long) o.threshold());
        }
        return strip(o.threshold());
    }

    private static String strip(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String duration(long ms) {
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    public static String policy(Policy p) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> a : p.annotations().entrySet()) {
            sb.append('@').append(a.getKey()).append('(').append(Values.quote(a.getValue())).append(")\n");
        }
        sb.append(p.effect() == Policy.Effect.PERMIT ? "permit" : "forbid").append(" (\n  ")
                .append(scope("principal", p.principal())).append(",\n  ").append(scope("action", p.action()))
                .append(",\n  ").append(scope("resource", p.resource())).append("\n)");
        for (Policy.Condition c : p.conditions()) {
            sb.append('\n').append(c.when() ? "when" : "unless").append(" { ").append(expr(c.body(), 0)).append(" }");
        }
        return sb.append(';').toString();
    }

    private static String target(Policy.Scope s) {
        return s.slot() != null ? s.slot() : s.entities().get(0).toString();
    }

    private static String scope(String var, Policy.Scope s) {
        switch (s.op()) {
            case ANY: return var;
            case EQ: return var + " == " + target(s);
            case IN:
                if ("[]".equals(s.type())) {
                    return var + " in [" + s.entities().stream().map(EntityUid::toString).collect(Collectors.joining(", ")) + "]";
                }
                return var + " in " + target(s);
            case IS: return var + " is " + s.type();
            default: return var + " is " + s.type() + " in " + target(s);
        }
    }

    private static int prec(Expr e) {
        switch (e.kind) {
            case IF: return 0;
            case OR: return 1;
            case AND: return 2;
            case HAS: case LIKE: case IS: return 3;
            case BIN: {
                Expr.BinOp op = ((Expr.Bin) e).op;
                if (op == Expr.BinOp.ADD || op == Expr.BinOp.SUB) {
                    return 4;
                }
                return op == Expr.BinOp.MUL ? 5 : 3;
            }
            case NOT: case NEG: return 6;
            default: return 7;
        }
    }

    private static String wrap(Expr e, int min) {
        String s = expr(e, 0);
        return prec(e) < min ? "(" + s + ")" : s;
    }

    public static String expr(Expr e, int unused) {
        switch (e.kind) {
            case LIT: return value(((Expr.Lit) e).value);
            case VAR: return ((Expr.VarRef) e).var.name().toLowerCase();
            case SLOT: return ((Expr.Slot) e).name;
            case IF: {
                Expr.If i = (Expr.If) e;
                return "if " + expr(i.cond, 0) + " then " + expr(i.then, 0) + " else " + expr(i.otherwise, 0);
            }
            case OR: {
                Expr.Logic l = (Expr.Logic) e;
                return wrap(l.left, 1) + " || " + wrap(l.right, 2);
            }
            case AND: {
                Expr.Logic l = (Expr.Logic) e;
                return wrap(l.left, 2) + " && " + wrap(l.right, 3);
            }
            case NOT: return "!" + wrap(((Expr.Unary) e).arg, 6);
            case NEG: {
                Expr a = ((Expr.Unary) e).arg;
                String s = wrap(a, 6);
                return s.startsWith("-") ? "-(" + s + ")" : "-" + s;
            }
            case BIN: {
                Expr.Bin b = (Expr.Bin) e;
                int p = prec(e);
                return wrap(b.left, p == 3 ? 4 : p) + " " + b.op.symbol + " " + wrap(b.right, p + 1);
            }
            case HAS: return wrap(((Expr.Has) e).target, 4) + " has " + attrName(((Expr.Has) e).attr);
            case LIKE: return wrap(((Expr.LikeExpr) e).target, 4) + " like " + ((Expr.LikeExpr) e).source;
            case IS: {
                Expr.Is i = (Expr.Is) e;
                return wrap(i.target, 4) + " is " + i.type + (i.in == null ? "" : " in " + wrap(i.in, 4));
            }
            case ATTR: {
                Expr.Attr a = (Expr.Attr) e;
                String t = wrap(a.target, 7);
                return isIdent(a.attr) ? t + "." + a.attr : t + "[" + Values.quote(a.attr) + "]";
            }
            case METHOD: {
                Expr.Method m = (Expr.Method) e;
                return wrap(m.target, 7) + "." + m.name + "(" + list(m.args) + ")";
            }
            case CALL: {
                Expr.Call c = (Expr.Call) e;
                return c.name + "(" + list(c.args) + ")";
            }
            case SET: return "[" + list(((Expr.SetLit) e).elements) + "]";
            default: {
                Expr.RecordLit r = (Expr.RecordLit) e;
                StringBuilder sb = new StringBuilder("{");
                for (int i = 0; i < r.keys.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(Values.quote(r.keys.get(i))).append(": ").append(expr(r.values.get(i), 0));
                }
                return sb.append('}').toString();
            }
        }
    }

    private static String attrName(String a) {
        return isIdent(a) ? a : Values.quote(a);
    }

    private static boolean isIdent(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*") && !List.of("true", "false", "if", "then", "else", "in", "is", "like", "has",
                "principal", "action", "resource", "context", "permit", "forbid", "when", "unless").contains(s);
    }

    private static String list(List<Expr> xs) {
        return xs.stream().map(x -> expr(x, 0)).collect(Collectors.joining(", "));
    }

    private static String value(Object v) {
        if (v instanceof Long && (Long) v < 0) {
            return v.toString();
        }
        if (v instanceof CSet || v instanceof CRecord) {
            return v.toString();
        }
        return Values.render(v);
    }
}
