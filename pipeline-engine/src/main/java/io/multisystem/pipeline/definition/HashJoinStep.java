package io.multisystem.pipeline.definition;

import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Batch hash join: the build side (a bounded source) is read into a hash table on the first probe row, then each
 * probe row is joined with every build row of equal key. Inner joins drop unmatched probe rows; left joins emit them
 * with nulls. Null keys never match. LONG and TIMESTAMP keys compare as numbers. Memory: the whole build side. Driven
 * by one thread.
 */
final class HashJoinStep implements Pipeline.Step {
    private final Source build;
    private final int probeKey;
    private final int buildKey;
    private final boolean leftOuter;
    private final Schema output;
    private Map<Object, List<Row>> table;

    HashJoinStep(Source build, int probeKey, int buildKey, boolean leftOuter, Schema output) {
        this.build = build;
        this.probeKey = probeKey;
        this.buildKey = buildKey;
        this.leftOuter = leftOuter;
        this.output = output;
    }

    @Override
    public void apply(Row row, Consumer<Row> out) {
        if (table == null) {
            table = new HashMap<>();
            try (Source.RowIterator rows = build.open()) {
                while (rows.hasNext()) {
                    Row r = rows.next();
                    Object k = r.get(buildKey);
                    if (k != null) {
                        table.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
        Object key = row.get(probeKey);
        List<Row> matches = key == null ? null : table.get(key);
        int leftSize = row.schema().size();
        if (matches == null) {
            if (leftOuter) {
                Object[] values = new Object[output.size()];
                for (int i = 0; i < leftSize; i++) {
                    values[i] = row.get(i);
                }
                out.accept(Row.of(output, values));
            }
            return;
        }
        for (Row m : matches) {
            Object[] values = new Object[output.size()];
            for (int i = 0; i < leftSize; i++) {
                values[i] = row.get(i);
            }
            for (int i = 0; i < m.schema().size(); i++) {
                values[leftSize + i] = m.get(i);
            }
            out.accept(Row.of(output, values));
        }
    }
}
