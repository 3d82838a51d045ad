package io.multisystem.contract.eval;

import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.value.EvalException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cedar's authorization rule over any back end: a satisfied forbid denies (reasons = satisfied forbids); otherwise a
 * satisfied permit allows (reasons = satisfied permits); otherwise deny by default. A policy whose evaluation errors
 * is skipped and reported. Explanations cost one int per policy, so they are always on.
 */
public final class Authorizer {
    private Authorizer() {
    }

    public static Response authorize(PolicyEvaluator backend, Request request, Entities entities) {
        List<Policy> policies = backend.policies();
        int n = policies.size();
        int[] outcomes = new int[n];
        List<Response.PolicyError> errors = null;
        boolean anyForbid = false, anyPermit = false;
        for (int i = 0; i < n; i++) {
            int o;
            try {
                o = backend.evaluate(i, request, entities);
            } catch (EvalException | StackOverflowError e) {
                if (errors == null) {
                    errors = new ArrayList<>(2);
                }
                errors.add(new Response.PolicyError(policies.get(i).id(),
                        e instanceof StackOverflowError ? "evaluation too deep" : e.getMessage()));
                o = Integer.MIN_VALUE;
            }
            outcomes[i] = o;
            if (o == Outcome.SATISFIED) {
                if (policies.get(i).effect() == Policy.Effect.FORBID) {
                    anyForbid = true;
                } else {
                    anyPermit = true;
                }
            }
        }
        Policy.Effect winner = anyForbid ? Policy.Effect.FORBID : anyPermit ? Policy.Effect.PERMIT : null;
        List<String> reasons = new ArrayList<>(2);
        List<Response.NotApplied> notApplied = List.of();
        if (winner != null) {
            for (int i = 0; i < n; i++) {
                if (outcomes[i] == Outcome.SATISFIED && policies.get(i).effect() == winner) {
                    reasons.add(policies.get(i).id());
                }
            }
        } else {
            notApplied = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Policy p = policies.get(i);
                if (p.effect() == Policy.Effect.PERMIT && outcomes[i] != Integer.MIN_VALUE) {
                    String where = outcomes[i] >= 0 ? p.conditions().get(outcomes[i]).loc().toString() : p.loc().toString();
                    notApplied.add(new Response.NotApplied(p.id(), Outcome.describe(outcomes[i]), where));
                }
            }
        }
        return new Response(winner == Policy.Effect.PERMIT ? Response.Decision.ALLOW : Response.Decision.DENY, reasons,
                errors == null ? List.of() : errors, notApplied);
    }
}
