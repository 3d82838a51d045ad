package io.multisystem.pipeline.window;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a keyed event-time window aggregation computes.
 *
 * @param keyField        the field whose value partitions the input (may be {@code null}-valued in rows: one key)
 * @param timestampField  the TIMESTAMP or LONG field holding event time in epoch milliseconds
 * @param assigner        how event times map to windows
 * @param allowedLateness how long after a window's end (by watermark) late records still update it; zero drops every
 *                        record whose windows are all complete
 * @param aggregations    the aggregates, at least one; their output names must be distinct
 */
public record WindowSpec(String keyField, String timestampField, WindowAssigner assigner, Duration allowedLateness,
        List<Aggregation> aggregations) {
    public WindowSpec {
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(timestampField, "timestampField");
        Objects.requireNonNull(assigner, "assigner");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        aggregations = List.copyOf(aggregations);
    }
}
