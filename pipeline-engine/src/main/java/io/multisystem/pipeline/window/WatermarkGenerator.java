package io.multisystem.pipeline.window;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;

import java.time.Duration;

/**
 * Derives the event-time watermark from the timestamps seen so far. A watermark {@code w} asserts that no further
 * event with timestamp {@code <= w} is expected; events that still arrive are late (Dataflow Model, Akidau et al.
 * VLDB 2015). Watermarks never go backwards. Not thread-safe: one instance per source.
 */
public interface WatermarkGenerator {
    /** Before any event, the watermark is {@code Long.MIN_VALUE}. */
    long NO_WATERMARK = Long.MIN_VALUE;
    /** The final watermark of a bounded input: every window is complete. */
    long END_OF_TIME = Long.MAX_VALUE;

    /** Records an event timestamp. */
    void onEvent(long timestamp);

    /** The current watermark; monotonically non-decreasing. */
    long currentWatermark();

    /** The largest event timestamp seen, {@code Long.MIN_VALUE} before any (checkpointed, restored by onEvent). */
    long maxTimestampSeen();

    /**
     * The watermark trails the largest timestamp seen by {@code maxOutOfOrderness}: {@code max - bound - 1}, so an
     * event at most {@code bound} older than the newest one is never late.
     *
     * @throws InvalidInputException (code {@code WATERMARK_INVALID}) when the bound is negative
     */
    static WatermarkGenerator boundedOutOfOrderness(Duration maxOutOfOrderness) {
        if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
            throw new InvalidInputException(Errors.COMPONENT, "WATERMARK_INVALID",
                    "/watermark/maxOutOfOrderness: must be zero or positive, got " + maxOutOfOrderness);
        }
        return new BoundedOutOfOrdernessWatermarks(maxOutOfOrderness.toMillis());
    }
}

final class BoundedOutOfOrdernessWatermarks implements WatermarkGenerator {
    private final long bound;
    private long maxTimestamp = Long.MIN_VALUE;

    BoundedOutOfOrdernessWatermarks(long bound) {
        this.bound = bound;
    }

    @Override
    public void onEvent(long timestamp) {
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    @Override
    public long maxTimestampSeen() {
        return maxTimestamp;
    }

    @Override
    public long currentWatermark() {
        if (maxTimestamp == Long.MIN_VALUE) {
            return NO_WATERMARK;
        }
        long w = maxTimestamp - bound - 1;
        return w > maxTimestamp ? NO_WATERMARK : w; // overflow guard for timestamps near Long.MIN_VALUE
    }
}
