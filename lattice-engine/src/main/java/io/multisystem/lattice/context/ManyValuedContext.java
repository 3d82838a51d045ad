package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A many-valued context (G, M, W, I): each object has at most one value per attribute. Values are strings; an empty
 * string means "no value". Turned into a {@link FormalContext} by {@link ConceptualScaling}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ManyValuedContext {
    private final List<String> objects;
    private final List<String> attributes;
    private final List<List<String>> values;

    private ManyValuedContext(List<String> objects, List<String> attributes, List<List<String>> values) {
        this.objects = objects;
        this.attributes = attributes;
        this.values = values;
    }

    /**
     * @param values one row per object, each with one value per attribute ({@code ""} or {@code null} = no value)
     * @throws InvalidInputException {@code CONTEXT_INVALID} if the shape does not match the names
     */
    public static ManyValuedContext of(List<String> objects, List<String> attributes, List<List<String>> values) {
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(values, "values");
        if (values.size() != objects.size()) {
            throw new InvalidInputException(FormalContext.COMPONENT, "CONTEXT_INVALID", "expected one row of values per object ("
                    + objects.size() + "), got " + values.size());
        }
        List<List<String>> copy = new ArrayList<>(values.size());
        for (int g = 0; g < values.size(); g++) {
            List<String> row = values.get(g);
            if (row == null || row.size() != attributes.size()) {
                throw new InvalidInputException(FormalContext.COMPONENT, "CONTEXT_INVALID", "object '" + objects.get(g)
                        + "' has " + (row == null ? 0 : row.size()) + " values, expected one per attribute ("
                        + attributes.size() + ")");
            }
            List<String> r = new ArrayList<>(row.size());
            for (String v : row) {
                r.add(v == null ? "" : v.strip());
            }
            copy.add(List.copyOf(r));
        }
        return new ManyValuedContext(List.copyOf(objects), List.copyOf(attributes), List.copyOf(copy));
    }

    public List<String> objects() {
        return objects;
    }

    public List<String> attributes() {
        return attributes;
    }

    /** The value of attribute {@code m} for object {@code g}; {@code ""} when missing. */
    public String value(int g, int m) {
        return values.get(g).get(m);
    }

    /** Index of the attribute named {@code name}, or -1. */
    public int attributeIndex(String name) {
        return attributes.indexOf(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManyValuedContext && objects.equals(((ManyValuedContext) o).objects)
                && attributes.equals(((ManyValuedContext) o).attributes) && values.equals(((ManyValuedContext) o).values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objects, attributes, values);
    }
}
