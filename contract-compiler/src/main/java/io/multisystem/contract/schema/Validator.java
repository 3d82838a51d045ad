package io.multisystem.contract.schema;

import io.multisystem.contract.eval.Ops;
import io.multisystem.contract.lang.Expr;
import io.multisystem.contract.lang.Loc;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.lang.Printer;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.DateTime;
import io.multisystem.contract.value.Decimal;
import io.multisystem.contract.value.Duration;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.EvalException;
import io.multisystem.contract.value.IpAddr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cedar's strict-mode validator: policies are type-checked once per request environment (action × principal type ×
 * resource type the schema allows and the policy scope admits).
 *
 * <p>Design: a syntax-directed checker over a small type lattice (Bool with literal singletons True/False, Long,
 * String, Set, Record, Entity as a set of possible types, extensions). Like Cedar it short-circuits on literal
 * booleans ({@code false && e} does not check {@code e}), tracks capabilities established by {@code has}/{@code hasTag}
 * through {@code &&}, {@code ||} and {@code if}, so optional attributes and tags are only readable under a guard, and
 * in strict mode requires operands of {@code ==}, set elements and {@code if} branches to have a common type. It reports
 * unknown entity types, actions and attributes, type mismatches, hierarchy-violating {@code in}, empty set literals,
 * malformed extension literals, and policies whose scope matches no action the schema declares.
 */
public final class Validator {
    public record Issue(String policyId, Loc loc, String message) {
        @Override
        public String toString() {
            return policyId + " at " + loc + ": " + message;
        }
    }

    private Validator() {
    }

    public static List<Issue> validate(Schema schema, List<Policy> policies) {
        List<Issue> issues = new ArrayList<>();
        for (Policy p : policies) {
            new Checker(schema, p, issues).check();
        }
        return issues;
    }

    // ---- types ------------------------------------------------------------------------------------------

    private static final class T {
        enum K { BOOL, LONG, STRING, SET, RECORD, ENTITY, EXT }

        final K k;
        final Boolean lit;
        final T elem;
        final Map<String, SType.Attr> attrs;
        final Set<String> types;
        final String ext;

        T(K k, Boolean lit, T elem, Map<String, SType.Attr> attrs, Set<String> types, String ext) {
            this.k = k;
            this.lit = lit;
            this.elem = elem;
            this.attrs = attrs;
            this.types = types;
            this.ext = ext;
        }

        static final T BOOL = new T(K.BOOL, null, null, null, null, null);
        static final T TRUE = new T(K.BOOL, true, null, null, null, null);
        static final T FALSE = new T(K.BOOL, false, null, null, null, null);
        static final T LONG = new T(K.LONG, null, null, null, null, null);
        static final T STRING = new T(K.STRING, null, null, null, null, null);

        static T set(T elem) {
            return new T(K.SET, null, elem, null, null, null);
        }

        static T record(Map<String, SType.Attr> attrs) {
            return new T(K.RECORD, null, null, attrs, null, null);
        }

        static T entity(Set<String> types) {
            return new T(K.ENTITY, null, null, null, types, null);
        }

        static T ext(String name) {
            return new T(K.EXT, null, null, null, null, name);
        }

        static T of(SType s) {
            switch (s.kind) {
                case BOOL: return BOOL;
                case LONG: return LONG;
                case STRING: return STRING;
                case SET: return set(of(s.element));
                case RECORD: return record(s.attrs);
                case ENTITY: return entity(Set.of(s.name));
                default: return ext(s.name);
            }
        }

        @Override
        public String toString() {
            switch (k) {
                case BOOL: return lit == null ? "Bool" : lit ? "True" : "False";
                case SET: return "Set<" + (elem == null ? "?" : elem) + ">";
                case RECORD: return "Record" + attrs.keySet();
                case ENTITY: return "Entity" + types;
                case EXT: return ext;
                default: return k.name().charAt(0) + k.name().substring(1).toLowerCase();
            }
        }
    }

    /** Least upper bound in strict mode, or null when none. */
    private static T lub(T a, T b) {
        if (a.k != b.k) {
            return null;
        }
        switch (a.k) {
            case BOOL: return a.lit != null && a.lit.equals(b.lit) ? a : T.BOOL;
            case SET: {
                if (a.elem == null) {
                    return b;
                }
                if (b.elem == null) {
                    return a;
                }
                T e = lub(a.elem, b.elem);
                return e == null ? null : T.set(e);
            }
            case RECORD: {
                if (!a.attrs.keySet().equals(b.attrs.keySet())) {
                    return null;
                }
                Map<String, SType.Attr> m = new TreeMap<>();
                for (String key : a.attrs.keySet()) {
                    SType.Attr x = a.attrs.get(key), y = b.attrs.get(key);
                    if (x.required() != y.required()) {
                        return null;
                    }
                    T l = lub(T.of(x.type()), T.of(y.type()));
                    if (l == null) {
                        return null;
                    }
                    m.put(key, x);
                }
                return T.record(m);
            }
            case ENTITY: {
                if (!a.types.equals(b.types)) {
                    return null;
                }
                return a;
            }
            case EXT: return a.ext.equals(b.ext) ? a : null;
            default: return a;
        }
    }

    private static final class Fail extends RuntimeException {
        Fail() {
            super(null, null, false, false);
        }
    }

    private record R(T type, Set<String> caps) {
    }

    private static final class Checker {
        private final Schema schema;
        private final Policy policy;
        private final List<Issue> issues;
        private EntityUid action;
        private String principalType;
        private String resourceType;
        private T context;

        Checker(Schema schema, Policy policy, List<Issue> issues) {
            this.schema = schema;
            this.policy = policy;
            this.issues = issues;
        }

        private Fail fail(Loc loc, String message) {
            issues.add(new Issue(policy.id(), loc, message));
            return new Fail();
        }

        void check() {
            try {
                checkScopeNames();
                boolean any = false;
                for (Schema.ActionDef a : schema.actions().values()) {
                    if (a.principals() == null || !scopeAdmitsAction(policy.action(), a.uid())) {
                        continue;
                    }
                    for (String pt : a.principals()) {
                        if (!scopeAdmitsType(policy.principal(), pt)) {
                            continue;
                        }
                        for (String rt : a.resources()) {
                            if (!scopeAdmitsType(policy.resource(), rt)) {
                                continue;
                            }
                            any = true;
                            action = a.uid();
                            principalType = pt;
                            resourceType = rt;
                            context = T.of(a.context());
                            for (Policy.Condition c : policy.conditions()) {
                                R r = tc(c.body(), Set.of());
                                if (r.type().k != T.K.BOOL) {
                                    throw fail(c.body().loc, "condition must be a boolean, got " + r.type());
                                }
                                if (c.when() && Boolean.FALSE.equals(r.type().lit)
                                        || !c.when() && Boolean.TRUE.equals(r.type().lit)) {
                                    break;
                                }
                            }
                        }
                    }
                }
                if (!any) {
                    throw fail(policy.loc(), "no action in the schema applies to this policy's principal, action and resource scope");
                }
            } catch (Fail f) {
                // recorded
            }
        }

        private void checkScopeNames() {
            for (Policy.Scope s : List.of(policy.principal(), policy.resource())) {
                for (EntityUid e : s.entities()) {
                    knownEntity(e, policy.loc());
                }
                if (s.type() != null && !schema.entityTypes().containsKey(s.type())) {
                    throw fail(policy.loc(), "unknown entity type `" + s.type() + "`");
                }
            }
            for (EntityUid e : policy.action().entities()) {
                if (!schema.actions().containsKey(e)) {
                    throw fail(policy.loc(), "unknown action `" + e + "`");
                }
            }
        }

        private void knownEntity(EntityUid e, Loc loc) {
            if (schema.isActionType(e.type())) {
                if (!schema.actions().containsKey(e)) {
                    throw fail(loc, "unknown action `" + e + "`");
                }
                return;
            }
            Schema.EntityType t = schema.entityTypes().get(e.type());
            if (t == null) {
                throw fail(loc, "unknown entity type `" + e.type() + "`");
            }
            if (t.enumIds() != null && !t.enumIds().contains(e.id())) {
                throw fail(loc, "`" + e + "` is not one of the enumerated entities of " + e.type());
            }
        }

        private boolean actionIn(EntityUid a, EntityUid ancestor) {
            Set<EntityUid> seen = new HashSet<>();
            List<EntityUid> todo = new ArrayList<>(List.of(a));
            while (!todo.isEmpty()) {
                EntityUid x = todo.remove(todo.size() - 1);
                if (x.equals(ancestor)) {
                    return true;
                }
                if (seen.add(x) && schema.actions().containsKey(x)) {
                    todo.addAll(schema.actions().get(x).memberOf());
                }
            }
            return false;
        }

        private boolean scopeAdmitsAction(Policy.Scope s, EntityUid a) {
            switch (s.op()) {
                case ANY: return true;
                case EQ: return a.equals(s.entities().get(0));
                case IN: return s.entities().stream().anyMatch(e -> actionIn(a, e));
                case IS: return a.type().equals(s.type());
                default: return a.type().equals(s.type()) && s.entities().stream().anyMatch(e -> actionIn(a, e));
            }
        }

        /** Can an entity of {@code type} be a descendant (or equal) of an entity of {@code ancestor}? */
        private boolean typeMayBeIn(String type, String ancestor) {
            if (type.equals(ancestor)) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(List.of(type));
            while (!todo.isEmpty()) {
                String x = todo.remove(todo.size() - 1);
                if (!seen.add(x)) {
                    continue;
                }
                Schema.EntityType et = schema.entityTypes().get(x);
                if (et == null) {
                    continue;
                }
                for (String p : et.memberOf()) {
                    if (p.equals(ancestor)) {
                        return true;
                    }
                    todo.add(p);
                }
            }
            return false;
        }

        private boolean scopeAdmitsType(Policy.Scope s, String type) {
            switch (s.op()) {
                case ANY: return true;
                case EQ: return s.entities().isEmpty() || s.entities().get(0).type().equals(type);
                case IN: return s.entities().isEmpty() || typeMayBeIn(type, s.entities().get(0).type());
                case IS: return type.equals(s.type());
                default: return type.equals(s.type()) && (s.entities().isEmpty() || typeMayBeIn(type, s.entities().get(0).type()));
            }
        }

        private static String key(Expr e) {
            return Printer.expr(e, 0);
        }

        private R ok(T t) {
            return new R(t, Set.of());
        }

        private R tc(Expr e, Set<String> caps) {
            switch (e.kind) {
                case LIT: return ok(literal(((Expr.Lit) e).value, e.loc));
                case VAR:
                    switch (((Expr.VarRef) e).var) {
                        case PRINCIPAL: return ok(T.entity(Set.of(principalType)));
                        case RESOURCE: return ok(T.entity(Set.of(resourceType)));
                        case ACTION: return ok(T.entity(Set.of(action.type())));
                        default: return ok(context);
                    }
                case SLOT: return ok(T.entity(Set.copyOf(schema.entityTypes().keySet())));
                case IF: {
                    Expr.If i = (Expr.If) e;
                    R c = tc(i.cond, caps);
                    expect(c.type(), T.K.BOOL, i.cond);
                    if (Boolean.TRUE.equals(c.type().lit)) {
                        return tc(i.then, union(caps, c.caps()));
                    }
                    if (Boolean.FALSE.equals(c.type().lit)) {
                        return tc(i.otherwise, caps);
                    }
                    R a = tc(i.then, union(caps, c.caps()));
                    R b = tc(i.otherwise, caps);
                    T l = lub(a.type(), b.type());
                    if (l == null) {
                        throw fail(e.loc, "the branches of `if` have incompatible types " + a.type() + " and " + b.type());
                    }
                    return new R(l, intersect(union(c.caps(), a.caps()), b.caps()));
                }
                case AND: {
                    Expr.Logic l = (Expr.Logic) e;
                    R a = tc(l.left, caps);
                    expect(a.type(), T.K.BOOL, l.left);
                    if (Boolean.FALSE.equals(a.type().lit)) {
                        return ok(T.FALSE);
                    }
                    R b = tc(l.right, union(caps, a.caps()));
                    expect(b.type(), T.K.BOOL, l.right);
                    T t = Boolean.FALSE.equals(b.type().lit) ? T.FALSE
                            : Boolean.TRUE.equals(a.type().lit) && Boolean.TRUE.equals(b.type().lit) ? T.TRUE : T.BOOL;
                    return new R(t, union(a.caps(), b.caps()));
                }
                case OR: {
                    Expr.Logic l = (Expr.Logic) e;
                    R a = tc(l.left, caps);
                    expect(a.type(), T.K.BOOL, l.left);
                    if (Boolean.TRUE.equals(a.type().lit)) {
                        return new R(T.TRUE, a.caps());
                    }
                    R b = tc(l.right, caps);
                    expect(b.type(), T.K.BOOL, l.right);
                    if (Boolean.FALSE.equals(a.type().lit)) {
                        return b;
                    }
                    if (Boolean.FALSE.equals(b.type().lit)) {
                        return a;
                    }
                    T t = Boolean.TRUE.equals(b.type().lit) ? T.TRUE : T.BOOL;
                    return new R(t, intersect(a.caps(), b.caps()));
                }
                case NOT: {
                    R a = tc(((Expr.Unary) e).arg, caps);
                    expect(a.type(), T.K.BOOL, ((Expr.Unary) e).arg);
                    return ok(a.type().lit == null ? T.BOOL : a.type().lit ? T.FALSE : T.TRUE);
                }
                case NEG: {
                    expect(tc(((Expr.Unary) e).arg, caps).type(), T.K.LONG, ((Expr.Unary) e).arg);
                    return ok(T.LONG);
                }
                case BIN: return binary((Expr.Bin) e, caps);
                case HAS: {
                    Expr.Has h = (Expr.Has) e;
                    T t = tc(h.target, caps).type();
                    if (t.k == T.K.RECORD) {
                        SType.Attr a = t.attrs.get(h.attr);
                        if (a == null) {
                            return ok(T.FALSE);
                        }
                        return a.required() ? ok(T.TRUE) : new R(T.BOOL, Set.of(key(h.target) + "." + h.attr));
                    }
                    if (t.k == T.K.ENTITY) {
                        boolean anyHas = false;
                        for (String et : t.types) {
                            Schema.EntityType d = schema.entityTypes().get(et);
                            if (d != null && d.attributes().attrs.containsKey(h.attr)) {
                                anyHas = true;
                            }
                        }
                        return anyHas ? new R(T.BOOL, Set.of(key(h.target) + "." + h.attr)) : ok(T.FALSE);
                    }
                    throw fail(e.loc, "`has` needs an entity or record, got " + t);
                }
                case LIKE:
                    expect(tc(((Expr.LikeExpr) e).target, caps).type(), T.K.STRING, ((Expr.LikeExpr) e).target);
                    return ok(T.BOOL);
                case IS: {
                    Expr.Is i = (Expr.Is) e;
                    T t = tc(i.target, caps).type();
                    expect(t, T.K.ENTITY, i.target);
                    if (!schema.entityTypes().containsKey(i.type) && !schema.isActionType(i.type)) {
                        throw fail(e.loc, "unknown entity type `" + i.type + "`");
                    }
                    if (!t.types.contains(i.type)) {
                        if (i.in != null) {
                            tc(i.in, caps);
                        }
                        return ok(T.FALSE);
                    }
                    if (i.in != null) {
                        return ok(inType(T.entity(Set.of(i.type)), tc(i.in, caps).type(), i.target, i.in, e.loc));
                    }
                    return ok(t.types.size() == 1 ? T.TRUE : T.BOOL);
                }
                case ATTR: return attr((Expr.Attr) e, caps);
                case METHOD: return method((Expr.Method) e, caps);
                case CALL: return call((Expr.Call) e, caps);
                case SET: {
                    Expr.SetLit s = (Expr.SetLit) e;
                    if (s.elements.isEmpty()) {
                        throw fail(e.loc, "empty set literals are not allowed in strict validation");
                    }
                    T acc = null;
                    for (Expr x : s.elements) {
                        T t = tc(x, caps).type();
                        acc = acc == null ? t : lub(acc, t);
                        if (acc == null) {
                            throw fail(x.loc, "set elements must have a common type");
                        }
                    }
                    return ok(T.set(acc));
                }
                default: {
                    Expr.RecordLit r = (Expr.RecordLit) e;
                    Map<String, SType.Attr> m = new TreeMap<>();
                    for (int i = 0; i < r.keys.size(); i++) {
                        m.put(r.keys.get(i), new SType.Attr(toS(tc(r.values.get(i), caps).type()), true));
                    }
                    return ok(T.record(m));
                }
            }
        }

        private SType toS(T t) {
            switch (t.k) {
                case BOOL: return SType.BOOL;
                case LONG: return SType.LONG;
                case STRING: return SType.STRING;
                case SET: return SType.set(t.elem == null ? SType.STRING : toS(t.elem));
                case RECORD: return SType.record(t.attrs);
                case ENTITY: return SType.entity(t.types.iterator().next());
                default: return SType.ext(t.ext);
            }
        }

        private T literal(Object v, Loc loc) {
            if (v instanceof Boolean) {
                return (Boolean) v ? T.TRUE : T.FALSE;
            }
            if (v instanceof Long) {
                return T.LONG;
            }
            if (v instanceof String) {
                return T.STRING;
            }
            if (v instanceof EntityUid) {
                knownEntity((EntityUid) v, loc);
                return T.entity(Set.of(((EntityUid) v).type()));
            }
            if (v instanceof Decimal) {
                return T.ext("decimal");
            }
            if (v instanceof IpAddr) {
                return T.ext("ipaddr");
            }
            if (v instanceof DateTime) {
                return T.ext("datetime");
            }
            if (v instanceof Duration) {
                return T.ext("duration");
            }
            if (v instanceof CSet || v instanceof CRecord) {
                throw fail(loc, "unexpected literal");
            }
            return T.STRING;
        }

        private void expect(T t, T.K k, Expr at) {
            if (t.k != k) {
                throw fail(at.loc, "expected " + k.name().toLowerCase() + ", got " + t + " in `" + key(at) + "`");
            }
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            if (b.isEmpty()) {
                return a;
            }
            Set<String> s = new LinkedHashSet<>(a);
            s.addAll(b);
            return s;
        }

        private static Set<String> intersect(Set<String> a, Set<String> b) {
            Set<String> s = new LinkedHashSet<>(a);
            s.retainAll(b);
            return s;
        }

        private R binary(Expr.Bin b, Set<String> caps) {
            T l = tc(b.left, caps).type();
            T r = tc(b.right, caps).type();
            switch (b.op) {
                case EQ:
                case NE:
                    if (l.k == T.K.ENTITY && r.k == T.K.ENTITY) {
                        return ok(T.BOOL);
                    }
                    if (lub(l, r) == null) {
                        throw fail(b.loc, "`" + b.op.symbol + "` compares incompatible types " + l + " and " + r);
                    }
                    return ok(T.BOOL);
                case LT: case LE: case GT: case GE:
                    if (l.k == T.K.LONG && r.k == T.K.LONG) {
                        return ok(T.BOOL);
                    }
                    if (l.k == T.K.EXT && r.k == T.K.EXT && l.ext.equals(r.ext)
                            && (l.ext.equals("datetime") || l.ext.equals("duration"))) {
                        return ok(T.BOOL);
                    }
                    throw fail(b.loc, "`" + b.op.symbol + "` needs two Longs (or two datetimes/durations), got " + l + " and " + r);
                case IN:
                    return ok(inType(l, r, b.left, b.right, b.loc));
                default:
                    expect(l, T.K.LONG, b.left);
                    expect(r, T.K.LONG, b.right);
                    return ok(T.LONG);
            }
        }

        private T inType(T l, T r, Expr left, Expr right, Loc loc) {
            expect(l, T.K.ENTITY, left);
            Set<String> targets;
            if (r.k == T.K.ENTITY) {
                targets = r.types;
            } else if (r.k == T.K.SET && r.elem != null && r.elem.k == T.K.ENTITY) {
                targets = r.elem.types;
            } else {
                throw fail(right.loc, "right operand of `in` must be an entity or a set of entities, got " + r);
            }
            boolean possible = false;
            for (String a : l.types) {
                for (String t : targets) {
                    if (schema.isActionType(a) && schema.isActionType(t) || typeMayBeIn(a, t)) {
                        possible = true;
                    }
                }
            }
            // like Cedar, an `in` the hierarchy makes impossible is typed False (the policy may then be flagged
            // impossible by a scope check), not an error
            return possible ? T.BOOL : T.FALSE;
        }

        private R attr(Expr.Attr a, Set<String> caps) {
            T t = tc(a.target, caps).type();
            String capKey = key(a.target) + "." + a.attr;
            if (t.k == T.K.RECORD) {
                SType.Attr at = t.attrs.get(a.attr);
                if (at == null) {
                    throw fail(a.loc, "record has no attribute `" + a.attr + "`");
                }
                if (!at.required() && !caps.contains(capKey)) {
                    throw fail(a.loc, "optional attribute `" + a.attr + "` used without a `has` check");
                }
                return ok(T.of(at.type()));
            }
            if (t.k == T.K.ENTITY) {
                T result = null;
                for (String et : t.types) {
                    Schema.EntityType d = schema.entityTypes().get(et);
                    SType.Attr at = d == null ? null : d.attributes().attrs.get(a.attr);
                    if (at == null) {
                        throw fail(a.loc, "entity type " + et + " has no attribute `" + a.attr + "`");
                    }
                    if (!at.required() && !caps.contains(capKey)) {
                        throw fail(a.loc, "optional attribute `" + a.attr + "` of " + et + " used without a `has` check");
                    }
                    T x = T.of(at.type());
                    result = result == null ? x : lub(result, x);
                    if (result == null) {
                        throw fail(a.loc, "attribute `" + a.attr + "` has different types across " + t.types);
                    }
                }
                return ok(result);
            }
            throw fail(a.loc, "attribute access `." + a.attr + "` needs an entity or record, got " + t);
        }

        private R method(Expr.Method m, Set<String> caps) {
            T recv = tc(m.target, caps).type();
            List<T> args = new ArrayList<>();
            for (Expr x : m.args) {
                args.add(tc(x, caps).type());
            }
            int arity = Set.of("isEmpty", "isIpv4", "isIpv6", "isLoopback", "isMulticast", "toDate", "toTime",
                    "toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays").contains(m.name) ? 0 : 1;
            if (args.size() != arity) {
                throw fail(m.loc, "`" + m.name + "` takes " + arity + " argument(s), got " + args.size());
            }
            switch (m.name) {
                case "contains": {
                    expect(recv, T.K.SET, m.target);
                    if (recv.elem != null && lub(recv.elem, args.get(0)) == null
                            && !(recv.elem.k == T.K.ENTITY && args.get(0).k == T.K.ENTITY)) {
                        throw fail(m.loc, "`contains` argument " + args.get(0) + " does not match the set's elements " + recv.elem);
                    }
                    return ok(T.BOOL);
                }
                case "containsAll":
                case "containsAny": {
                    expect(recv, T.K.SET, m.target);
                    expect(args.get(0), T.K.SET, m.args.get(0));
                    T a = recv.elem, b = args.get(0).elem;
                    if (a != null && b != null && lub(a, b) == null && !(a.k == T.K.ENTITY && b.k == T.K.ENTITY)) {
                        throw fail(m.loc, "`" + m.name + "` compares sets of incompatible element types");
                    }
                    return ok(T.BOOL);
                }
                case "isEmpty":
                    expect(recv, T.K.SET, m.target);
                    return ok(T.BOOL);
                case "hasTag":
                case "getTag": {
                    expect(recv, T.K.ENTITY, m.target);
                    expect(args.get(0), T.K.STRING, m.args.get(0));
                    T tagType = null;
                    for (String et : recv.types) {
                        Schema.EntityType d = schema.entityTypes().get(et);
                        if (d == null || d.tags() == null) {
                            if (m.name.equals("getTag")) {
                                throw fail(m.loc, "entity type " + et + " has no tags");
                            }
                            continue;
                        }
                        T x = T.of(d.tags());
                        tagType = tagType == null ? x : lub(tagType, x);
                    }
                    String capKey = key(m.target) + ".tag:" + key(m.args.get(0));
                    if (m.name.equals("hasTag")) {
                        return tagType == null ? ok(T.FALSE) : new R(T.BOOL, Set.of(capKey));
                    }
                    if (!caps.contains(capKey)) {
                        throw fail(m.loc, "`getTag` used without a `hasTag` check for the same tag");
                    }
                    if (tagType == null) {
                        throw fail(m.loc, "tag types differ across " + recv.types);
                    }
                    return ok(tagType);
                }
                default:
                    return ok(extMethod(m.name, recv, args, m.loc));
            }
        }

        private T extMethod(String name, T recv, List<T> args, Loc loc) {
            String r = recv.k == T.K.EXT ? recv.ext : recv.toString();
            switch (name) {
                case "lessThan": case "lessThanOrEqual": case "greaterThan": case "greaterThanOrEqual":
                    need(r, "decimal", name, loc);
                    needArg(args, 0, "decimal", name, loc);
                    return T.BOOL;
                case "isIpv4": case "isIpv6": case "isLoopback": case "isMulticast":
                    need(r, "ipaddr", name, loc);
                    return T.BOOL;
                case "isInRange":
                    need(r, "ipaddr", name, loc);
                    needArg(args, 0, "ipaddr", name, loc);
                    return T.BOOL;
                case "offset":
                    need(r, "datetime", name, loc);
                    needArg(args, 0, "duration", name, loc);
                    return T.ext("datetime");
                case "durationSince":
                    need(r, "datetime", name, loc);
                    needArg(args, 0, "datetime", name, loc);
                    return T.ext("duration");
                case "toDate":
                    need(r, "datetime", name, loc);
                    return T.ext("datetime");
                case "toTime":
                    need(r, "datetime", name, loc);
                    return T.ext("duration");
                default:
                    need(r, "duration", name, loc);
                    return T.LONG;
            }
        }

        private void need(String actual, String expected, String fn, Loc loc) {
            if (!actual.equals(expected)) {
                throw fail(loc, "`" + fn + "` needs a " + expected + ", got " + actual);
            }
        }

        private void needArg(List<T> args, int i, String expected, String fn, Loc loc) {
            if (args.size() <= i || args.get(i).k != T.K.EXT || !args.get(i).ext.equals(expected)) {
                throw fail(loc, "`" + fn + "` argument must be a " + expected);
            }
        }

        private R call(Expr.Call c, Set<String> caps) {
            List<T> args = new ArrayList<>();
            for (Expr x : c.args) {
                args.add(tc(x, caps).type());
            }
            if (Ops.EXTENSION_FUNCTIONS.contains(c.name)) {
                if (args.size() != 1 || args.get(0).k != T.K.STRING) {
                    throw fail(c.loc, "`" + c.name + "` takes one string");
                }
                if (c.args.get(0).kind == Expr.Kind.LIT) {
                    try {
                        Ops.call(null, c.name, new Object[] {((Expr.Lit) c.args.get(0)).value});
                    } catch (EvalException ex) {
                        throw fail(c.loc, ex.getMessage());
                    }
                } else {
                    throw fail(c.loc, "`" + c.name + "` needs a string literal in strict validation");
                }
                return ok(T.ext(c.name.equals("ip") ? "ipaddr" : c.name));
            }
            if (args.isEmpty()) {
                throw fail(c.loc, "`" + c.name + "` needs arguments");
            }
            return ok(extMethod(c.name, args.get(0), args.subList(1, args.size()), c.loc));
        }
    }
}
