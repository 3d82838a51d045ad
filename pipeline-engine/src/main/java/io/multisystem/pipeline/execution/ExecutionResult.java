package io.multisystem.pipeline.execution;

import java.time.Duration;

/**
 * What a finished run did.
 *
 * @param recordsRead       rows taken from the source
 * @param recordsWritten    rows given to the sink (window results count each emission, updates included)
 * @param lateRecordsDropped rows dropped as beyond the allowed lateness
 * @param maxQueueDepth     the largest number of elements any inter-stage queue held; never above the capacity
 * @param elapsed           processing time of the run by the configured clock
 */
public record ExecutionResult(long recordsRead, long recordsWritten, long lateRecordsDropped, int maxQueueDepth,
        Duration elapsed) {
    /** Source rows per second of processing time; 0 when the clock did not advance. */
    public double recordsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : recordsRead * 1e9 / nanos;
    }
}
