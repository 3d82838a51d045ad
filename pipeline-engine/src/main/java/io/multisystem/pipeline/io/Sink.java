package io.multisystem.pipeline.io;

import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

/**
 * Receives a pipeline's output. The engine calls {@link #open}, then {@link #write} for each row, then
 * {@link #close}, all from one thread; implementations need not be thread-safe. A slow {@code write} slows the whole
 * pipeline through backpressure rather than growing buffers.
 */
public interface Sink {
    void open(Schema schema);

    void write(Row row);

    /** Flushes and releases resources; called once, also after a failed run. */
    void close();
}
