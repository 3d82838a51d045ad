package io.multisystem.contract.schema;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A schema type: primitive, set, record, entity (by type name) or extension (ipaddr, decimal, datetime, duration). */
public final class SType {
    public enum Kind { BOOL, LONG, STRING, SET, RECORD, ENTITY, EXT }

    public record Attr(SType type, boolean required) {
    }

    public static final SType BOOL = new SType(Kind.BOOL, null, null, null);
    public static final SType LONG = new SType(Kind.LONG, null, null, null);
    public static final SType STRING = new SType(Kind.STRING, null, null, null);

    public final Kind kind;
    /** Entity type or extension name. */
    public final String name;
    /** Element type of a set. */
    public final SType element;
    /** Attributes of a record. */
    public final Map<String, Attr> attrs;

    private SType(Kind kind, String name, SType element, Map<String, Attr> attrs) {
        this.kind = kind;
        this.name = name;
        this.element = element;
        this.attrs = attrs;
    }

    public static SType set(SType element) {
        return new SType(Kind.SET, null, element, null);
    }

    public static SType record(Map<String, Attr> attrs) {
        return new SType(Kind.RECORD, null, null, java.util.Collections.unmodifiableMap(new TreeMap<>(attrs)));
    }

    public static SType entity(String name) {
        return new SType(Kind.ENTITY, name, null, null);
    }

    public static SType ext(String name) {
        return new SType(Kind.EXT, name, null, null);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SType)) {
            return false;
        }
        SType t = (SType) o;
        return t.kind == kind && Objects.equals(t.name, name) && Objects.equals(t.element, element)
                && Objects.equals(t.attrs, attrs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, element, attrs);
    }

    @Override
    public String toString() {
        switch (kind) {
            case BOOL: return "Bool";
            case LONG: return "Long";
            case STRING: return "String";
            case SET: return "Set<" + element + ">";
            case RECORD: {
                StringBuilder sb = new StringBuilder("{");
                attrs.forEach((k, a) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(a.required() ? "" : "?")
                        .append(": ").append(a.type()));
                return sb.append('}').toString();
            }
            default: return name;
        }
    }
}
