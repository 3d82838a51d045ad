package io.multisystem.pipeline.execution;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the local executor.
 *
 * @param mode               batch or streaming event-time semantics
 * @param parallelism        worker threads for the keyed stage, 1 to 256; keys are hash-partitioned across them
 * @param queueCapacity      elements each inter-stage queue holds before its producer blocks (backpressure), >= 1
 * @param watermarkInterval  in streaming mode, records between watermark emissions, >= 1 (1 = after every record)
 * @param clock              processing-time clock, used only to measure run duration
 * @param checkpointInterval source records between checkpoints, 0 for none; checkpoints are taken only when the
 *                           sink is a {@link io.multisystem.pipeline.io.TransactionalSink}
 */
public record LocalExecutorProperties(ExecutionMode mode, int parallelism, int queueCapacity, int watermarkInterval,
        Clock clock, long checkpointInterval) {
    /** Settings without checkpoints. */
    public LocalExecutorProperties(ExecutionMode mode, int parallelism, int queueCapacity, int watermarkInterval,
            Clock clock) {
        this(mode, parallelism, queueCapacity, watermarkInterval, clock, 0);
    }

    /** Defaults: streaming, 1 worker, 1024-element queues, watermark every 64 records, system UTC clock. */
    public static LocalExecutorProperties defaults() {
        return new LocalExecutorProperties(ExecutionMode.STREAMING, 1, 1024, 64, Clock.systemUTC());
    }

    /**
     * @throws InvalidInputException (code {@code EXECUTOR_PROPERTIES_INVALID}) naming each property out of range
     */
    public LocalExecutorProperties {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(clock, "clock");
        List<FieldViolation> violations = new ArrayList<>();
        if (parallelism < 1 || parallelism > 256) {
            violations.add(new FieldViolation("parallelism", "must be between 1 and 256, got " + parallelism));
        }
        if (queueCapacity < 1) {
            violations.add(new FieldViolation("queueCapacity", "must be at least 1, got " + queueCapacity));
        }
        if (watermarkInterval < 1) {
            violations.add(new FieldViolation("watermarkInterval", "must be at least 1, got " + watermarkInterval));
        }
        if (checkpointInterval < 0) {
            violations.add(new FieldViolation("checkpointInterval", "must be 0 (off) or positive, got "
                    + checkpointInterval));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "EXECUTOR_PROPERTIES_INVALID", violations);
        }
    }

    public LocalExecutorProperties withMode(ExecutionMode m) {
        return new LocalExecutorProperties(m, parallelism, queueCapacity, watermarkInterval, clock, checkpointInterval);
    }

    public LocalExecutorProperties withParallelism(int p) {
        return new LocalExecutorProperties(mode, p, queueCapacity, watermarkInterval, clock, checkpointInterval);
    }

    public LocalExecutorProperties withQueueCapacity(int c) {
        return new LocalExecutorProperties(mode, parallelism, c, watermarkInterval, clock, checkpointInterval);
    }

    public LocalExecutorProperties withWatermarkInterval(int i) {
        return new LocalExecutorProperties(mode, parallelism, queueCapacity, i, clock, checkpointInterval);
    }

    public LocalExecutorProperties withClock(Clock c) {
        return new LocalExecutorProperties(mode, parallelism, queueCapacity, watermarkInterval, c, checkpointInterval);
    }

    public LocalExecutorProperties withCheckpointInterval(long records) {
        return new LocalExecutorProperties(mode, parallelism, queueCapacity, watermarkInterval, clock, records);
    }
}
