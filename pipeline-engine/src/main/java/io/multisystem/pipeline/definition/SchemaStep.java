package io.multisystem.pipeline.definition;

import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.function.Consumer;

/** A compiled transform step together with the schema of the rows it emits. */
record SchemaStep(Schema schema, Pipeline.Step step) implements Pipeline.Step {
    @Override
    public void apply(Row row, Consumer<Row> out) {
        step.apply(row, out);
    }

    @Override
    public java.io.Serializable snapshotState() {
        return step.snapshotState();
    }

    @Override
    public void restoreState(java.io.Serializable state) {
        step.restoreState(state);
    }
}
