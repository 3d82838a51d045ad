package io.multisystem.contract.eval;

import io.multisystem.contract.schema.SType;
import io.multisystem.contract.schema.Schema;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.EvalException;
import io.multisystem.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cedar's JSON formats for entities, entity references, context and values, including the {@code __entity} and
 * {@code __extn} escapes. When a schema is given, values are read as the schema says (a string where the schema
 * expects {@code ipaddr} becomes an IP address, {@code {"type":..,"id":..}} where it expects an entity becomes a
 * reference) and action entities declared in the schema are added to the store.
 */
public final class JsonCodec {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonCodec() {
    }

    public static JsonNode read(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (RuntimeException e) {
            throw new InvalidInputException("contract-compiler", "BAD_JSON", what + " is not valid JSON: " + e.getMessage());
        }
    }

    public static EntityUid uid(JsonNode n, String what) {
        if (n != null && n.has("__entity")) {
            n = n.get("__entity");
        }
        if (n == null || !n.isObject() || !n.has("type") || !n.has("id") || !n.get("type").isString()
                || !n.get("id").isString()) {
            throw bad(what + " must be an entity reference {\"type\": ..., \"id\": ...}");
        }
        return new EntityUid(n.get("type").asString(), n.get("id").asString());
    }

    private static InvalidInputException bad(String message) {
        return new InvalidInputException("contract-compiler", "BAD_JSON", message);
    }

    public static Entities entities(JsonNode arr, Schema schema) {
        if (!arr.isArray()) {
            throw bad("entities must be a JSON array");
        }
        Map<EntityUid, Entity> out = new LinkedHashMap<>();
        for (JsonNode n : arr) {
            EntityUid uid = uid(n.get("uid"), "entity uid");
            Schema.EntityType et = schema == null ? null : schema.entityTypes().get(uid.type());
            Map<String, Object> attrs = new HashMap<>();
            JsonNode a = n.get("attrs");
            if (a != null && !a.isNull()) {
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    SType t = et == null ? null : attrType(et.attributes(), e.getKey());
                    attrs.put(e.getKey(), value(e.getValue(), t, "attribute `" + e.getKey() + "` of " + uid));
                }
            }
            Set<EntityUid> parents = new LinkedHashSet<>();
            JsonNode p = n.get("parents");
            if (p != null && p.isArray()) {
                for (JsonNode pn : p) {
                    parents.add(uid(pn, "parent of " + uid));
                }
            }
            Map<String, Object> tags = new HashMap<>();
            JsonNode t = n.get("tags");
            if (t != null && t.isObject()) {
                for (Map.Entry<String, JsonNode> e : t.properties()) {
                    tags.put(e.getKey(), value(e.getValue(), et == null ? null : et.tags(), "tag `" + e.getKey() + "` of " + uid));
                }
            }
            out.put(uid, new Entity(uid, attrs, parents, tags));
        }
        if (schema != null) {
            for (Schema.ActionDef ad : schema.actions().values()) {
                out.putIfAbsent(ad.uid(), new Entity(ad.uid(), Map.of(), new LinkedHashSet<>(ad.memberOf()), Map.of()));
            }
        }
        return new Entities(new ArrayList<>(out.values()));
    }

    private static SType attrType(SType record, String name) {
        if (record == null || record.kind != SType.Kind.RECORD) {
            return null;
        }
        SType.Attr a = record.attrs.get(name);
        return a == null ? null : a.type();
    }

    public static CRecord context(JsonNode n, Schema schema, EntityUid action) {
        if (n == null || n.isNull()) {
            return CRecord.EMPTY;
        }
        if (!n.isObject()) {
            throw bad("context must be a JSON object");
        }
        SType t = null;
        if (schema != null) {
            Schema.ActionDef ad = schema.actions().get(action);
            t = ad == null ? null : ad.context();
        }
        return (CRecord) value(n, t == null ? null : t, "context");
    }

    /** One Cedar value from JSON, guided by the expected schema type when known (null = infer). */
    public static Object value(JsonNode n, SType expected, String where) {
        try {
            if (n.isObject() && n.has("__extn")) {
                JsonNode x = n.get("__extn");
                String fn = x.path("fn").asString();
                List<Object> args = new ArrayList<>();
                if (x.has("arg")) {
                    args.add(value(x.get("arg"), null, where));
                } else if (x.has("args")) {
                    for (JsonNode an : x.get("args")) {
                        args.add(value(an, null, where));
                    }
                }
                return Ops.call(Entities.EMPTY, fn, args.toArray());
            }
            if (n.isObject() && n.has("__entity")) {
                return uid(n, where);
            }
            if (expected != null) {
                switch (expected.kind) {
                    case EXT:
                        if (n.isString()) {
                            return Ops.call(Entities.EMPTY, expected.name.equals("ipaddr") ? "ip" : expected.name,
                                    new Object[] {n.asString()});
                        }
                        break;
                    case ENTITY:
                        if (n.isObject()) {
                            return uid(n, where);
                        }
                        break;
                    case SET:
                        if (n.isArray()) {
                            List<Object> vals = new ArrayList<>();
                            for (JsonNode e : n) {
                                vals.add(value(e, expected.element, where));
                            }
                            return CSet.of(vals);
                        }
                        break;
                    case RECORD:
                        if (n.isObject()) {
                            Map<String, Object> m = new HashMap<>();
                            for (Map.Entry<String, JsonNode> e : n.properties()) {
                                SType.Attr a = expected.attrs.get(e.getKey());
                                m.put(e.getKey(), value(e.getValue(), a == null ? null : a.type(), where + "." + e.getKey()));
                            }
                            return CRecord.of(m);
                        }
                        break;
                    default:
                        break;
                }
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return n.longValue();
            }
            if (n.isString()) {
                return n.asString();
            }
            if (n.isArray()) {
                List<Object> vals = new ArrayList<>();
                for (JsonNode e : n) {
                    vals.add(value(e, null, where));
                }
                return CSet.of(vals);
            }
            if (n.isObject()) {
                Map<String, Object> m = new HashMap<>();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    m.put(e.getKey(), value(e.getValue(), null, where + "." + e.getKey()));
                }
                return CRecord.of(m);
            }
        } catch (EvalException e) {
            throw bad(where + ": " + e.getMessage());
        }
        throw bad(where + ": unsupported JSON value `" + n + "` (numbers must be 64-bit integers)");
    }

    /** Renders a value to Cedar JSON (with escapes for entities and extensions). */
    public static Object toJson(Object v) {
        if (v instanceof Boolean || v instanceof Long || v instanceof String) {
            return v;
        }
        if (v instanceof EntityUid) {
            return Map.of("__entity", Map.of("type", ((EntityUid) v).type(), "id", ((EntityUid) v).id()));
        }
        if (v instanceof CSet) {
            List<Object> out = new ArrayList<>();
            for (Object e : ((CSet) v).elements()) {
                out.add(toJson(e));
            }
            return out;
        }
        if (v instanceof CRecord) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((CRecord) v).attrs().forEach((k, x) -> out.put(k, toJson(x)));
            return out;
        }
        String fn = io.multisystem.contract.value.Values.typeName(v);
        if (v instanceof io.multisystem.contract.value.Duration) {
            return Map.of("__extn", Map.of("fn", fn, "arg", ((io.multisystem.contract.value.Duration) v).millis() + "ms"));
        }
        if (v instanceof io.multisystem.contract.value.DateTime) {
            return Map.of("__extn", Map.of("fn", "offset", "args", List.of(Map.of("__extn", Map.of("fn", "datetime", "arg", "1970-01-01")),
                    Map.of("__extn", Map.of("fn", "duration", "arg", ((io.multisystem.contract.value.DateTime) v).millis() + "ms")))));
        }
        return Map.of("__extn", Map.of("fn", fn.equals("ipaddr") ? "ip" : fn, "arg", v.toString()));
    }
}
