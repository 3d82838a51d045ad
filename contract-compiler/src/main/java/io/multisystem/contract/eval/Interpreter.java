package io.multisystem.contract.eval;

import io.multisystem.contract.lang.Expr;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.EvalException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter: a direct recursive walk of the AST with Cedar's semantics (strict left-to-right,
 * short-circuit {@code &&}/{@code ||}/{@code if}, errors propagate and make the policy not apply). Recursion depth
 * is bounded by the parser's AST depth limit, and each node is visited at most once per evaluation, so cost is
 * linear in policy size plus the size of the values it touches.
 */
public final class Interpreter implements PolicyEvaluator {
    private final List<Policy> policies;

    public Interpreter(List<Policy> policies) {
        for (Policy p : policies) {
            if (p.isTemplate()) {
                throw new IllegalArgumentException("template " + p.id() + " must be linked before evaluation");
            }
        }
        this.policies = List.copyOf(policies);
    }

    @Override
    public List<Policy> policies() {
        return policies;
    }

    @Override
    public int evaluate(int index, Request request, Entities entities) {
        Policy p = policies.get(index);
        if (!scope(p.principal(), request.principal(), entities)) {
            return Outcome.PRINCIPAL_SCOPE;
        }
        if (!scope(p.action(), request.action(), entities)) {
            return Outcome.ACTION_SCOPE;
        }
        if (!scope(p.resource(), request.resource(), entities)) {
            return Outcome.RESOURCE_SCOPE;
        }
        List<Policy.Condition> conds = p.conditions();
        for (int i = 0; i < conds.size(); i++) {
            Policy.Condition c = conds.get(i);
            boolean v = Ops.bool(eval(c.body(), request, entities));
            if (v != c.when()) {
                return i;
            }
        }
        return Outcome.SATISFIED;
    }

    static boolean scope(Policy.Scope s, EntityUid value, Entities es) {
        switch (s.op()) {
            case ANY:
                return true;
            case EQ:
                return value.equals(s.entities().get(0));
            case IN:
                for (EntityUid e : s.entities()) {
                    if (es.isIn(value, e)) {
                        return true;
                    }
                }
                return false;
            case IS:
                return value.type().equals(s.type());
            default:
                if (!value.type().equals(s.type())) {
                    return false;
                }
                for (EntityUid e : s.entities()) {
                    if (es.isIn(value, e)) {
                        return true;
                    }
                }
                return false;
        }
    }

    /** Evaluates one expression against a request. */
    public static Object eval(Expr e, Request r, Entities es) {
        switch (e.kind) {
            case LIT:
                return ((Expr.Lit) e).value;
            case VAR:
                switch (((Expr.VarRef) e).var) {
                    case PRINCIPAL: return r.principal();
                    case ACTION: return r.action();
                    case RESOURCE: return r.resource();
                    default: return r.context();
                }
            case SLOT:
                throw new EvalException("unlinked slot " + ((Expr.Slot) e).name);
            case IF: {
                Expr.If i = (Expr.If) e;
                return Ops.bool(eval(i.cond, r, es)) ? eval(i.then, r, es) : eval(i.otherwise, r, es);
            }
            case AND: {
                Expr.Logic l = (Expr.Logic) e;
                if (!Ops.bool(eval(l.left, r, es))) {
                    return Boolean.FALSE;
                }
                return Ops.bool(eval(l.right, r, es));
            }
            case OR: {
                Expr.Logic l = (Expr.Logic) e;
                if (Ops.bool(eval(l.left, r, es))) {
                    return Boolean.TRUE;
                }
                return Ops.bool(eval(l.right, r, es));
            }
            case NOT:
                return !Ops.bool(eval(((Expr.Unary) e).arg, r, es));
            case NEG:
                return Ops.neg(eval(((Expr.Unary) e).arg, r, es));
            case BIN: {
                Expr.Bin b = (Expr.Bin) e;
                Object x = eval(b.left, r, es);
                Object y = eval(b.right, r, es);
                switch (b.op) {
                    case EQ: return Ops.eq(x, y);
                    case NE: return !Ops.eq(x, y);
                    case LT: return Ops.lt(x, y);
                    case LE: return Ops.le(x, y);
                    case GT: return Ops.gt(x, y);
                    case GE: return Ops.ge(x, y);
                    case IN: return Ops.in(es, x, y);
                    case ADD: return Ops.add(x, y);
                    case SUB: return Ops.sub(x, y);
                    default: return Ops.mul(x, y);
                }
            }
            case HAS: {
                Expr.Has h = (Expr.Has) e;
                return Ops.has(es, eval(h.target, r, es), h.attr);
            }
            case LIKE: {
                Expr.LikeExpr l = (Expr.LikeExpr) e;
                return Ops.like(eval(l.target, r, es), l.pattern);
            }
            case IS: {
                Expr.Is i = (Expr.Is) e;
                Object v = eval(i.target, r, es);
                if (i.in == null) {
                    return Ops.is(v, i.type);
                }
                if (!Ops.is(v, i.type)) {
                    return Boolean.FALSE;
                }
                return Ops.in(es, v, eval(i.in, r, es));
            }
            case ATTR: {
                Expr.Attr a = (Expr.Attr) e;
                return Ops.getAttr(es, eval(a.target, r, es), a.attr);
            }
            case METHOD: {
                Expr.Method m = (Expr.Method) e;
                Object recv = eval(m.target, r, es);
                return Ops.method(es, m.name, recv, evalAll(m.args, r, es));
            }
            case CALL: {
                Expr.Call c = (Expr.Call) e;
                return Ops.call(es, c.name, evalAll(c.args, r, es));
            }
            case SET: {
                List<Object> vals = new ArrayList<>();
                for (Expr x : ((Expr.SetLit) e).elements) {
                    vals.add(eval(x, r, es));
                }
                return CSet.of(vals);
            }
            default: {
                Expr.RecordLit rl = (Expr.RecordLit) e;
                Map<String, Object> m = new HashMap<>();
                for (int i = 0; i < rl.keys.size(); i++) {
                    m.put(rl.keys.get(i), eval(rl.values.get(i), r, es));
                }
                return CRecord.of(m);
            }
        }
    }

    private static Object[] evalAll(List<Expr> args, Request r, Entities es) {
        Object[] out = new Object[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = eval(args.get(i), r, es);
        }
        return out;
    }
}
