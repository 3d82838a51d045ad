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
public record Aggregation(Function function, String field, String output, double quantile)
        implements java.io.Serializable {
    /**
     * The supported aggregate functions. {@code APPROX_DISTINCT} estimates the number of distinct non-null values of a
     * field of any type (exact up to 256 values, then HyperLogLog with 4,096 registers: about 1.6% standard error);
     * {@code QUANTILE} estimates the {@link #quantile()} of a numeric field with a KLL sketch (rank error about 1%).
     */
    public enum Function { COUNT, SUM, AVG, MIN, MAX, APPROX_DISTINCT, QUANTILE }

    public Aggregation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(output, "output");
        if (function != Function.COUNT) {
            Objects.requireNonNull(field, "field is required for " + function);
        }
        if (function == Function.QUANTILE && !(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + quantile);
        }
    }

    /** An aggregation without a quantile parameter. */
    public Aggregation(Function function, String field, String output) {
        this(function, field, output, Double.NaN);
    }

    public static Aggregation approxDistinct(String field) {
        return new Aggregation(Function.APPROX_DISTINCT, field, "distinct_" + field);
    }

    /** The {@code q}-quantile (0 to 1) of a numeric field. */
    public static Aggregation quantile(String field, double q) {
        return new Aggregation(Function.QUANTILE, field, "q" + Math.round(q * 100) + "_" + field, q);
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
            case COUNT, APPROX_DISTINCT -> FieldType.LONG;
            case AVG, QUANTILE -> FieldType.DOUBLE;
            case SUM, MIN, MAX -> inputType == FieldType.DOUBLE ? FieldType.DOUBLE : FieldType.LONG;
        };
    }
}
