package io.multisystem.pipeline.record;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered list of named, typed fields. Immutable and thread-safe; field lookup by name is O(1).
 */
public final class Schema {
    /** One named, typed field. */
    public record Field(String name, FieldType type) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    private final List<Field> fields;
    private final Map<String, Integer> indexByName;

    private Schema(List<Field> fields) {
        this.fields = List.copyOf(fields);
        Map<String, Integer> index = new HashMap<>();
        List<FieldViolation> violations = new ArrayList<>();
        for (int i = 0; i < this.fields.size(); i++) {
            String name = this.fields.get(i).name();
            if (name.isBlank()) {
                violations.add(new FieldViolation("/fields/" + i + "/name", "must not be blank"));
            } else if (index.putIfAbsent(name, i) != null) {
                violations.add(new FieldViolation("/fields/" + i + "/name",
                        "duplicate field name '" + name + "'; rename one of the two fields"));
            }
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "SCHEMA_INVALID", violations);
        }
        this.indexByName = Map.copyOf(index);
    }

    /**
     * A schema with these fields in this order.
     *
     * @throws InvalidInputException (code {@code SCHEMA_INVALID}) when a name is blank or repeated
     */
    public static Schema of(List<Field> fields) {
        return new Schema(fields);
    }

    /** Shorthand: {@code Schema.of("id", LONG, "name", STRING)}; arguments alternate name and type. */
    public static Schema of(Object... nameTypePairs) {
        if (nameTypePairs.length % 2 != 0) {
            throw new IllegalArgumentException("arguments must alternate name and FieldType");
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            fields.add(new Field((String) nameTypePairs[i], (FieldType) nameTypePairs[i + 1]));
        }
        return new Schema(fields);
    }

    public List<Field> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    /** The position of the field, or empty when the schema has no such field. */
    public Optional<Integer> findIndex(String name) {
        return Optional.ofNullable(indexByName.get(name));
    }

    /**
     * The position of the field.
     *
     * @throws InvalidInputException (code {@code UNKNOWN_FIELD}) naming the fields that do exist
     */
    public int getIndex(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new InvalidInputException(Errors.COMPONENT, "UNKNOWN_FIELD",
                    "no field '" + name + "' in schema; known fields: " + names());
        }
        return index;
    }

    /** The field at this name; see {@link #getIndex(String)}. */
    public Field getField(String name) {
        return fields.get(getIndex(name));
    }

    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
