package io.multisystem.contract.schema;

import io.multisystem.contract.value.EntityUid;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A resolved Cedar schema: entity types and actions with fully qualified names. */
public record Schema(Map<String, EntityType> entityTypes, Map<EntityUid, ActionDef> actions) {

    /** An entity type: which types it may be a member of, its attributes, its tag type (or null), enum ids (or null). */
    public record EntityType(String name, Set<String> memberOf, SType attributes, SType tags, List<String> enumIds) {
    }

    /** An action: its parents and what it applies to (null lists = applies to nothing). */
    public record ActionDef(EntityUid uid, List<EntityUid> memberOf, List<String> principals, List<String> resources,
            SType context) {
    }

    public boolean isActionType(String type) {
        return type.equals("Action") || type.endsWith("::Action");
    }
}
