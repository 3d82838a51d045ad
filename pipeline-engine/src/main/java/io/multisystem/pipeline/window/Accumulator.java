package io.multisystem.pipeline.window;

/**
 * Running state of one aggregation in one window; mergeable for session windows. Not thread-safe. Public so that the
 * Flink runner ({@code io.multisystem.pipeline.flink}) computes exactly the local engine's aggregates.
 */
public final class Accumulator implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final Aggregation.Function function;
    private final boolean doubles;
    private final double quantile;
    private DistinctSketch distinct;
    private QuantileSketch quantiles;
    private long records;
    private long values;
    private long longSum;
    private double doubleSum;
    private long longMin = Long.MAX_VALUE;
    private long longMax = Long.MIN_VALUE;
    private double doubleMin = Double.POSITIVE_INFINITY;
    private double doubleMax = Double.NEGATIVE_INFINITY;

    public Accumulator(Aggregation aggregation, boolean doubles) {
        this.function = aggregation.function();
        this.doubles = doubles;
        this.quantile = aggregation.quantile();
        if (function == Aggregation.Function.APPROX_DISTINCT) {
            distinct = new DistinctSketch();
        } else if (function == Aggregation.Function.QUANTILE) {
            quantiles = new QuantileSketch();
        }
    }

    public void add(Object value) {
        records++;
        if (value == null) {
            return;
        }
        values++;
        if (distinct != null) {
            distinct.add(value);
            return;
        }
        if (quantiles != null) {
            quantiles.add(((Number) value).doubleValue());
            return;
        }
        if (doubles) {
            double v = (Double) value;
            doubleSum += v;
            doubleMin = Math.min(doubleMin, v);
            doubleMax = Math.max(doubleMax, v);
        } else {
            long v = (Long) value;
            longSum += v;
            longMin = Math.min(longMin, v);
            longMax = Math.max(longMax, v);
        }
    }

    public void merge(Accumulator other) {
        if (distinct != null) {
            distinct.merge(other.distinct);
        }
        if (quantiles != null) {
            quantiles.merge(other.quantiles);
        }
        records += other.records;
        values += other.values;
        longSum += other.longSum;
        doubleSum += other.doubleSum;
        longMin = Math.min(longMin, other.longMin);
        longMax = Math.max(longMax, other.longMax);
        doubleMin = Math.min(doubleMin, other.doubleMin);
        doubleMax = Math.max(doubleMax, other.doubleMax);
    }

    /** The result; {@code null} for sum/avg/min/max over no non-null values. */
    public Object result() {
        if (function == Aggregation.Function.COUNT) {
            return records;
        }
        if (function == Aggregation.Function.APPROX_DISTINCT && values == 0) {
            return 0L;
        }
        if (values == 0) {
            return null;
        }
        return switch (function) {
            case SUM -> doubles ? (Object) doubleSum : (Object) longSum;
            case AVG -> (doubles ? doubleSum : (double) longSum) / values;
            case MIN -> doubles ? (Object) doubleMin : (Object) longMin;
            case MAX -> doubles ? (Object) doubleMax : (Object) longMax;
            case APPROX_DISTINCT -> distinct.estimate();
            case QUANTILE -> quantiles.quantile(quantile);
            case COUNT -> records;
        };
    }
}
