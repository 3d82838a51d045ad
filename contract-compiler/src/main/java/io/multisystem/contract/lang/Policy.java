package io.multisystem.contract.lang;

import io.multisystem.contract.value.EntityUid;
import java.util.List;
import java.util.Map;

/**
 * One Cedar policy (or template when a scope uses a slot). Scope constraints are kept apart from conditions so back
 * ends can index on them and explanations can say which part failed.
 */
public record Policy(String id, Effect effect, Map<String, String> annotations, Scope principal, Scope action,
        Scope resource, List<Condition> conditions, Loc loc) {

    public enum Effect { PERMIT, FORBID }

    /** A scope constraint. ANY, EQ (entity), IN (entity or, for actions, a list), IS (type, optional in). */
    public record Scope(Op op, List<EntityUid> entities, String slot, String type) {
        public enum Op { ANY, EQ, IN, IS, IS_IN }

        public static final Scope ANY = new Scope(Op.ANY, List.of(), null, null);
    }

    public record Condition(boolean when, Expr body, Loc loc) {
    }

    public boolean isTemplate() {
        return principal.slot() != null || resource.slot() != null;
    }

    public Policy withId(String newId) {
        return new Policy(newId, effect, annotations, principal, action, resource, conditions, loc);
    }

    /** Links a template: replaces slots with the given entities. */
    public Policy link(String newId, EntityUid principalSlot, EntityUid resourceSlot) {
        return new Policy(newId, effect, annotations, fill(principal, principalSlot), action, fill(resource, resourceSlot),
                conditions, loc);
    }

    private static Scope fill(Scope s, EntityUid value) {
        if (s.slot() == null) {
            return s;
        }
        if (value == null) {
            throw new IllegalArgumentException("slot " + s.slot() + " needs a value");
        }
        return new Scope(s.op(), List.of(value), null, s.type());
    }
}
