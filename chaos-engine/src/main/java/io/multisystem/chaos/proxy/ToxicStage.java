package io.multisystem.chaos.proxy;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One toxic acting on one link (one direction of one connection). Stages form a pipeline: each receives chunks in
 * order and passes zero or more chunks on, possibly later ({@link Chunk#readyAt}) — the link never delivers a chunk
 * before the one ahead of it, so a stage only has to keep its own output ordered. Instances hold per-link state and
 * are used on the link's I/O thread only.
 */
abstract class ToxicStage {
    static final long MILLIS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MICROS = TimeUnit.MICROSECONDS.toNanos(1);

    /**
     * Starts the stage on a link. {@code previous} is the stage this one replaces after an update of the same toxic
     * (so counters survive updates), or null.
     */
    void start(StageContext context, long now, ToxicStage previous) {
    }

    /** Handles one chunk, passing what survives to {@code next}. The default passes everything unchanged. */
    void onChunk(Chunk chunk, Consumer<Chunk> next) {
        next.accept(chunk);
    }

    /**
     * Whether the stage may drop, delay, cut or count data chunks. When no stage of a link does, the link relays
     * bytes straight from its read buffer without copying them into chunks; only the end of the stream and close
     * orders then go through the stages.
     */
    boolean touchesData() {
        return true;
    }

    /** Whether each data chunk this stage emits must go out in a write of its own (slicer), not coalesced. */
    boolean keepsWriteBoundaries() {
        return false;
    }

    /** Stops the stage: cancels its timers. Called when the toxic is removed or updated, or the link closes. */
    void stop() {
    }
}
