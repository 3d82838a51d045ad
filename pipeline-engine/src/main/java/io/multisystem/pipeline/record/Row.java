package io.multisystem.pipeline.record;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One record: a value per field of its {@link Schema}, each of the field's type or {@code null}. Immutable and
 * thread-safe; equality is by schema and values.
 */
public final class Row {
    private final Schema schema;
    private final Object[] values;

    private Row(Schema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    /**
     * A row with these values in schema order.
     *
     * @throws InvalidInputException (code {@code ROW_INVALID}) when the number of values differs from the schema or a
     *                               value is not of its field's type; every violation carries the path
     *                               {@code /fieldName}
     */
    public static Row of(Schema schema, Object... values) {
        Objects.requireNonNull(schema, "schema");
        List<FieldViolation> violations = new ArrayList<>();
        if (values.length != schema.size()) {
            violations.add(new FieldViolation("/", "expected " + schema.size() + " values " + schema.names()
                    + ", got " + values.length));
        } else {
            for (int i = 0; i < values.length; i++) {
                Schema.Field field = schema.fields().get(i);
                if (values[i] != null && !field.type().accepts(values[i])) {
                    violations.add(new FieldViolation("/" + field.name(), "expected " + field.type() + " ("
                            + field.type().javaType().getSimpleName() + "), got "
                            + values[i].getClass().getSimpleName() + " " + values[i]));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "ROW_INVALID", violations);
        }
        return new Row(schema, values.clone());
    }

    /** A row from a name → value map; missing names are {@code null}. Same checks as {@link #of(Schema, Object...)}. */
    public static Row ofMap(Schema schema, Map<String, ?> valuesByName) {
        Object[] values = new Object[schema.size()];
        for (String name : valuesByName.keySet()) {
            values[schema.getIndex(name)] = valuesByName.get(name);
        }
        return of(schema, values);
    }

    public Schema schema() {
        return schema;
    }

    /** The value at this position, or {@code null}. */
    public Object get(int index) {
        return values[index];
    }

    /** The value of this field, or {@code null}; unknown names raise {@code UNKNOWN_FIELD}. */
    public Object get(String name) {
        return values[schema.getIndex(name)];
    }

    public String getString(String name) {
        return (String) get(name);
    }

    /** A LONG or TIMESTAMP field's value, or {@code null}. */
    public Long getLong(String name) {
        return (Long) get(name);
    }

    /** A DOUBLE field's value, or {@code null}. */
    public Double getDouble(String name) {
        return (Double) get(name);
    }

    /** Field name → value, in schema order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(schema.fields().get(i).name(), values[i]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.schema.equals(schema) && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * schema.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
