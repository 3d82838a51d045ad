package io.multisystem.pipeline.io;

import java.util.Optional;

/**
 * A sink that takes part in checkpoints for exactly-once output: rows written between two checkpoints become visible
 * only when the later checkpoint commits, atomically with the checkpoint's state (source offsets and operator state),
 * so a run restarted from the last committed checkpoint neither loses nor repeats output.
 *
 * <p>Call order: {@link #recover()}, {@link #open}, then {@link #write} and {@link #commitCheckpoint} interleaved,
 * then {@link #close()}, all from one thread. {@code close} without a final commit discards uncommitted rows.
 */
public interface TransactionalSink extends Sink {
    /**
     * Completes or discards what a crashed run left (a checkpoint recorded but not yet published is published;
     * uncommitted output is deleted) and returns the state of the last committed checkpoint.
     */
    Optional<Committed> recover();

    /** Makes every row written since the previous checkpoint durable and visible together with {@code state}. */
    void commitCheckpoint(long checkpointId, byte[] state);

    /** The last committed checkpoint of an earlier run. */
    record Committed(long checkpointId, byte[] state) {
    }
}
