package io.multisystem.contract.eval;

import io.multisystem.contract.value.EntityUid;
import java.util.Map;
import java.util.Set;

/** One entity of the store: its attributes, direct parents and tags. */
public record Entity(EntityUid uid, Map<String, Object> attrs, Set<EntityUid> parents, Map<String, Object> tags) {
    public Entity {
        attrs = Map.copyOf(attrs);
        parents = Set.copyOf(parents);
        tags = Map.copyOf(tags);
    }
}
