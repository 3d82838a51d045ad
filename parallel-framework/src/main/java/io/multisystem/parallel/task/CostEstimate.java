package io.multisystem.parallel.task;

/**
 * Exponentially weighted moving average of a task's run time. Updates race benignly: a lost update only delays the
 * estimate, never corrupts it (each field is a single volatile long).
 */
final class CostEstimate implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int WARM_UP_SAMPLES = 8;

    private volatile long averageNanos;
    private volatile long samples;

    /** Every run is measured during warm-up, then one in eight, which keeps the estimate current for less. */
    boolean wantsSample(long sequence) {
        return samples < 64 || (sequence & 7) == 0;
    }

    void record(long nanos) {
        long n = samples;
        averageNanos = n == 0 ? nanos : averageNanos + (nanos - averageNanos) / 8;
        samples = n + 1;
    }

    boolean isBelow(long thresholdNanos) {
        return samples >= WARM_UP_SAMPLES && averageNanos < thresholdNanos;
    }

    long averageNanos() {
        return averageNanos;
    }
}
