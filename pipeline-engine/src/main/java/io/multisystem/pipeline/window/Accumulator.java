package io.multisystem.pipeline.window;

/** Running state of one aggregation in one window; mergeable for session windows. Not thread-safe. */
final class Accumulator {
    private final Aggregation.Function function;
    private final boolean doubles;
    private long records;
    private long values;
    private long longSum;
    private double doubleSum;
    private long longMin = Long.MAX_VALUE;
    private long longMax = Long.MIN_VALUE;
    private double doubleMin = Double.POSITIVE_INFINITY;
    private double doubleMax = Double.NEGATIVE_INFINITY;

    Accumulator(Aggregation.Function function, boolean doubles) {
        this.function = function;
        this.doubles = doubles;
    }

    void add(Object value) {
        records++;
        if (value == null) {
            return;
        }
        values++;
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

    void merge(Accumulator other) {
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
    Object result() {
        if (function == Aggregation.Function.COUNT) {
            return records;
        }
        if (values == 0) {
            return null;
        }
        return switch (function) {
            case SUM -> doubles ? (Object) doubleSum : (Object) longSum;
            case AVG -> (doubles ? doubleSum : (double) longSum) / values;
            case MIN -> doubles ? (Object) doubleMin : (Object) longMin;
            case MAX -> doubles ? (Object) doubleMax : (Object) longMax;
            case COUNT -> records;
        };
    }
}
