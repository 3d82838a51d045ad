package io.multisystem.contract.eval;

import io.multisystem.contract.value.EntityUid;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The entity store. The transitive closure of the parent relation is computed once at construction (iterative DFS,
 * so hostile deep hierarchies cannot overflow the stack), making {@code in} a hash lookup at evaluation time.
 */
public final class Entities {
    public static final Entities EMPTY = new Entities(java.util.List.of());
    private final Map<EntityUid, Entity> byUid = new HashMap<>();
    private final Map<EntityUid, Set<EntityUid>> ancestors = new HashMap<>();

    public Entities(Collection<Entity> entities) {
        for (Entity e : entities) {
            byUid.put(e.uid(), e);
        }
        for (Entity e : entities) {
            Set<EntityUid> seen = new HashSet<>();
            Deque<EntityUid> todo = new ArrayDeque<>(e.parents());
            while (!todo.isEmpty()) {
                EntityUid p = todo.pop();
                if (seen.add(p)) {
                    Entity pe = byUid.get(p);
                    if (pe != null) {
                        todo.addAll(pe.parents());
                    }
                }
            }
            ancestors.put(e.uid(), seen);
        }
    }

    public Entity get(EntityUid uid) {
        return byUid.get(uid);
    }

    public Collection<Entity> all() {
        return byUid.values();
    }

    public int size() {
        return byUid.size();
    }

    /** Cedar's {@code in}: equal, or {@code ancestor} is in the transitive parents of {@code child}. */
    public boolean isIn(EntityUid child, EntityUid ancestor) {
        if (child.equals(ancestor)) {
            return true;
        }
        Set<EntityUid> a = ancestors.get(child);
        return a != null && a.contains(ancestor);
    }
}
