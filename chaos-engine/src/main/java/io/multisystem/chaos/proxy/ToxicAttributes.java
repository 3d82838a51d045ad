package io.multisystem.chaos.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The attributes of one toxic: every attribute its {@link ToxicType} declares, each a non-negative integer, in the
 * type's wire order. Immutable and thread-safe.
 */
public final class ToxicAttributes {
    private final ToxicType type;
    private final Map<String, Long> values;

    private ToxicAttributes(ToxicType type, Map<String, Long> values) {
        this.type = type;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The attributes of {@code type} with every value 0 (Toxiproxy's defaults). */
    public static ToxicAttributes defaults(ToxicType type) {
        return defaults(type, Map.of());
    }

    /**
     * The defaults of {@code type} overridden by {@code given}.
     *
     * @throws io.multisystem.core.error.InvalidInputException ({@code INVALID_FIELD}) if {@code given} names an
     *         attribute the type does not have, or holds a null or negative value; the message names the attribute
     */
    public static ToxicAttributes defaults(ToxicType type, Map<String, Long> given) {
        Objects.requireNonNull(type, "type");
        Map<String, Long> values = new LinkedHashMap<>();
        for (String name : type.attributeNames()) {
            values.put(name, 0L);
        }
        return new ToxicAttributes(type, merge(type, values, given));
    }

    /**
     * These attributes with {@code changes} applied; attributes not named keep their value (Toxiproxy's update
     * semantics).
     *
     * @throws io.multisystem.core.error.InvalidInputException as {@link #defaults(ToxicType, Map)}
     */
    public ToxicAttributes with(Map<String, Long> changes) {
        return new ToxicAttributes(type, merge(type, new LinkedHashMap<>(values), changes));
    }

    /** The toxic type these attributes belong to. */
    public ToxicType type() {
        return type;
    }

    /**
     * The value of one attribute.
     *
     * @throws IllegalArgumentException if the type has no such attribute (a programming error)
     */
    public long get(String name) {
        Long value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(type.wireName() + " has no attribute " + name);
        }
        return value;
    }

    /** Every attribute in wire order; unmodifiable. */
    public Map<String, Long> asMap() {
        return values;
    }

    private static Map<String, Long> merge(ToxicType type, Map<String, Long> target, Map<String, Long> changes) {
        if (changes == null) {
            return target;
        }
        for (Map.Entry<String, Long> change : changes.entrySet()) {
            String name = change.getKey();
            if (!target.containsKey(name)) {
                throw ProxyErrors.invalidField("attributes." + name, "is not an attribute of " + type.wireName()
                        + "; it accepts " + (type.attributeNames().isEmpty() ? "none" : type.attributeNames()));
            }
            Long value = change.getValue();
            if (value == null || value < 0) {
                throw ProxyErrors.invalidField("attributes." + name, "must be an integer >= 0, was " + value);
            }
            target.put(name, value);
        }
        return target;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ToxicAttributes && ((ToxicAttributes) other).type == type
                && ((ToxicAttributes) other).values.equals(values);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return type.wireName() + values;
    }
}
