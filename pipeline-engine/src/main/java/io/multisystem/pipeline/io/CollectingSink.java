package io.multisystem.pipeline.io;

import io.multisystem.pipeline.record.Row;

import java.util.List;

/** A sink that keeps every row in memory, for tests and small results. Thread-safe to read after the run. */
public interface CollectingSink extends Sink {
    /** A snapshot of the rows written so far, in write order. */
    List<Row> rows();
}
