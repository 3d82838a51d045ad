package io.multisystem.pipeline.io;

import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.Iterator;

/**
 * A bounded input of rows of one schema. {@link #open()} may be called once per run; the iterator is read by one
 * thread and closed by the engine when the run ends, whether or not it was exhausted.
 */
public interface Source {
    /** The schema of every row this source yields. */
    Schema schema();

    /**
     * Starts reading.
     *
     * @throws io.multisystem.core.error.PlatformException when the input cannot be opened or a row is malformed
     *                                                     (raised from {@code next()} with line details)
     */
    RowIterator open();

    /** An iterator over rows that holds a resource until closed. */
    interface RowIterator extends Iterator<Row>, AutoCloseable {
        @Override
        void close();
    }
}
