package io.multisystem.pipeline.definition;

import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.record.Row;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps the first row of each distinct key (the values of the key fields; nulls equal each other). State is one entry
 * per distinct key for the whole run. Driven by one thread.
 */
final class DeduplicateStep implements Pipeline.Step {
    private final int[] keyIndexes;
    private final Set<Object> seen = new HashSet<>();

    DeduplicateStep(int[] keyIndexes) {
        this.keyIndexes = keyIndexes.clone();
    }

    @Override
    public java.io.Serializable snapshotState() {
        return io.multisystem.pipeline.window.StateBytes.write(new HashSet<>(seen));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restoreState(java.io.Serializable state) {
        seen.clear();
        seen.addAll((Set<Object>) io.multisystem.pipeline.window.StateBytes.read((byte[]) state));
    }

    @Override
    public void apply(Row row, Consumer<Row> out) {
        Object key;
        if (keyIndexes.length == 1) {
            key = new java.util.ArrayList<>(Arrays.asList(row.get(keyIndexes[0])));
        } else {
            Object[] values = new Object[keyIndexes.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(keyIndexes[i]);
            }
            key = new java.util.ArrayList<>(Arrays.asList(values));
        }
        if (seen.add(key)) {
            out.accept(row);
        }
    }
}
