package io.multisystem.contract.value;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** An immutable Cedar set: unordered, duplicates collapse, equality is set equality. */
public final class CSet {
    public static final CSet EMPTY = new CSet(Set.of());
    private final Set<Object> elements;

    private CSet(Set<Object> elements) {
        this.elements = elements;
    }

    public static CSet of(Collection<?> values) {
        return values.isEmpty() ? EMPTY : new CSet(Collections.unmodifiableSet(new LinkedHashSet<>(values)));
    }

    public Set<Object> elements() {
        return elements;
    }

    public int size() {
        return elements.size();
    }

    public boolean contains(Object v) {
        return elements.contains(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CSet && ((CSet) o).elements.equals(elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (Object e : elements) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(Values.render(e));
        }
        return sb.append(']').toString();
    }
}
