package io.multisystem.pipeline.definition;

import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.Aggregation;
import io.multisystem.pipeline.window.WindowAssigner;
import io.multisystem.pipeline.window.WindowOperator;
import io.multisystem.pipeline.window.WindowSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Accumulates compiled steps and tracks the current schema, then assembles the {@link Pipeline}. */
final class TransformChain {
    private Source main;
    private final List<SchemaStep> steps = new ArrayList<>();
    private final List<SchemaStep> post = new ArrayList<>();
    private Schema schema;
    private String keyField;
    private Window window;

    private record Window(String timestamp, Duration maxOutOfOrderness, WindowAssigner assigner,
            Duration allowedLateness, List<Aggregation> aggregations, Schema input) {
    }

    TransformChain(Source main) {
        this.main = main;
        this.schema = main.schema();
    }

    Schema schema() {
        return schema;
    }

    boolean hasWindow() {
        return window != null;
    }

    /** Appends a step (ignored when null: its problems were reported). */
    void add(Pipeline.Step step) {
        if (step == null) {
            return;
        }
        SchemaStep s = (SchemaStep) step;
        (window == null ? steps : post).add(s);
        schema = s.schema();
    }

    void union(List<Source> others) {
        List<Source> inputs = new ArrayList<>();
        inputs.add(steps.isEmpty() ? main : UnionSource.transformed(main, schema, List.copyOf(steps)));
        inputs.addAll(others);
        main = UnionSource.interleave(schema, inputs);
        steps.clear();
    }

    /** Replaces the input by {@code wrap} of (the input after the steps so far); the schema becomes its schema. */
    void wrapInput(java.util.function.UnaryOperator<Source> wrap) {
        Source current = steps.isEmpty() ? main : UnionSource.transformed(main, schema, List.copyOf(steps));
        main = wrap.apply(current);
        steps.clear();
        schema = main.schema();
    }

    void keyBy(String field) {
        keyField = field;
    }

    void window(String timestamp, Duration maxOutOfOrderness, WindowAssigner assigner, Duration allowedLateness,
            List<Aggregation> aggregations) {
        Schema input = schema;
        window = new Window(timestamp, maxOutOfOrderness, assigner, allowedLateness, aggregations, input);
        schema = WindowOperator.outputSchema(new WindowSpec(keyField, timestamp, assigner, allowedLateness,
                aggregations), input);
    }

    /** A per-key aggregate over the whole input: a global window, then the window bounds are dropped. */
    void globalAggregate(String key, List<Aggregation> aggregations) {
        List<Schema.Field> fields = new ArrayList<>(schema.fields());
        fields.add(new Schema.Field(PipelineCompiler.GLOBAL_TIME, FieldType.TIMESTAMP));
        Schema withTime = Schema.of(fields);
        Schema before = schema;
        add(new SchemaStep(withTime, (row, out) -> {
            Object[] values = new Object[withTime.size()];
            for (int i = 0; i < before.size(); i++) {
                values[i] = row.get(i);
            }
            values[values.length - 1] = 0L;
            out.accept(Row.of(withTime, values));
        }));
        keyBy(key);
        window(PipelineCompiler.GLOBAL_TIME, Duration.ZERO, WindowAssigner.global(), Duration.ZERO, aggregations);
        Schema windowed = schema;
        List<Schema.Field> out = new ArrayList<>();
        out.add(windowed.fields().get(0));
        out.addAll(windowed.fields().subList(3, windowed.size()));
        Schema projected = Schema.of(out);
        add(new SchemaStep(projected, (row, emit) -> {
            Object[] values = new Object[projected.size()];
            values[0] = row.get(0);
            for (int i = 1; i < values.length; i++) {
                values[i] = row.get(i + 2);
            }
            emit.accept(Row.of(projected, values));
        }));
    }

    Pipeline build(UnaryOperator<Source> decorator) {
        Pipeline p = Pipeline.from(decorator.apply(main));
        for (SchemaStep s : steps) {
            p = p.transform(s.schema(), s);
        }
        if (keyField != null) {
            p = p.keyBy(keyField);
        }
        if (window != null) {
            p = p.window(window.timestamp(), window.maxOutOfOrderness(), window.assigner(), window.allowedLateness(),
                    window.aggregations().toArray(Aggregation[]::new));
            for (SchemaStep s : post) {
                p = p.transform(s.schema(), s);
            }
        }
        return p;
    }
}
