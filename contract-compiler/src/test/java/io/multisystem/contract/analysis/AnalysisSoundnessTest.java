package io.multisystem.contract.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.contract.analysis.Analysis.Check;
import io.multisystem.contract.analysis.Analysis.Example;
import io.multisystem.contract.analysis.Analysis.Result;
import io.multisystem.contract.analysis.Analysis.Verdict;
import io.multisystem.contract.eval.Authorizer;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Entity;
import io.multisystem.contract.eval.Interpreter;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.EntityUid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated policy-set pairs: every counterexample, re-read from its JSON and decided by the JVM back end, shows the
 * claimed difference; every proof survives a battery of random concrete requests and entity stores.
 */
class AnalysisSoundnessTest {
    static final String[] ATOMS = {
        "context.a", "context.n > 3", "context.n + 1 == 5", "principal in Group::\"g\"", "principal.level >= 2",
        "resource.owner == principal", "resource.tags.contains(\"x\")", "principal has level", "context.s like \"a*\"",
        "principal is Admin", "context.n * 2 < 7", "if context.a then context.n == 1 else true", "principal in resource.readers",
    };

    @BeforeAll
    static void z3() {
        Assumptions.assumeTrue(Z3Runtime.available(), () -> "skipped: " + Z3Runtime.unavailableReason());
    }

    static String condition(Random rnd) {
        String a = "(" + ATOMS[rnd.nextInt(ATOMS.length)] + ")";
        switch (rnd.nextInt(4)) {
            case 0: return a;
            case 1: return "!" + a;
            case 2: return a + " && (" + ATOMS[rnd.nextInt(ATOMS.length)] + ")";
            default: return a + " || (" + ATOMS[rnd.nextInt(ATOMS.length)] + ")";
        }
    }

    static String policySet(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(rnd.nextInt(4) == 0 ? "forbid" : "permit").append("(principal, action, resource) when { ")
                    .append(condition(rnd)).append(" };\n");
        }
        return sb.toString();
    }

    /** A random concrete world over the names the atoms use. */
    static Object[] world(Random rnd) {
        EntityUid p = rnd.nextBoolean() ? EntityUid.of("User", "u") : EntityUid.of("Admin", "a");
        EntityUid r = EntityUid.of("Doc", "d");
        EntityUid g = EntityUid.of("Group", "g");
        Map<String, Object> pAttrs = new HashMap<>();
        Object[] levels = {null, 1L, 2L, 3L, "high"};
        Object level = levels[rnd.nextInt(levels.length)];
        if (level != null) {
            pAttrs.put("level", level);
        }
        Map<String, Object> rAttrs = new HashMap<>();
        int owner = rnd.nextInt(3);
        if (owner < 2) {
            rAttrs.put("owner", owner == 0 ? p : EntityUid.of("User", "other"));
        }
        int tags = rnd.nextInt(3);
        if (tags < 2) {
            rAttrs.put("tags", tags == 0 ? CSet.of(List.of("x")) : CSet.of(List.of("y", 1L)));
        }
        int readers = rnd.nextInt(3);
        if (readers < 2) {
            rAttrs.put("readers", readers == 0 ? CSet.of(List.of(g)) : CSet.of(List.of(EntityUid.of("Group", "h"))));
        }
        Set<EntityUid> parents = rnd.nextBoolean() ? Set.of(g) : Set.of();
        Entities es = new Entities(List.of(new Entity(p, pAttrs, parents, Map.of()), new Entity(r, rAttrs, Set.of(), Map.of()),
                new Entity(g, Map.of(), Set.of(), Map.of())));
        Map<String, Object> ctx = new HashMap<>();
        Object[] as = {null, true, false, 7L};
        Object a = as[rnd.nextInt(as.length)];
        if (a != null) {
            ctx.put("a", a);
        }
        if (rnd.nextInt(5) > 0) {
            ctx.put("n", (long) (rnd.nextInt(9) - 2));
        }
        Object[] ss = {null, "abc", "b", "a"};
        Object s = ss[rnd.nextInt(ss.length)];
        if (s != null) {
            ctx.put("s", s);
        }
        return new Object[] {new Request(p, EntityUid.of("Action", "view"), r, CRecord.of(ctx)), es};
    }

    static boolean allows(List<Policy> ps, Request r, Entities es) {
        return Authorizer.authorize(new Interpreter(ps), r, es).allowed();
    }

    @Test
    void counterexamplesAreConfirmedAndProofsSurviveRandomWorlds() {
        Random rnd = new Random(20261122L);
        int violated = 0, held = 0, unknown = 0;
        for (int round = 0; round < 24; round++) {
            String ta = policySet(rnd);
            // Every other round compares with a superset that only adds a permit: A implies B must be proved.
            String tb = round % 2 == 0 ? policySet(rnd) : ta + "permit(principal, action, resource) when { " + condition(rnd) + " };\n";
            List<Policy> a = SourceParser.parsePolicies("a.cedar", ta);
            List<Policy> b = SourceParser.parsePolicies("b.cedar", tb);
            List<Result> results = PolicyAnalyzer.analyze(a, b, List.of(Check.EQUIVALENT, Check.IMPLIES, Check.NEVER_ERRORS),
                    20_000).results();
            for (Result res : results) {
                if (res.verdict() == Verdict.VIOLATED) {
                    violated++;
                    Example ex = res.example();
                    Entities es = io.multisystem.contract.eval.JsonCodec.entities(
                            io.multisystem.contract.eval.JsonCodec.read(ex.entitiesJson(), "entities"), null);
                    Request r = new Request(ex.request().principal(), ex.request().action(), ex.request().resource(),
                            io.multisystem.contract.eval.JsonCodec.context(io.multisystem.contract.eval.JsonCodec.read(
                                    ex.contextJson(), "context"), null, ex.request().action()));
                    boolean da = Authorizer.authorize(io.multisystem.contract.jvm.JvmCompiler.compile(a), r, es).allowed();
                    boolean db = allows(b, r, es);
                    switch (res.check()) {
                        case EQUIVALENT -> assertThat(da).as("%s vs %s on %s", ta, tb, ex).isNotEqualTo(db);
                        case IMPLIES -> assertThat(da && !db).as("%s implies %s on %s", ta, tb, ex).isTrue();
                        default -> assertThat(Authorizer.authorize(new Interpreter(a), r, es).errors()).isNotEmpty();
                    }
                } else if (res.verdict() == Verdict.HOLDS) {
                    held++;
                    for (int i = 0; i < 150; i++) {
                        Object[] w = world(rnd);
                        Request r = (Request) w[0];
                        Entities es = (Entities) w[1];
                        switch (res.check()) {
                            case EQUIVALENT -> assertThat(allows(a, r, es)).as("proved %s == %s; %s", ta, tb, r).isEqualTo(allows(b, r, es));
                            case IMPLIES -> assertThat(!allows(a, r, es) || allows(b, r, es)).as("proved %s => %s; %s", ta, tb, r).isTrue();
                            default -> assertThat(Authorizer.authorize(new Interpreter(a), r, es).errors()).as("%s %s", ta, r).isEmpty();
                        }
                    }
                } else {
                    unknown++;
                    assertThat(round % 2 == 1 && res.check() == Check.IMPLIES).as("implication by construction").isFalse();
                    System.out.println("UNKNOWN " + res.check() + " " + res.message() + "\nA:\n" + ta + "B:\n" + tb
                            + (res.example() == null ? "" : res.example().request() + " " + res.example().entitiesJson()));
                }
            }
        }
        System.out.printf("analysis soundness: %d violated (confirmed), %d proved, %d unknown%n", violated, held, unknown);
        assertThat(violated).isPositive();
        assertThat(held).isPositive();
        assertThat(unknown).isLessThanOrEqualTo(2);
    }
}
