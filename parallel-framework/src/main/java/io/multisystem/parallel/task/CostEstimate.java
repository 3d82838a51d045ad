package io.multisystem.parallel.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Exponentially weighted moving average of a task's run time. Updates race benignly: a lost update only delays the
 * estimate, never corrupts it. The fields are read and written in opaque mode (each access is atomic and eventually
 * visible, but orders nothing): a volatile store would cost a full fence on the hot path of every sampled run.
 */
final class CostEstimate implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int WARM_UP_SAMPLES = 8;
    private static final VarHandle AVERAGE;
    private static final VarHandle SAMPLES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            AVERAGE = lookup.findVarHandle(CostEstimate.class, "averageNanos", long.class);
            SAMPLES = lookup.findVarHandle(CostEstimate.class, "samples", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long averageNanos;
    private long samples;

    /**
     * Every run is measured during warm-up, then one in 32 (two clock reads cost more than a tiny task), which keeps
     * the estimate current for less.
     */
    boolean wantsSample(long sequence) {
        return (long) SAMPLES.getOpaque(this) < 64 || (sequence & 31) == 0;
    }

    void record(long nanos) {
        long n = (long) SAMPLES.getOpaque(this);
        long average = (long) AVERAGE.getOpaque(this);
        AVERAGE.setOpaque(this, n == 0 ? nanos : average + (nanos - average) / 8);
        SAMPLES.setOpaque(this, n + 1);
    }

    boolean isBelow(long thresholdNanos) {
        return (long) SAMPLES.getOpaque(this) >= WARM_UP_SAMPLES && (long) AVERAGE.getOpaque(this) < thresholdNanos;
    }

    long averageNanos() {
        return (long) AVERAGE.getOpaque(this);
    }
}
