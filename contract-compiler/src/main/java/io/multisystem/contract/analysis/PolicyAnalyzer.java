package io.multisystem.contract.analysis;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import io.multisystem.contract.analysis.Analysis.Check;
import io.multisystem.contract.analysis.Analysis.Example;
import io.multisystem.contract.analysis.Analysis.Finding;
import io.multisystem.contract.analysis.Analysis.Report;
import io.multisystem.contract.analysis.Analysis.Result;
import io.multisystem.contract.analysis.Analysis.Verdict;
import io.multisystem.contract.eval.Authorizer;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Interpreter;
import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.eval.Outcome;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.DateTime;
import io.multisystem.contract.value.Decimal;
import io.multisystem.contract.value.Duration;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.EvalException;
import io.multisystem.contract.value.IpAddr;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Formal analysis of policy sets with Z3: proves properties (always-allows/denies, equivalence, implication,
 * disjointness, never-errors) or returns a counterexample, and reports dead, conflicting, shadowed and redundant
 * policies.
 *
 * <p>Design note. Both sets are encoded by one {@link SmtEncoder} over the same symbolic request and store, so a
 * query is a boolean combination of per-policy "satisfied"/"errored" formulas (allow = some permit satisfied and no
 * forbid satisfied, Cedar's rule). UNSAT is a proof over every request and every entity store (strings, sets and
 * hierarchies are unbounded; only the fixed background facts are instantiated over ground terms, see the encoder).
 * SAT yields a model that is turned into a concrete request plus entity store, written as Cedar JSON, read back
 * with the ordinary JSON reader and evaluated by the reference interpreter; only a confirmed example is reported as
 * a violation. If the interpreter does not confirm (possible only where the encoder approximated), the request
 * values are blocked and the solver asked again, at most {@value #ATTEMPTS} times, then the verdict is UNKNOWN.
 *
 * <p>Each call uses its own Z3 context, so calls are independent and may run concurrently.
 */
public final class PolicyAnalyzer {
    static final int ATTEMPTS = 4;
    private static final String COMPONENT = "contract-compiler";

    private final Context ctx;
    private final SmtEncoder enc;
    private final List<Policy> setA;
    private final List<Policy> setB;
    private final List<SmtEncoder.Encoded> encA = new ArrayList<>();
    private final List<SmtEncoder.Encoded> encB = new ArrayList<>();
    private final Solver solver;

    private PolicyAnalyzer(Context ctx, List<Policy> a, List<Policy> b, long timeoutMillis) {
        this.ctx = ctx;
        this.enc = new SmtEncoder(ctx);
        this.setA = a;
        this.setB = b;
        for (Policy p : a) {
            encA.add(enc.policy(p));
        }
        if (b != null) {
            for (Policy p : b) {
                encB.add(enc.policy(p));
            }
        }
        this.solver = ctx.mkSolver();
        Params params = ctx.mkParams();
        params.add("timeout", (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis)));
        solver.setParameters(params);
        for (BoolExpr ax : enc.finish()) {
            solver.add(ax);
        }
    }

    /**
     * Runs the checks on policy set {@code a} (and {@code b} for the comparing checks).
     *
     * @param a linked policies (templates are rejected)
     * @param b the second set, or null when no comparing check is asked
     * @param timeoutMillis solver time limit per query; a query that runs out gives UNKNOWN
     * @throws InvalidInputException when a comparing check has no second set or a policy is an unlinked template
     * @throws FailedPreconditionException when Z3's native library cannot be loaded here
     */
    public static Report analyze(List<Policy> a, List<Policy> b, List<Check> checks, long timeoutMillis) {
        for (Check c : checks) {
            if (c.needsOther && b == null) {
                throw new InvalidInputException(COMPONENT, "NEEDS_OTHER_POLICIES", "check " + c.cliName
                        + " compares two policy sets; give the second set (--against FILE / other)");
            }
        }
        for (List<Policy> set : b == null ? List.of(a) : List.of(a, b)) {
            for (Policy p : set) {
                if (p.isTemplate()) {
                    throw new InvalidInputException(COMPONENT, "TEMPLATE_NOT_LINKED", "policy " + p.id() + " at " + p.loc()
                            + " is a template; link it before analysis");
                }
            }
        }
        String reason = Z3Runtime.unavailableReason();
        if (reason != null) {
            throw new FailedPreconditionException(COMPONENT, "Z3_UNAVAILABLE", "SMT analysis needs Z3: " + reason);
        }
        long t0 = System.nanoTime();
        try (Context ctx = new Context()) {
            PolicyAnalyzer an = new PolicyAnalyzer(ctx, a, b, timeoutMillis);
            List<Result> results = new ArrayList<>();
            for (Check c : checks) {
                results.add(an.run(c));
            }
            return new Report(results, an.enc.approximations(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    // ---- checks -------------------------------------------------------------------------------------------

    private Result run(Check c) {
        switch (c) {
            case ALWAYS_ALLOWS:
                return violatedIf(c, ctx.mkNot(allow(encA)), ex -> !ex.decision().allowed(),
                        "some request is denied");
            case ALWAYS_DENIES:
                return violatedIf(c, allow(encA), ex -> ex.decision().allowed(), "some request is allowed");
            case NEVER_ERRORS:
                return violatedIf(c, any(encA, SmtEncoder.Encoded::errored), ex -> !ex.decision().errors().isEmpty(),
                        "some policy errors on this request");
            case EQUIVALENT:
                return violatedIf(c, ctx.mkXor(allow(encA), allow(encB)),
                        ex -> ex.decision().allowed() != ex.otherDecision().allowed(), "the sets decide this request differently");
            case IMPLIES:
                return violatedIf(c, ctx.mkAnd(allow(encA), ctx.mkNot(allow(encB))),
                        ex -> ex.decision().allowed() && !ex.otherDecision().allowed(),
                        "this request is allowed by the set and denied by the other");
            case SUBSUMES:
                return violatedIf(c, ctx.mkAnd(allow(encB), ctx.mkNot(allow(encA))),
                        ex -> ex.otherDecision().allowed() && !ex.decision().allowed(),
                        "this request is allowed by the other set and denied by this one");
            case DISJOINT:
                return violatedIf(c, ctx.mkAnd(allow(encA), allow(encB)),
                        ex -> ex.decision().allowed() && ex.otherDecision().allowed(), "both sets allow this request");
            case SATISFIABLE: {
                Query q = solve(allow(encA), ex -> ex.decision().allowed());
                if (q.status == Status.SATISFIABLE) {
                    return new Result(c, Verdict.HOLDS, "this request is allowed", q.example, List.of());
                }
                return q.status == Status.UNSATISFIABLE
                        ? new Result(c, Verdict.VIOLATED, "proved: no request is allowed by any entity store", null, List.of())
                        : unknown(c, q);
            }
            case DEAD_RULES:
                return deadRules(c);
            case CONFLICTS:
                return conflicts(c);
            default:
                return redundancy(c);
        }
    }

    private Result violatedIf(Check c, BoolExpr query, Predicate<Example> shows, String what) {
        Query q = solve(query, shows);
        if (q.status == Status.UNSATISFIABLE) {
            return new Result(c, Verdict.HOLDS, "proved: " + c.claim, null, List.of());
        }
        if (q.status == Status.SATISFIABLE) {
            return new Result(c, Verdict.VIOLATED, "counterexample: " + what, q.example, List.of());
        }
        return unknown(c, q);
    }

    private static Result unknown(Check c, Query q) {
        return new Result(c, Verdict.UNKNOWN, q.reason, q.example, List.of());
    }

    private Result deadRules(Check c) {
        List<Finding> dead = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (SmtEncoder.Encoded e : encA) {
            Status s = check(e.satisfied());
            if (s == Status.UNSATISFIABLE) {
                dead.add(new Finding("dead", e.policy().id(), "", "no request and entity store satisfies "
                        + e.policy().id() + " at " + e.policy().loc(), null));
            } else if (s == Status.UNKNOWN) {
                unknown.add(e.policy().id());
            }
        }
        return summarise(c, dead, unknown, dead.size() + " dead polic" + (dead.size() == 1 ? "y" : "ies"));
    }

    private Result conflicts(Check c) {
        List<Finding> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < encA.size(); i++) {
            SmtEncoder.Encoded p = encA.get(i);
            if (p.policy().effect() != Policy.Effect.PERMIT) {
                continue;
            }
            for (int j = 0; j < encA.size(); j++) {
                SmtEncoder.Encoded f = encA.get(j);
                if (f.policy().effect() != Policy.Effect.FORBID) {
                    continue;
                }
                int pi = i, fj = j;
                Query q = solve(ctx.mkAnd(p.satisfied(), f.satisfied()),
                        ex -> satisfied(setA, pi, ex) && satisfied(setA, fj, ex));
                if (q.status == Status.SATISFIABLE) {
                    found.add(new Finding("conflict", p.policy().id(), f.policy().id(), "permit " + p.policy().id()
                            + " and forbid " + f.policy().id() + " both apply to this request (forbid wins)", q.example));
                } else if (q.status == Status.UNKNOWN) {
                    unknown.add(p.policy().id() + "/" + f.policy().id());
                }
            }
        }
        return summarise(c, found, unknown, found.size() + " permit/forbid overlap" + (found.size() == 1 ? "" : "s"));
    }

    private Result redundancy(Check c) {
        List<Finding> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        BoolExpr anyForbid = any(encA, e -> e.policy().effect() == Policy.Effect.FORBID ? e.satisfied() : ctx.mkFalse());
        for (SmtEncoder.Encoded e : encA) {
            String id = e.policy().id();
            Status alive = check(e.satisfied());
            if (alive == Status.UNSATISFIABLE) {
                found.add(new Finding("dead", id, "", id + " never applies, so removing it changes nothing", null));
                continue;
            }
            BoolExpr others = any(encA, o -> o != e && o.policy().effect() == e.policy().effect() ? o.satisfied() : ctx.mkFalse());
            if (e.policy().effect() == Policy.Effect.PERMIT) {
                Status s = check(ctx.mkAnd(e.satisfied(), ctx.mkNot(anyForbid)));
                if (s == Status.UNSATISFIABLE) {
                    found.add(new Finding("shadowed", id, "", "whenever " + id + " applies a forbid applies too, so it never allows", null));
                    continue;
                }
                Status r = check(ctx.mkAnd(e.satisfied(), ctx.mkNot(anyForbid), ctx.mkNot(others)));
                if (r == Status.UNSATISFIABLE) {
                    found.add(new Finding("redundant", id, "", "every request " + id + " allows is allowed by other permits", null));
                } else if (s == Status.UNKNOWN || r == Status.UNKNOWN) {
                    unknown.add(id);
                }
            } else {
                BoolExpr anyPermit = any(encA, o -> o.policy().effect() == Policy.Effect.PERMIT ? o.satisfied() : ctx.mkFalse());
                Status r = check(ctx.mkAnd(e.satisfied(), anyPermit, ctx.mkNot(others)));
                if (r == Status.UNSATISFIABLE) {
                    found.add(new Finding("redundant", id, "", "forbid " + id
                            + " never decides: whenever it applies, no permit applies or another forbid does", null));
                } else if (r == Status.UNKNOWN) {
                    unknown.add(id);
                }
            }
        }
        return summarise(c, found, unknown, found.size() + " shadowed, redundant or dead polic" + (found.size() == 1 ? "y" : "ies"));
    }

    private static Result summarise(Check c, List<Finding> findings, List<String> unknown, String count) {
        if (!findings.isEmpty()) {
            return new Result(c, Verdict.VIOLATED, count + (unknown.isEmpty() ? "" : "; undecided: " + unknown), null, findings);
        }
        if (!unknown.isEmpty()) {
            return new Result(c, Verdict.UNKNOWN, "solver gave no answer for " + unknown, null, findings);
        }
        return new Result(c, Verdict.HOLDS, "proved: " + c.claim, null, findings);
    }

    // ---- solving ------------------------------------------------------------------------------------------

    private BoolExpr allow(List<SmtEncoder.Encoded> set) {
        BoolExpr permit = any(set, e -> e.policy().effect() == Policy.Effect.PERMIT ? e.satisfied() : ctx.mkFalse());
        BoolExpr forbid = any(set, e -> e.policy().effect() == Policy.Effect.FORBID ? e.satisfied() : ctx.mkFalse());
        return ctx.mkAnd(permit, ctx.mkNot(forbid));
    }

    private BoolExpr any(List<SmtEncoder.Encoded> set, java.util.function.Function<SmtEncoder.Encoded, BoolExpr> f) {
        BoolExpr[] parts = set.stream().map(f).toArray(BoolExpr[]::new);
        return parts.length == 0 ? ctx.mkFalse() : ctx.mkOr(parts);
    }

    private Status check(BoolExpr query) {
        solver.push();
        try {
            solver.add(query);
            return solver.check();
        } finally {
            solver.pop();
        }
    }

    private static final class Query {
        Status status;
        Example example;
        String reason;
    }

    private Query solve(BoolExpr query, Predicate<Example> shows) {
        Query q = new Query();
        solver.push();
        try {
            solver.add(query);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Status s = solver.check();
                if (s == Status.UNKNOWN) {
                    q.status = Status.UNKNOWN;
                    q.reason = "the solver gave no answer: " + solver.getReasonUnknown();
                    return q;
                }
                if (s == Status.UNSATISFIABLE) {
                    if (attempt == 0) {
                        q.status = Status.UNSATISFIABLE;
                        return q;
                    }
                    break;
                }
                Model m = solver.getModel();
                Example ex = concretise(m, shows);
                if (ex != null && ex.confirmed()) {
                    q.status = Status.SATISFIABLE;
                    q.example = ex;
                    return q;
                }
                if (ex != null) {
                    q.example = ex;
                }
                // Block this request and try another model.
                solver.add(ctx.mkNot(ctx.mkAnd(ctx.mkEq(enc.principal, m.eval(enc.principal, true)),
                        ctx.mkEq(enc.action, m.eval(enc.action, true)), ctx.mkEq(enc.resource, m.eval(enc.resource, true)))));
            }
            q.status = Status.UNKNOWN;
            q.reason = "the solver found candidate requests the interpreter does not confirm (approximated constructs: "
                    + enc.approximations() + ")";
            return q;
        } finally {
            solver.pop();
        }
    }

    private static boolean satisfied(List<Policy> set, int index, Example ex) {
        try {
            Entities es = JsonCodec.entities(JsonCodec.read(ex.entitiesJson(), "entities"), null);
            return new Interpreter(List.of(set.get(index))).evaluate(0, ex.request(), es) == Outcome.SATISFIED;
        } catch (EvalException e) {
            return false;
        }
    }

    // ---- models to concrete requests ----------------------------------------------------------------------

    /** Builds the concrete request and store of a model, round-trips them through Cedar JSON and evaluates them. */
    private Example concretise(Model m, Predicate<Example> shows) {
        Concretiser k = new Concretiser(m);
        Request request;
        String contextJson;
        String entitiesJson;
        try {
            EntityUid p = (EntityUid) k.value(m.eval(enc.principal, true), 0);
            EntityUid a = (EntityUid) k.value(m.eval(enc.action, true), 0);
            EntityUid r = (EntityUid) k.value(m.eval(enc.resource, true), 0);
            CRecord context = (CRecord) k.value(m.eval(enc.context, true), 0);
            List<Map<String, Object>> entities = k.entities();
            contextJson = JsonCodec.MAPPER.writeValueAsString(JsonCodec.toJson(context));
            entitiesJson = JsonCodec.MAPPER.writeValueAsString(entities);
            request = new Request(p, a, r, JsonCodec.context(JsonCodec.read(contextJson, "context"), null, a));
        } catch (RuntimeException e) {
            return null; // a value outside what the JSON formats express (e.g. a long out of range): not confirmable
        }
        Entities es = JsonCodec.entities(JsonCodec.read(entitiesJson, "entities"), null);
        Response da = Authorizer.authorize(new Interpreter(setA), request, es);
        Response db = setB == null ? null : Authorizer.authorize(new Interpreter(setB), request, es);
        Example ex = new Example(request, contextJson, entitiesJson, da, db, false);
        boolean ok;
        try {
            ok = shows.test(ex);
        } catch (RuntimeException e) {
            ok = false;
        }
        return new Example(request, contextJson, entitiesJson, da, db, ok);
    }

    /** Reads values out of a model; entities met on the way are collected for the store. */
    private final class Concretiser {
        private final Model m;
        private final Map<EntityUid, Expr> entities = new LinkedHashMap<>();
        private final Set<EntityUid> groundEntities = new LinkedHashSet<>();
        /** Sets and records being built, to cut cycles a model may contain (a set that is its own member). */
        private final Set<Expr> open = new LinkedHashSet<>();
        private final Map<Expr, Object> memo = new java.util.HashMap<>();

        Concretiser(Model m) {
            this.m = m;
            for (Expr t : enc.ground) {
                Expr v = m.eval(t, true);
                if (isTrue(enc.is(enc.isEnt, v))) {
                    EntityUid u = entity(v);
                    entities.putIfAbsent(u, v);
                    if (enc.hierarchyTerms.contains(t)) {
                        groundEntities.add(u);
                    }
                }
            }
        }

        private boolean isTrue(BoolExpr e) {
            return m.eval(e, true).isTrue();
        }

        private EntityUid entity(Expr v) {
            return new EntityUid(string(m.eval(ctx.mkApp(enc.tyOf, v), true)), string(m.eval(ctx.mkApp(enc.idOf, v), true)));
        }

        /** Each distinct model value is read once (sets of sets would otherwise be re-read exponentially often). */
        Object value(Expr v, int depth) {
            Object known = memo.get(v);
            if (known != null) {
                return known;
            }
            Object r = read(v, depth);
            memo.put(v, r);
            return r;
        }

        private Object read(Expr v, int depth) {
            if (depth > 12) {
                throw new Cycle(); // deeper than any policy reads: left out by the caller
            }
            if (isTrue(enc.is(enc.isBool, v))) {
                return isTrue(enc.b(v));
            }
            if (isTrue(enc.is(enc.isLong, v))) {
                return longOf(m.eval(enc.l(v), true));
            }
            if (isTrue(enc.is(enc.isStr, v))) {
                return string(m.eval(enc.s(v), true));
            }
            if (isTrue(enc.is(enc.isEnt, v))) {
                EntityUid u = entity(v);
                entities.putIfAbsent(u, v);
                return u;
            }
            if (isTrue(enc.is(enc.isSet, v)) || isTrue(enc.is(enc.isRec, v))) {
                if (!open.add(v)) {
                    throw new Cycle();
                }
                try {
                    if (isTrue(enc.is(enc.isRec, v))) {
                        return CRecord.of(attrs(v, depth));
                    }
                    List<Object> elems = new ArrayList<>();
                    for (Expr t : enc.ground) {
                        if (isTrue((BoolExpr) ctx.mkApp(enc.mem, v, t))) {
                            try {
                                elems.add(value(m.eval(t, true), depth + 1));
                            } catch (Cycle c) {
                                // a member the policies never read whose model value contains this set: left out
                            }
                        }
                    }
                    return CSet.of(elems);
                } finally {
                    open.remove(v);
                }
            }
            long kind = longOf(m.eval(enc.xk(v), true));
            long x = longOf(m.eval(enc.x(v), true));
            switch ((int) kind) {
                case 0: {
                    BigInteger abs = BigInteger.valueOf(x).abs();
                    BigInteger[] qr = abs.divideAndRemainder(BigInteger.valueOf(10_000));
                    return Decimal.parse((x < 0 ? "-" : "") + qr[0] + "." + String.format("%04d", qr[1].intValue()));
                }
                case 1: {
                    if (x >= 0 && x < (1L << 32)) {
                        return IpAddr.parse(((x >>> 24) & 255) + "." + ((x >>> 16) & 255) + "." + ((x >>> 8) & 255) + "." + (x & 255));
                    }
                    IpAddr lit = x < 0 && x >= Integer.MIN_VALUE ? enc.ipLiterals.get((int) (-1L - x)) : null;
                    if (lit != null) {
                        return lit;
                    }
                    // an opaque address inside some literal IPv4 ranges: those ranges form a chain (CIDR ranges nest or
                    // are disjoint, and the encoding forbids disjoint pairs), so the smallest one is inside all of them
                    IpAddr smallest = null;
                    for (Map.Entry<Long, IpAddr> range : enc.ipRanges.entrySet()) {
                        if (range.getValue().isIpv4() && isTrue((BoolExpr) ctx.mkApp(enc.ipIn(), v, ctx.mkInt(range.getKey())))
                                && (smallest == null || range.getValue().isInRange(smallest))) {
                            smallest = range.getValue();
                        }
                    }
                    if (smallest != null) {
                        return smallest;
                    }
                    // otherwise: a distinct IPv6 host per model value
                    return IpAddr.parse(String.format("2001:db8:0:0:%x:%x:%x:%x", (x >>> 48) & 0xffff, (x >>> 32) & 0xffff,
                            (x >>> 16) & 0xffff, x & 0xffff));
                }
                case 2:
                    return new DateTime(x);
                default:
                    return new Duration(x);
            }
        }

        private Map<String, Object> attrs(Expr v, int depth) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String name : enc.attributeNames()) {
                if (isTrue((BoolExpr) ctx.mkApp(enc.hasFn(name), v))) {
                    try {
                        out.put(name, value(m.eval(ctx.mkApp(enc.attrFn(name), v), true), depth + 1));
                    } catch (Cycle c) {
                        // an attribute whose model value contains the record itself: left out
                    }
                }
            }
            return out;
        }

        /** The store in Cedar's entities JSON shape: attributes from the model, parents = ground ancestors. */
        List<Map<String, Object>> entities() {
            List<Map<String, Object>> out = new ArrayList<>();
            Set<EntityUid> done = new LinkedHashSet<>();
            boolean more = true;
            while (more) {
                more = false;
                for (Map.Entry<EntityUid, Expr> e : new ArrayList<>(entities.entrySet())) {
                    if (!done.add(e.getKey())) {
                        continue;
                    }
                    more = true;
                    Map<String, Object> attrs = attrs(e.getValue(), 0);
                    List<Object> parents = new ArrayList<>();
                    if (groundEntities.contains(e.getKey())) {
                        for (EntityUid other : groundEntities) {
                            if (!other.equals(e.getKey())
                                    && isTrue((BoolExpr) ctx.mkApp(enc.anc, e.getValue(), entities.get(other)))) {
                                parents.add(Map.of("type", other.type(), "id", other.id()));
                            }
                        }
                    }
                    if (attrs.isEmpty() && parents.isEmpty()) {
                        continue; // an entity with no attributes and no parents behaves exactly like an absent one
                    }
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("uid", Map.of("type", e.getKey().type(), "id", e.getKey().id()));
                    Map<String, Object> attrJson = new LinkedHashMap<>();
                    attrs.forEach((k, x) -> attrJson.put(k, JsonCodec.toJson(x)));
                    json.put("attrs", attrJson);
                    json.put("parents", parents);
                    out.add(json);
                }
            }
            return out;
        }
    }

    private static final class Cycle extends RuntimeException {
        Cycle() {
            super(null, null, false, false);
        }
    }

    private static long longOf(Expr e) {
        BigInteger v = ((IntNum) e).getBigInteger();
        if (v.bitLength() > 63) {
            throw new IllegalStateException("integer " + v + " outside 64 bits");
        }
        return v.longValue();
    }

    /** Z3 prints non-printable characters of a string literal as {@code \\u{hex}}. */
    static String string(Expr e) {
        String s = e.getString();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 2 < s.length() && s.charAt(i + 1) == 'u' && s.charAt(i + 2) == '{') {
                int end = s.indexOf('}', i);
                out.appendCodePoint(Integer.parseInt(s.substring(i + 3, end), 16));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
