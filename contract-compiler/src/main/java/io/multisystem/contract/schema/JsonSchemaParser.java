package io.multisystem.contract.schema;

import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Cedar's JSON schema format: {@code {"Namespace": {"entityTypes": {...}, "actions": {...}, "commonTypes": {...}}}}.
 * Type names resolve like the human-readable format (common type, entity type, built-in).
 */
public final class JsonSchemaParser {
    private final String file;
    private final Set<String> entityNames = new LinkedHashSet<>();
    private final Map<String, JsonNode> common = new HashMap<>();
    private final List<String> errors = new ArrayList<>();

    private JsonSchemaParser(String file) {
        this.file = file;
    }

    public static Schema parse(String file, String text) {
        return new JsonSchemaParser(file).run(JsonCodec.read(text, "schema " + file));
    }

    private Schema run(JsonNode root) {
        for (Map.Entry<String, JsonNode> ns : root.properties()) {
            for (Map.Entry<String, JsonNode> e : ns.getValue().path("entityTypes").properties()) {
                entityNames.add(q(ns.getKey(), e.getKey()));
            }
            for (Map.Entry<String, JsonNode> e : ns.getValue().path("commonTypes").properties()) {
                common.put(q(ns.getKey(), e.getKey()), e.getValue());
            }
        }
        Map<String, Schema.EntityType> entities = new LinkedHashMap<>();
        Map<EntityUid, Schema.ActionDef> actions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> nsEntry : root.properties()) {
            String ns = nsEntry.getKey();
            for (Map.Entry<String, JsonNode> e : nsEntry.getValue().path("entityTypes").properties()) {
                JsonNode d = e.getValue();
                Set<String> memberOf = new LinkedHashSet<>();
                for (JsonNode m : d.path("memberOfTypes")) {
                    memberOf.add(entityName(ns, m.asString()));
                }
                SType shape = d.has("shape") ? type(ns, d.get("shape"), 0) : SType.record(Map.of());
                SType tags = d.has("tags") ? type(ns, d.get("tags"), 0) : null;
                List<String> enumIds = null;
                if (d.has("enum")) {
                    enumIds = new ArrayList<>();
                    for (JsonNode x : d.get("enum")) {
                        enumIds.add(x.asString());
                    }
                }
                String name = q(ns, e.getKey());
                entities.put(name, new Schema.EntityType(name, memberOf, shape, tags, enumIds));
            }
            String actionType = q(ns, "Action");
            for (Map.Entry<String, JsonNode> a : nsEntry.getValue().path("actions").properties()) {
                JsonNode d = a.getValue();
                List<EntityUid> memberOf = new ArrayList<>();
                for (JsonNode m : d.path("memberOf")) {
                    String type = m.has("type") ? m.get("type").asString() : actionType;
                    if (type.equals("Action")) {
                        type = actionType;
                    }
                    memberOf.add(new EntityUid(type, m.path("id").asString()));
                }
                List<String> principals = null, resources = null;
                SType context = SType.record(Map.of());
                JsonNode ap = d.get("appliesTo");
                if (ap != null && !ap.isNull()) {
                    principals = new ArrayList<>();
                    resources = new ArrayList<>();
                    for (JsonNode p : ap.path("principalTypes")) {
                        principals.add(entityName(ns, p.asString()));
                    }
                    for (JsonNode p : ap.path("resourceTypes")) {
                        resources.add(entityName(ns, p.asString()));
                    }
                    if (ap.has("context")) {
                        context = type(ns, ap.get("context"), 0);
                    }
                }
                EntityUid uid = new EntityUid(actionType, a.getKey());
                actions.put(uid, new Schema.ActionDef(uid, memberOf, principals, resources, context));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("contract-compiler", "BAD_SCHEMA", "schema " + file + ": " + String.join("; ", errors));
        }
        return new Schema(entities, actions);
    }

    private static String q(String ns, String n) {
        return ns.isEmpty() ? n : ns + "::" + n;
    }

    private String entityName(String ns, String n) {
        if (!n.contains("::") && entityNames.contains(q(ns, n))) {
            return q(ns, n);
        }
        if (!entityNames.contains(n)) {
            errors.add("unknown entity type `" + n + "`");
        }
        return n;
    }

    private SType type(String ns, JsonNode t, int depth) {
        if (depth > 64) {
            errors.add("type nesting too deep (common types may be recursive)");
            return SType.STRING;
        }
        String kind = t.path("type").asString();
        switch (kind) {
            case "Long": return SType.LONG;
            case "String": return SType.STRING;
            case "Boolean": case "Bool": return SType.BOOL;
            case "Set": return SType.set(type(ns, t.path("element"), depth + 1));
            case "Record": {
                Map<String, SType.Attr> attrs = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> a : t.path("attributes").properties()) {
                    attrs.put(a.getKey(), new SType.Attr(type(ns, a.getValue(), depth + 1),
                            a.getValue().path("required").asBoolean(true)));
                }
                return SType.record(attrs);
            }
            case "Entity": return SType.entity(entityName(ns, t.path("name").asString()));
            case "Extension": return SType.ext(t.path("name").asString());
            case "EntityOrCommon": return named(ns, t.path("name").asString(), depth);
            default: return named(ns, kind, depth);
        }
    }

    private SType named(String ns, String name, int depth) {
        List<String> candidates = name.contains("::") ? List.of(name) : List.of(q(ns, name), name);
        for (String c : candidates) {
            if (common.containsKey(c)) {
                int i = c.lastIndexOf("::");
                return type(i < 0 ? "" : c.substring(0, i), common.get(c), depth + 1);
            }
        }
        for (String c : candidates) {
            if (entityNames.contains(c)) {
                return SType.entity(c);
            }
        }
        String base = name.startsWith("__cedar::") ? name.substring(9) : name;
        switch (base) {
            case "Long": return SType.LONG;
            case "String": return SType.STRING;
            case "Bool": case "Boolean": return SType.BOOL;
            case "ipaddr": case "decimal": case "datetime": case "duration": return SType.ext(base);
            default:
                errors.add("unknown type `" + name + "`");
                return SType.STRING;
        }
    }
}
