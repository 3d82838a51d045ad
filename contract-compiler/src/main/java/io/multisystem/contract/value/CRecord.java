package io.multisystem.contract.value;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An immutable Cedar record: attribute names to values, structural equality. */
public final class CRecord {
    public static final CRecord EMPTY = new CRecord(Map.of());
    private final Map<String, Object> attrs;

    private CRecord(Map<String, Object> attrs) {
        this.attrs = attrs;
    }

    public static CRecord of(Map<String, ?> attrs) {
        return attrs.isEmpty() ? EMPTY : new CRecord(Collections.unmodifiableMap(new TreeMap<>(attrs)));
    }

    public Map<String, Object> attrs() {
        return attrs;
    }

    public Object get(String name) {
        return attrs.get(name);
    }

    public boolean has(String name) {
        return attrs.containsKey(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CRecord && ((CRecord) o).attrs.equals(attrs);
    }

    @Override
    public int hashCode() {
        return attrs.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : attrs.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(Values.quote(e.getKey())).append(": ").append(Values.render(e.getValue()));
        }
        return sb.append('}').toString();
    }
}
