package io.multisystem.pipeline.window;

import io.multisystem.pipeline.record.FieldType;

import java.util.Objects;

/**
 * One aggregate computed per key and window. {@code count} counts records; {@code sum}, {@code avg}, {@code min},
 * {@code max} read a numeric field and ignore records where it is {@code null}. Sums of LONG fields are exact
 * (overflow wraps, as in Java), so results do not depend on arrival order; sums of DOUBLE fields are floating-point
 * and may differ in the last bits between arrival orders.
 *
 * @param function the aggregate function
 * @param field    the input field; {@code null} only for {@link Function#COUNT}
 * @param output   the name of the result column
 */
public record Aggregation(Function function, String field, String output) {
    /** The supported aggregate functions. */
    public enum Function { COUNT, SUM, AVG, MIN, MAX }

    public Aggregation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(output, "output");
        if (function != Function.COUNT) {
            Objects.requireNonNull(field, "field is required for " + function);
        }
    }

    public static Aggregation count() {
        return new Aggregation(Function.COUNT, null, "count");
    }

    public static Aggregation sum(String field) {
        return new Aggregation(Function.SUM, field, "sum_" + field);
    }

    public static Aggregation avg(String field) {
        return new Aggregation(Function.AVG, field, "avg_" + field);
    }

    public static Aggregation min(String field) {
        return new Aggregation(Function.MIN, field, "min_" + field);
    }

    public static Aggregation max(String field) {
        return new Aggregation(Function.MAX, field, "max_" + field);
    }

    /** The type of the result column given the input field's type (null for COUNT). */
    public FieldType resultType(FieldType inputType) {
        return switch (function) {
            case COUNT -> FieldType.LONG;
            case AVG -> FieldType.DOUBLE;
            case SUM, MIN, MAX -> inputType == FieldType.DOUBLE ? FieldType.DOUBLE : FieldType.LONG;
        };
    }
}
