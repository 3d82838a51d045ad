package io.multisystem.contract.analysis;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.CharSort;
import com.microsoft.z3.SeqSort;
import com.microsoft.z3.Constructor;
import com.microsoft.z3.Context;
import com.microsoft.z3.DatatypeSort;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.ReExpr;
import com.microsoft.z3.SeqExpr;
import com.microsoft.z3.Sort;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Ops;
import io.multisystem.contract.lang.Expr.BinOp;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.DateTime;
import io.multisystem.contract.value.Decimal;
import io.multisystem.contract.value.Duration;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.EvalException;
import io.multisystem.contract.value.IpAddr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes Cedar policies into SMT (Z3) over one symbolic request and one symbolic entity store.
 *
 * <p>Design note. Cedar is dynamically typed, so every value is a term of one algebraic datatype
 * {@code Val = VBool(Bool) | VLong(Int) | VStr(String) | VEnt(ty: String, id: String) | VSet(Int) | VRec(Int) |
 * VExt(kind: Int, x: Int)} and every encoded expression is a pair (value, error flag) following the interpreter's
 * strict left-to-right, short-circuit evaluation exactly (an erroring policy is not satisfied). The store is
 * uninterpreted: per attribute name {@code a} two functions {@code has_a: Val -> Bool} and {@code attr_a: Val -> Val}
 * (shared by entities and records), set membership {@code mem: Val x Val -> Bool} and the ancestor relation
 * {@code anc: Val x Val -> Bool} ({@code x in y} is {@code x == y || anc(x, y)}). Longs are unbounded integers with
 * explicit 64-bit overflow errors, strings are Z3 strings and {@code like} is a regular-expression membership.
 * Extension values are {@code VExt}: decimal (kind 0, scaled value), ipaddr (1, an opaque id), datetime (2, ms) and
 * duration (3, ms); decimal and datetime/duration comparisons are exact.
 *
 * <p>Quantified facts (transitivity of {@code anc}, "some element of the set is an ancestor", "every element is an
 * entity", set literal membership, set extensionality) are handled by Skolem witnesses for the existential side and
 * by instantiating the universal side over every ground value term of the encoding ({@link #finish()}). A model is
 * turned into a concrete request and entity store whose sets contain exactly the ground members and whose
 * hierarchy is the model's {@code anc} over ground entities, so the concrete world agrees with the model on every
 * term the policies read. Constructs outside this fragment (tags, ip methods other than {@code isInRange} of a literal range, most datetime methods, calls with
 * non-literal arguments) are over-approximated by fresh unconstrained terms and listed in {@link #approximations()}:
 * a proof (UNSAT) stays sound, and any counterexample is confirmed by the interpreter before it is reported.
 *
 * <p>Not thread-safe; one encoder per analysis (a Z3 {@link Context} is single-threaded).
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class SmtEncoder {
    static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** An encoded expression: its value term and whether evaluating it errors. */
    record Sym(Expr val, BoolExpr err) {
    }

    /** One policy's encoding: satisfied (applies, no error) and errored. */
    record Encoded(Policy policy, BoolExpr satisfied, BoolExpr errored) {
    }

    final Context ctx;
    final DatatypeSort val;
    final Constructor cBool, cLong, cStr, cEnt, cSet, cRec, cExt;
    final FuncDecl isBool, isLong, isStr, isEnt, isSet, isRec, isExt;
    final FuncDecl bOf, lOf, sOf, tyOf, idOf, xkOf, xOf;
    final FuncDecl mem, anc;
    final Expr principal, action, resource, context;
    private final Map<String, FuncDecl> hasFns = new LinkedHashMap<>();
    private final Map<String, FuncDecl> attrFns = new LinkedHashMap<>();
    /** Every value term that reaches mem/anc/attr: the domain universal facts are instantiated over. */
    final Set<Expr> ground = new LinkedHashSet<>();
    /**
     * Terms {@code anc} is applied to: transitivity is instantiated over these, and the counterexample hierarchy is
     * built only between their values, so the store's closure equals the model's {@code anc} on them.
     */
    final Set<Expr> hierarchyTerms = new LinkedHashSet<>();
    /** Leaf terms the store provides (ranges of longs, names of types are constrained on them). */
    private final Set<Expr> atoms = new LinkedHashSet<>();
    private final List<BoolExpr> axioms = new ArrayList<>();
    private final List<Universal> universals = new ArrayList<>();
    private final List<Expr[]> comparedPairs = new ArrayList<>();
    private final Map<String, Integer> ipIds = new LinkedHashMap<>();
    final Map<Integer, IpAddr> ipLiterals = new LinkedHashMap<>();
    private final Set<String> approximations = new LinkedHashSet<>();
    /** Entity type names the policies mention; other types are interchangeable, see {@link #typeDomain}. */
    private final Set<String> typeNames = new LinkedHashSet<>();
    private List<String> typeDomainNames;
    private boolean finished;

    /** A universally quantified fact over ground terms, instantiated at {@link #finish()}. */
    private interface Universal {
        BoolExpr at(Expr u);
    }

    SmtEncoder(Context ctx) {
        this.ctx = ctx;
        Sort str = ctx.getStringSort();
        cBool = ctx.mkConstructor("VBool", "isVBool", new String[] {"b"}, new Sort[] {ctx.getBoolSort()}, null);
        cLong = ctx.mkConstructor("VLong", "isVLong", new String[] {"l"}, new Sort[] {ctx.getIntSort()}, null);
        cStr = ctx.mkConstructor("VStr", "isVStr", new String[] {"s"}, new Sort[] {str}, null);
        cEnt = ctx.mkConstructor("VEnt", "isVEnt", new String[] {"ty", "id"}, new Sort[] {str, str}, null);
        cSet = ctx.mkConstructor("VSet", "isVSet", new String[] {"sid"}, new Sort[] {ctx.getIntSort()}, null);
        cRec = ctx.mkConstructor("VRec", "isVRec", new String[] {"rid"}, new Sort[] {ctx.getIntSort()}, null);
        cExt = ctx.mkConstructor("VExt", "isVExt", new String[] {"xk", "x"}, new Sort[] {ctx.getIntSort(), ctx.getIntSort()}, null);
        val = ctx.mkDatatypeSort("Val", new Constructor[] {cBool, cLong, cStr, cEnt, cSet, cRec, cExt});
        isBool = cBool.getTesterDecl();
        isLong = cLong.getTesterDecl();
        isStr = cStr.getTesterDecl();
        isEnt = cEnt.getTesterDecl();
        isSet = cSet.getTesterDecl();
        isRec = cRec.getTesterDecl();
        isExt = cExt.getTesterDecl();
        bOf = cBool.getAccessorDecls()[0];
        lOf = cLong.getAccessorDecls()[0];
        sOf = cStr.getAccessorDecls()[0];
        tyOf = cEnt.getAccessorDecls()[0];
        idOf = cEnt.getAccessorDecls()[1];
        xkOf = cExt.getAccessorDecls()[0];
        xOf = cExt.getAccessorDecls()[1];
        mem = ctx.mkFuncDecl("mem", new Sort[] {val, val}, ctx.getBoolSort());
        anc = ctx.mkFuncDecl("anc", new Sort[] {val, val}, ctx.getBoolSort());
        principal = atom(ctx.mkConst("principal", val));
        action = atom(ctx.mkConst("action", val));
        resource = atom(ctx.mkConst("resource", val));
        context = atom(ctx.mkConst("context", val));
        axioms.add(is(isEnt, principal));
        axioms.add(is(isEnt, action));
        axioms.add(is(isEnt, resource));
        axioms.add(is(isRec, context));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    BoolExpr is(FuncDecl tester, Expr v) {
        return (BoolExpr) ctx.mkApp(tester, v);
    }

    BoolExpr b(Expr v) {
        return (BoolExpr) ctx.mkApp(bOf, v);
    }

    IntExpr l(Expr v) {
        return (IntExpr) ctx.mkApp(lOf, v);
    }

    SeqExpr s(Expr v) {
        return (SeqExpr) ctx.mkApp(sOf, v);
    }

    IntExpr xk(Expr v) {
        return (IntExpr) ctx.mkApp(xkOf, v);
    }

    IntExpr x(Expr v) {
        return (IntExpr) ctx.mkApp(xOf, v);
    }

    Expr vBool(BoolExpr e) {
        return ctx.mkApp(cBool.ConstructorDecl(), e);
    }

    Expr vLong(Expr e) {
        return ctx.mkApp(cLong.ConstructorDecl(), e);
    }

    private BoolExpr or(BoolExpr... es) {
        return ctx.mkOr(es);
    }

    private BoolExpr and(BoolExpr... es) {
        return ctx.mkAnd(es);
    }

    private BoolExpr not(BoolExpr e) {
        return ctx.mkNot(e);
    }

    private BoolExpr inLongRange(Expr i) {
        return and(ctx.mkGe((IntExpr) i, ctx.mkInt(LONG_MIN.toString())), ctx.mkLe((IntExpr) i, ctx.mkInt(LONG_MAX.toString())));
    }

    BoolExpr memApp(Expr set, Expr elem) {
        ground.add(set);
        ground.add(elem);
        return (BoolExpr) ctx.mkApp(mem, set, elem);
    }

    BoolExpr ancApp(Expr child, Expr ancestor) {
        ground.add(child);
        ground.add(ancestor);
        hierarchyTerms.add(child);
        hierarchyTerms.add(ancestor);
        return (BoolExpr) ctx.mkApp(anc, child, ancestor);
    }

    /** Cedar's {@code in} between two entity terms. */
    BoolExpr inEntity(Expr child, Expr ancestor) {
        return or(ctx.mkEq(child, ancestor), ancApp(child, ancestor));
    }

    FuncDecl hasFn(String attr) {
        return hasFns.computeIfAbsent(attr, a -> ctx.mkFuncDecl("has_" + a, new Sort[] {val}, ctx.getBoolSort()));
    }

    FuncDecl attrFn(String attr) {
        return attrFns.computeIfAbsent(attr, a -> ctx.mkFuncDecl("attr_" + a, new Sort[] {val}, val));
    }

    Set<String> attributeNames() {
        Set<String> names = new LinkedHashSet<>(hasFns.keySet());
        names.addAll(attrFns.keySet());
        return names;
    }

    private Expr atom(Expr t) {
        atoms.add(t);
        ground.add(t);
        return t;
    }

    private Expr fresh(String prefix) {
        return atom(ctx.mkFreshConst(prefix, val));
    }

    private Sym approximate(io.multisystem.contract.lang.Expr e, String what) {
        approximations.add(what + " at " + e.loc);
        return new Sym(fresh("approx"), (BoolExpr) ctx.mkFreshConst("approxErr", ctx.getBoolSort()));
    }

    List<String> approximations() {
        return List.copyOf(approximations);
    }

    // ---- constants ----------------------------------------------------------------------------------------

    /** The term of a concrete value (sets and records get definitional axioms). */
    Expr constant(Object v) {
        if (v instanceof Boolean) {
            return vBool(ctx.mkBool((Boolean) v));
        }
        if (v instanceof Long) {
            return vLong(ctx.mkInt((Long) v));
        }
        if (v instanceof String) {
            return ctx.mkApp(cStr.ConstructorDecl(), ctx.mkString((String) v));
        }
        if (v instanceof EntityUid) {
            EntityUid u = (EntityUid) v;
            typeNames.add(u.type());
            Expr t = ctx.mkApp(cEnt.ConstructorDecl(), ctx.mkString(u.type()), ctx.mkString(u.id()));
            ground.add(t);
            return t;
        }
        if (v instanceof Decimal) {
            return ext(0, ctx.mkInt(((Decimal) v).scaled()));
        }
        if (v instanceof IpAddr) {
            IpAddr ip = (IpAddr) v;
            if (isIpv4Host(ip)) {
                return ext(1, ctx.mkInt(ip.network().longValue()));
            }
            int id = ipIds.computeIfAbsent(v.toString(), k -> ipIds.size());
            ipLiterals.put(id, ip);
            return ext(1, ctx.mkInt(-1L - id));
        }
        if (v instanceof DateTime) {
            return ext(2, ctx.mkInt(((DateTime) v).millis()));
        }
        if (v instanceof Duration) {
            return ext(3, ctx.mkInt(((Duration) v).millis()));
        }
        if (v instanceof CSet) {
            List<Expr> elems = new ArrayList<>();
            for (Object o : ((CSet) v).elements()) {
                elems.add(constant(o));
            }
            return setOf(elems);
        }
        if (v instanceof CRecord) {
            Map<String, Expr> attrs = new LinkedHashMap<>();
            ((CRecord) v).attrs().forEach((k, o) -> attrs.put(k, constant(o)));
            return recordOf(attrs);
        }
        throw new IllegalArgumentException("no SMT constant for " + v);
    }

    /**
     * ipaddr values are {@code VExt(1, x)}: {@code 0 <= x < 2^32} is the IPv4 host address x (prefix 32), a negative x
     * names a literal of the policies (ranges, IPv6), anything else is an opaque address.
     */
    static boolean isIpv4Host(IpAddr ip) {
        return ip.isIpv4() && ip.network().equals(ip.broadcast());
    }

    private Expr ext(int kind, IntExpr x) {
        return ctx.mkApp(cExt.ConstructorDecl(), ctx.mkInt(kind), x);
    }

    /** A set whose ground members are exactly {@code elems}. */
    private Expr setOf(List<Expr> elems) {
        Expr set = ctx.mkApp(cSet.ConstructorDecl(), ctx.mkFreshConst("sid", ctx.getIntSort()));
        ground.add(set);
        ground.addAll(elems);
        universals.add(u -> {
            BoolExpr[] eqs = elems.stream().map(e -> ctx.mkEq(u, e)).toArray(BoolExpr[]::new);
            return ctx.mkEq(memApp(set, u), eqs.length == 0 ? ctx.mkFalse() : or(eqs));
        });
        return set;
    }

    /** A record with exactly these attributes (of the names the policies mention). */
    private Expr recordOf(Map<String, Expr> attrs) {
        Expr rec = ctx.mkApp(cRec.ConstructorDecl(), ctx.mkFreshConst("rid", ctx.getIntSort()));
        attrs.forEach((k, v) -> {
            axioms.add((BoolExpr) ctx.mkApp(hasFn(k), rec));
            axioms.add(ctx.mkEq(ctx.mkApp(attrFn(k), rec), v));
        });
        recordLiterals.add(new Object[] {rec, attrs.keySet()});
        return rec;
    }

    private final List<Object[]> recordLiterals = new ArrayList<>();
    final Map<Long, IpAddr> ipRanges = new LinkedHashMap<>();
    private final Set<Expr> ipReceivers = new LinkedHashSet<>();
    private FuncDecl ipInDecl;

    // ---- policies -----------------------------------------------------------------------------------------

    Encoded policy(Policy p) {
        if (p.isTemplate()) {
            throw new IllegalArgumentException("template " + p.id() + " must be linked before analysis");
        }
        BoolExpr ok = and(scope(p.principal(), principal), scope(p.action(), action), scope(p.resource(), resource));
        BoolExpr errored = ctx.mkFalse();
        for (Policy.Condition c : p.conditions()) {
            Sym s = encode(c.body());
            BoolExpr bad = or(s.err(), not(is(isBool, s.val())));
            errored = or(errored, and(ok, bad));
            BoolExpr holds = c.when() ? b(s.val()) : not(b(s.val()));
            ok = and(ok, not(bad), holds);
        }
        return new Encoded(p, (BoolExpr) ok.simplify(), (BoolExpr) errored.simplify());
    }

    private BoolExpr scope(Policy.Scope sc, Expr v) {
        if (sc.type() != null) {
            typeNames.add(sc.type());
        }
        switch (sc.op()) {
            case ANY:
                return ctx.mkTrue();
            case EQ:
                return ctx.mkEq(v, constant(sc.entities().get(0)));
            case IN:
                return anyIn(v, sc.entities());
            case IS:
                return ctx.mkEq(ctx.mkApp(tyOf, v), ctx.mkString(sc.type()));
            default:
                return and(ctx.mkEq(ctx.mkApp(tyOf, v), ctx.mkString(sc.type())), anyIn(v, sc.entities()));
        }
    }

    private BoolExpr anyIn(Expr v, List<EntityUid> parents) {
        BoolExpr[] alts = parents.stream().map(e -> inEntity(v, constant(e))).toArray(BoolExpr[]::new);
        return alts.length == 0 ? ctx.mkFalse() : or(alts);
    }

    // ---- expressions --------------------------------------------------------------------------------------

    Sym encode(io.multisystem.contract.lang.Expr e) {
        switch (e.kind) {
            case LIT:
                return new Sym(constant(((io.multisystem.contract.lang.Expr.Lit) e).value), ctx.mkFalse());
            case VAR:
                switch (((io.multisystem.contract.lang.Expr.VarRef) e).var) {
                    case PRINCIPAL: return new Sym(principal, ctx.mkFalse());
                    case ACTION: return new Sym(action, ctx.mkFalse());
                    case RESOURCE: return new Sym(resource, ctx.mkFalse());
                    default: return new Sym(context, ctx.mkFalse());
                }
            case SLOT:
                return new Sym(vBool(ctx.mkFalse()), ctx.mkTrue());
            case IF: {
                io.multisystem.contract.lang.Expr.If i = (io.multisystem.contract.lang.Expr.If) e;
                Sym c = encode(i.cond);
                Sym t = encode(i.then);
                Sym o = encode(i.otherwise);
                BoolExpr bad = or(c.err(), not(is(isBool, c.val())));
                return new Sym(ctx.mkITE(b(c.val()), t.val(), o.val()),
                        or(bad, (BoolExpr) ctx.mkITE(b(c.val()), t.err(), o.err())));
            }
            case AND:
            case OR: {
                io.multisystem.contract.lang.Expr.Logic lg = (io.multisystem.contract.lang.Expr.Logic) e;
                Sym x = encode(lg.left);
                Sym y = encode(lg.right);
                BoolExpr badX = or(x.err(), not(is(isBool, x.val())));
                BoolExpr badY = or(y.err(), not(is(isBool, y.val())));
                BoolExpr evalRight = e.kind == io.multisystem.contract.lang.Expr.Kind.AND ? b(x.val()) : not(b(x.val()));
                BoolExpr value = e.kind == io.multisystem.contract.lang.Expr.Kind.AND ? and(b(x.val()), b(y.val()))
                        : or(b(x.val()), b(y.val()));
                return new Sym(vBool(value), or(badX, and(evalRight, badY)));
            }
            case NOT: {
                Sym x = encode(((io.multisystem.contract.lang.Expr.Unary) e).arg);
                return new Sym(vBool(not(b(x.val()))), or(x.err(), not(is(isBool, x.val()))));
            }
            case NEG: {
                Sym x = encode(((io.multisystem.contract.lang.Expr.Unary) e).arg);
                Expr r = ctx.mkUnaryMinus(l(x.val()));
                return new Sym(vLong(r), or(x.err(), not(is(isLong, x.val())), not(inLongRange(r))));
            }
            case BIN:
                return binary((io.multisystem.contract.lang.Expr.Bin) e);
            case HAS: {
                io.multisystem.contract.lang.Expr.Has h = (io.multisystem.contract.lang.Expr.Has) e;
                Sym t = encode(h.target);
                ground.add(t.val());
                return new Sym(vBool((BoolExpr) ctx.mkApp(hasFn(h.attr), t.val())),
                        or(t.err(), not(or(is(isEnt, t.val()), is(isRec, t.val())))));
            }
            case LIKE: {
                io.multisystem.contract.lang.Expr.LikeExpr lk = (io.multisystem.contract.lang.Expr.LikeExpr) e;
                Sym t = encode(lk.target);
                return new Sym(vBool(ctx.mkInRe(s(t.val()), likeRegex(lk.pattern))), or(t.err(), not(is(isStr, t.val()))));
            }
            case IS: {
                io.multisystem.contract.lang.Expr.Is i = (io.multisystem.contract.lang.Expr.Is) e;
                Sym t = encode(i.target);
                typeNames.add(i.type);
                BoolExpr typeOk = ctx.mkEq(ctx.mkApp(tyOf, t.val()), ctx.mkString(i.type));
                BoolExpr err = or(t.err(), not(is(isEnt, t.val())));
                if (i.in == null) {
                    return new Sym(vBool(typeOk), err);
                }
                Sym in = encode(i.in);
                Sym r = inOp(t, in);
                return new Sym(vBool(and(typeOk, b(r.val()))), or(err, and(typeOk, or(in.err(), r.err()))));
            }
            case ATTR: {
                io.multisystem.contract.lang.Expr.Attr a = (io.multisystem.contract.lang.Expr.Attr) e;
                Sym t = encode(a.target);
                ground.add(t.val());
                Expr v = atom(ctx.mkApp(attrFn(a.attr), t.val()));
                BoolExpr present = (BoolExpr) ctx.mkApp(hasFn(a.attr), t.val());
                return new Sym(v, or(t.err(), not(or(is(isEnt, t.val()), is(isRec, t.val()))), not(present)));
            }
            case METHOD:
                return method((io.multisystem.contract.lang.Expr.Method) e);
            case CALL:
                return call((io.multisystem.contract.lang.Expr.Call) e);
            case SET: {
                List<Expr> elems = new ArrayList<>();
                List<BoolExpr> errs = new ArrayList<>();
                for (io.multisystem.contract.lang.Expr x : ((io.multisystem.contract.lang.Expr.SetLit) e).elements) {
                    Sym s = encode(x);
                    elems.add(s.val());
                    errs.add(s.err());
                }
                return new Sym(setOf(elems), errs.isEmpty() ? ctx.mkFalse() : or(errs.toArray(BoolExpr[]::new)));
            }
            default: {
                io.multisystem.contract.lang.Expr.RecordLit rl = (io.multisystem.contract.lang.Expr.RecordLit) e;
                Map<String, Expr> attrs = new LinkedHashMap<>();
                List<BoolExpr> errs = new ArrayList<>();
                for (int i = 0; i < rl.keys.size(); i++) {
                    Sym s = encode(rl.values.get(i));
                    attrs.put(rl.keys.get(i), s.val());
                    errs.add(s.err());
                }
                return new Sym(recordOf(attrs), errs.isEmpty() ? ctx.mkFalse() : or(errs.toArray(BoolExpr[]::new)));
            }
        }
    }

    private ReExpr<SeqSort<CharSort>> likeRegex(String[] pattern) {
        List<ReExpr<SeqSort<CharSort>>> parts = new ArrayList<>();
        for (String seg : pattern) {
            parts.add(seg == null ? ctx.mkStar(ctx.mkAllcharRe(ctx.mkReSort(ctx.getStringSort())))
                    : ctx.mkToRe(ctx.mkString(seg)));
        }
        if (parts.isEmpty()) {
            return ctx.mkToRe(ctx.mkString(""));
        }
        ReExpr<SeqSort<CharSort>> re = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            re = ctx.mkConcat(re, parts.get(i));
        }
        return re;
    }

    private Sym binary(io.multisystem.contract.lang.Expr.Bin bin) {
        Sym x = encode(bin.left);
        Sym y = encode(bin.right);
        BoolExpr errs = or(x.err(), y.err());
        Expr a = x.val(), c = y.val();
        switch (bin.op) {
            case EQ:
            case NE: {
                comparedPairs.add(new Expr[] {a, c});
                BoolExpr eq = ctx.mkEq(a, c);
                return new Sym(vBool(bin.op == BinOp.EQ ? eq : not(eq)), errs);
            }
            case LT:
            case LE:
            case GT:
            case GE: {
                BoolExpr longs = and(is(isLong, a), is(isLong, c));
                BoolExpr times = and(is(isExt, a), is(isExt, c), ctx.mkEq(xk(a), xk(c)),
                        or(ctx.mkEq(xk(a), ctx.mkInt(2)), ctx.mkEq(xk(a), ctx.mkInt(3))));
                IntExpr p = (IntExpr) ctx.mkITE(longs, l(a), x(a));
                IntExpr q = (IntExpr) ctx.mkITE(longs, l(c), x(c));
                BoolExpr r;
                switch (bin.op) {
                    case LT: r = ctx.mkLt(p, q); break;
                    case LE: r = ctx.mkLe(p, q); break;
                    case GT: r = ctx.mkGt(p, q); break;
                    default: r = ctx.mkGe(p, q); break;
                }
                return new Sym(vBool(r), or(errs, not(or(longs, times))));
            }
            case IN: {
                Sym r = inOp(x, y);
                return new Sym(r.val(), or(errs, r.err()));
            }
            default: {
                IntExpr p = l(a), q = l(c);
                Expr r = bin.op == BinOp.ADD ? ctx.mkAdd(p, q) : bin.op == BinOp.SUB ? ctx.mkSub(p, q) : ctx.mkMul(p, q);
                return new Sym(vLong(r), or(errs, not(is(isLong, a)), not(is(isLong, c)), not(inLongRange(r))));
            }
        }
    }

    /** {@code a in b}, b an entity or a set of entities; errors of a and b themselves are not included. */
    private Sym inOp(Sym x, Sym y) {
        Expr a = x.val(), bv = y.val();
        if (bv.isApp() && bv.getFuncDecl().equals(cEnt.ConstructorDecl())) {
            // an entity literal: no set semantics needed (keeps the hierarchy terms few)
            return new Sym(vBool(inEntity(a, bv)), not(is(isEnt, a)));
        }
        Expr w = fresh("inWitness");
        Expr w2 = fresh("nonEntityWitness");
        BoolExpr r = (BoolExpr) ctx.mkFreshConst("inSet", ctx.getBoolSort());
        BoolExpr nonEntity = (BoolExpr) ctx.mkFreshConst("inSetErr", ctx.getBoolSort());
        // r <=> some member is an ancestor-or-self of a; nonEntity <=> some member is not an entity.
        axioms.add(ctx.mkImplies(r, and(memApp(bv, w), is(isEnt, w), inEntity(a, w))));
        axioms.add(ctx.mkImplies(nonEntity, and(memApp(bv, w2), not(is(isEnt, w2)))));
        universals.add(u -> ctx.mkImplies(and(is(isSet, bv), memApp(bv, u)),
                and(ctx.mkImplies(is(isEnt, u), ctx.mkImplies(inEntity(a, u), r)), ctx.mkImplies(not(is(isEnt, u)), nonEntity))));
        BoolExpr value = (BoolExpr) ctx.mkITE(is(isEnt, bv), inEntity(a, bv), r);
        BoolExpr err = or(not(is(isEnt, a)), not(or(is(isEnt, bv), is(isSet, bv))), and(is(isSet, bv), nonEntity));
        return new Sym(vBool(value), err);
    }

    private Sym method(io.multisystem.contract.lang.Expr.Method m) {
        Sym recv = encode(m.target);
        List<Sym> args = new ArrayList<>();
        for (io.multisystem.contract.lang.Expr a : m.args) {
            args.add(encode(a));
        }
        BoolExpr errs = recv.err();
        for (Sym a : args) {
            errs = or(errs, a.err());
        }
        Expr r = recv.val();
        switch (m.name) {
            case "contains":
                if (args.size() != 1) {
                    return new Sym(vBool(ctx.mkFalse()), ctx.mkTrue());
                }
                return new Sym(vBool(and(is(isSet, r), memApp(r, args.get(0).val()))), or(errs, not(is(isSet, r))));
            case "containsAll":
            case "containsAny": {
                if (args.size() != 1) {
                    return new Sym(vBool(ctx.mkFalse()), ctx.mkTrue());
                }
                Expr o = args.get(0).val();
                Expr w = fresh("setWitness");
                BoolExpr res = (BoolExpr) ctx.mkFreshConst(m.name, ctx.getBoolSort());
                if (m.name.equals("containsAll")) {
                    // !res => some member of o is not in r; res => every ground member of o is in r
                    axioms.add(ctx.mkImplies(not(res), and(memApp(o, w), not(memApp(r, w)))));
                    universals.add(u -> ctx.mkImplies(and(res, memApp(o, u)), memApp(r, u)));
                } else {
                    axioms.add(ctx.mkImplies(res, and(memApp(o, w), memApp(r, w))));
                    universals.add(u -> ctx.mkImplies(and(memApp(o, u), memApp(r, u)), res));
                }
                return new Sym(vBool(res), or(errs, not(is(isSet, r)), not(is(isSet, o))));
            }
            case "isEmpty": {
                if (!args.isEmpty()) {
                    return new Sym(vBool(ctx.mkFalse()), ctx.mkTrue());
                }
                Expr w = fresh("setWitness");
                BoolExpr res = (BoolExpr) ctx.mkFreshConst("isEmpty", ctx.getBoolSort());
                axioms.add(ctx.mkImplies(not(res), memApp(r, w)));
                universals.add(u -> ctx.mkImplies(res, not(memApp(r, u))));
                return new Sym(vBool(res), or(errs, not(is(isSet, r))));
            }
            case "lessThan":
            case "lessThanOrEqual":
            case "greaterThan":
            case "greaterThanOrEqual": {
                if (args.size() != 1) {
                    return new Sym(vBool(ctx.mkFalse()), ctx.mkTrue());
                }
                Expr o = args.get(0).val();
                BoolExpr decimals = and(is(isExt, r), is(isExt, o), ctx.mkEq(xk(r), ctx.mkInt(0)), ctx.mkEq(xk(o), ctx.mkInt(0)));
                BoolExpr res;
                switch (m.name) {
                    case "lessThan": res = ctx.mkLt(x(r), x(o)); break;
                    case "lessThanOrEqual": res = ctx.mkLe(x(r), x(o)); break;
                    case "greaterThan": res = ctx.mkGt(x(r), x(o)); break;
                    default: res = ctx.mkGe(x(r), x(o)); break;
                }
                return new Sym(vBool(res), or(errs, not(decimals)));
            }
            case "isInRange": {
                Sym precise = args.size() == 1 ? ipInRange(r, args.get(0).val()) : null;
                if (precise != null) {
                    return new Sym(precise.val(), or(errs, precise.err()));
                }
                Sym s = approximate(m, "method .isInRange() with a non-literal range");
                return new Sym(s.val(), or(errs, s.err()));
            }
            case "toMilliseconds": {
                if (!args.isEmpty()) {
                    return new Sym(vBool(ctx.mkFalse()), ctx.mkTrue());
                }
                return new Sym(vLong(x(r)), or(errs, not(and(is(isExt, r), ctx.mkEq(xk(r), ctx.mkInt(3))))));
            }
            default: {
                Sym s = approximate(m, "method ." + m.name + "()");
                return new Sym(s.val(), or(errs, s.err()));
            }
        }
    }

    FuncDecl ipIn() {
        if (ipInDecl == null) {
            ipInDecl = ctx.mkFuncDecl("ipInRange", new Sort[] {val, ctx.getIntSort()}, ctx.getBoolSort());
        }
        return ipInDecl;
    }

    /** {@code r.isInRange(o)} for a literal range o: exact for IPv4 host addresses, unconstrained for other receivers. */
    private Sym ipInRange(Expr r, Expr o) {
        if (!o.isApp() || !o.getFuncDecl().equals(cExt.ConstructorDecl()) || !o.getArgs()[1].isIntNum()) {
            return null;
        }
        long ox = ((com.microsoft.z3.IntNum) o.getArgs()[1]).getInt64();
        BigInteger lo, hi;
        if (ox >= 0) {
            lo = BigInteger.valueOf(ox);
            hi = lo;
        } else {
            IpAddr lit = ipLiterals.get((int) (-1L - ox));
            if (lit == null) {
                return null;
            }
            if (!lit.isIpv4()) {
                lo = BigInteger.ONE;
                hi = BigInteger.ZERO; // an IPv6 range contains no IPv4 host
            } else {
                lo = lit.network();
                hi = lit.broadcast();
            }
        }
        IntExpr xr = x(r);
        BoolExpr host = and(ctx.mkGe(xr, ctx.mkInt(0)), ctx.mkLt(xr, ctx.mkInt(1L << 32)));
        BoolExpr inside = and(ctx.mkGe(xr, ctx.mkInt(lo.longValue())), ctx.mkLe(xr, ctx.mkInt(hi.longValue())));
        IpAddr range = ox >= 0 ? IpAddr.parse(ipv4(ox)) : ipLiterals.get((int) (-1L - ox));
        // opaque receivers: an uninterpreted in-range relation that respects containment between the literal ranges
        ipRanges.put(ox, range);
        ipReceivers.add(r);
        BoolExpr other = (BoolExpr) ctx.mkApp(ipIn(), r, ctx.mkInt(ox));
        for (Map.Entry<Integer, IpAddr> lit : ipLiterals.entrySet()) { // receivers that are literals: decided now
            boolean in = lit.getValue().isInRange(range);
            other = (BoolExpr) ctx.mkITE(ctx.mkEq(xr, ctx.mkInt(-1L - lit.getKey())), ctx.mkBool(in), other);
        }
        BoolExpr ips = and(is(isExt, r), ctx.mkEq(xk(r), ctx.mkInt(1)), is(isExt, o), ctx.mkEq(xk(o), ctx.mkInt(1)));
        return new Sym(vBool((BoolExpr) ctx.mkITE(host, inside, other)), not(ips));
    }

    static String ipv4(long x) {
        return ((x >>> 24) & 255) + "." + ((x >>> 16) & 255) + "." + ((x >>> 8) & 255) + "." + (x & 255);
    }

    private Sym call(io.multisystem.contract.lang.Expr.Call c) {
        Object[] lits = new Object[c.args.size()];
        boolean literal = true;
        for (int i = 0; i < lits.length; i++) {
            io.multisystem.contract.lang.Expr a = c.args.get(i);
            if (a.kind == io.multisystem.contract.lang.Expr.Kind.LIT) {
                lits[i] = ((io.multisystem.contract.lang.Expr.Lit) a).value;
            } else {
                literal = false;
            }
        }
        if (literal && Ops.EXTENSION_FUNCTIONS.contains(c.name)) {
            try {
                return new Sym(constant(Ops.call(Entities.EMPTY, c.name, lits)), ctx.mkFalse());
            } catch (EvalException ex) {
                return new Sym(vBool(ctx.mkFalse()), ctx.mkTrue());
            }
        }
        if (Ops.isMethodName(c.name) && !c.args.isEmpty()) {
            return method(new io.multisystem.contract.lang.Expr.Method(c.loc, c.args.get(0), c.name,
                    c.args.subList(1, c.args.size())));
        }
        List<BoolExpr> errs = new ArrayList<>();
        for (io.multisystem.contract.lang.Expr a : c.args) {
            errs.add(encode(a).err());
        }
        Sym s = approximate(c, "call " + c.name + "(...)");
        errs.add(s.err());
        return new Sym(s.val(), or(errs.toArray(BoolExpr[]::new)));
    }

    /**
     * Policies can only compare a type name with the names they mention, so any store can be renamed so that every
     * entity type is a mentioned name or one of {@code n} fresh names ({@code n} = number of entity terms): the
     * restriction loses no behaviour, and keeps the string solver out of type names.
     */
    private BoolExpr typeDomain(Expr t) {
        if (typeDomainNames == null) {
            typeDomainNames = new ArrayList<>(typeNames);
            int fresh = 0;
            for (int i = 0; i < atoms.size(); i++) {
                String name;
                do {
                    name = "Entity" + fresh++;
                } while (typeNames.contains(name));
                typeDomainNames.add(name);
            }
        }
        Expr ty = ctx.mkApp(tyOf, t);
        return or(typeDomainNames.stream().map(n -> ctx.mkEq(ty, ctx.mkString(n))).toArray(BoolExpr[]::new));
    }

    /** False for terms built by a non-entity constructor (literals, sets, records); they never need anc facts. */
    private boolean maybeEntity(Expr t) {
        if (!t.isApp() || t.getNumArgs() == 0) {
            return true;
        }
        FuncDecl f = t.getFuncDecl();
        return !(f.equals(cBool.ConstructorDecl()) || f.equals(cLong.ConstructorDecl()) || f.equals(cStr.ConstructorDecl())
                || f.equals(cSet.ConstructorDecl()) || f.equals(cRec.ConstructorDecl()) || f.equals(cExt.ConstructorDecl()));
    }

    // ---- closing the encoding -----------------------------------------------------------------------------

    /**
     * The background theory: request shape, 64-bit ranges, the entity-type domain, and every universal fact instantiated
     * over the ground terms. Call once, after every policy is encoded.
     */
    List<BoolExpr> finish() {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        // Set extensionality for compared pairs: distinct sets differ on a (witness) member.
        for (Expr[] pair : comparedPairs) {
            Expr w = fresh("extWitness");
            axioms.add(ctx.mkImplies(and(is(isSet, pair[0]), is(isSet, pair[1]), not(ctx.mkEq(pair[0], pair[1]))),
                    not(ctx.mkEq(memApp(pair[0], w), memApp(pair[1], w)))));
        }
        for (Object[] rl : recordLiterals) {
            Set<?> keys = (Set<?>) rl[1];
            for (String name : attributeNames()) {
                if (!keys.contains(name)) {
                    axioms.add(not((BoolExpr) ctx.mkApp(hasFn(name), (Expr) rl[0])));
                }
            }
        }
        List<BoolExpr> out = new ArrayList<>(axioms);
        for (Expr t : atoms) {
            out.add(ctx.mkImplies(is(isLong, t), inLongRange(l(t))));
            out.add(ctx.mkImplies(is(isEnt, t), typeDomain(t)));
            out.add(ctx.mkImplies(is(isExt, t), and(ctx.mkGe(xk(t), ctx.mkInt(0)), ctx.mkLe(xk(t), ctx.mkInt(3)),
                    inLongRange(x(t)))));
        }
        // Opaque addresses are ranges too: inside a range means inside every range containing it, and never inside
        // two disjoint ranges at once.
        for (Expr t : ipReceivers) {
            for (Map.Entry<Long, IpAddr> a : ipRanges.entrySet()) {
                for (Map.Entry<Long, IpAddr> b : ipRanges.entrySet()) {
                    if (a.getKey().equals(b.getKey()) || a.getValue().isIpv4() != b.getValue().isIpv4()) {
                        continue;
                    }
                    BoolExpr inA = (BoolExpr) ctx.mkApp(ipIn(), t, ctx.mkInt(a.getKey()));
                    BoolExpr inB = (BoolExpr) ctx.mkApp(ipIn(), t, ctx.mkInt(b.getKey()));
                    if (a.getValue().isInRange(b.getValue())) {
                        out.add(ctx.mkImplies(inA, inB));
                    } else if (a.getValue().broadcast().compareTo(b.getValue().network()) < 0
                            || b.getValue().broadcast().compareTo(a.getValue().network()) < 0) {
                        out.add(not(and(inA, inB)));
                    }
                }
            }
        }
        List<Expr> g = new ArrayList<>(ground);
        for (Universal u : universals) {
            for (Expr t : g) {
                out.add(u.at(t));
            }
        }
        // anc relates entities only, and is transitive over the hierarchy terms that can be entities.
        List<Expr> ents = new ArrayList<>();
        for (Expr t : hierarchyTerms) {
            if (maybeEntity(t)) {
                ents.add(t);
            }
        }
        for (Expr t : ents) {
            for (Expr v : ents) {
                out.add(ctx.mkImplies((BoolExpr) ctx.mkApp(anc, t, v), and(is(isEnt, t), is(isEnt, v))));
            }
        }
        if (ents.size() <= 60) {
            for (Expr t : ents) {
                for (Expr v : ents) {
                    if (t.equals(v)) {
                        continue;
                    }
                    for (Expr w : ents) {
                        out.add(ctx.mkImplies(and((BoolExpr) ctx.mkApp(anc, t, v), (BoolExpr) ctx.mkApp(anc, v, w)),
                                (BoolExpr) ctx.mkApp(anc, t, w)));
                    }
                }
            }
        } else {
            approximations.add("hierarchy transitivity not instantiated (" + ents.size() + " hierarchy terms > 60)");
        }
        return out;
    }
}
