package io.multisystem.pipeline.window;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A keyed event-time window aggregation for one partition of keys. Results are rows of {@link #outputSchema()}:
 * {@code key, window_start, window_end}, then one column per aggregation.
 *
 * <p>Contract (Dataflow Model, Akidau et al. VLDB 2015; trigger = watermark with allowed lateness):
 * <ul>
 *   <li>a window emits its result once, when the watermark reaches its {@link Window#maxTimestamp()};</li>
 *   <li>a record arriving after that but while {@code watermark < maxTimestamp + allowedLateness} updates the window
 *       and re-emits the whole, updated result at once (accumulating mode): the last emission per (key, window) is
 *       the final result;</li>
 *   <li>a record whose windows are all past {@code maxTimestamp + allowedLateness} is dropped, counted in
 *       {@link #droppedLateRecords()} and handed to the late-record side output;</li>
 *   <li>the watermark {@link WatermarkGenerator#END_OF_TIME} fires and discards every window.</li>
 * </ul>
 * Not thread-safe: one instance is driven by one thread. State is O(open windows); each record costs
 * O(windows per record · log timers).
 */
public interface WindowOperator {
    /** Adds a record; results of windows that are already complete are emitted to {@code out} at once. */
    void processElement(Row row, Consumer<Row> out);

    /** Advances the watermark (lower values are ignored) and emits the windows it completes, oldest first. */
    void processWatermark(long watermark, Consumer<Row> out);

    /**
     * A deep copy of the operator's state (open windows, accumulators, timers, watermark, late count) as bytes, for
     * a checkpoint. The operator is unchanged.
     */
    byte[] snapshotState();

    /** Replaces the operator's state by a snapshot taken from an operator of the same spec. */
    void restoreState(byte[] snapshot);

    /** Records dropped because they arrived beyond the allowed lateness. */
    long droppedLateRecords();

    /** The schema of the emitted rows. */
    Schema outputSchema();

    /**
     * Checks the spec against the input schema and builds the operator.
     *
     * @param lateOutput receives each dropped late record; may be a no-op
     * @throws InvalidInputException (code {@code WINDOW_SPEC_INVALID}) listing every problem with a path such as
     *                               {@code /window/aggregations/1/field}
     */
    static WindowOperator create(WindowSpec spec, Schema input, Consumer<Row> lateOutput) {
        return new HeapWindowOperator(spec, input, outputSchema(spec, input), lateOutput);
    }

    /** The output schema {@link #create} would use; same checks. */
    static Schema outputSchema(WindowSpec spec, Schema input) {
        List<FieldViolation> violations = new ArrayList<>();
        if (input.findIndex(spec.keyField()).isEmpty()) {
            violations.add(new FieldViolation("/window/keyBy", "no field '" + spec.keyField() + "'; known: "
                    + input.names()));
        }
        input.findIndex(spec.timestampField()).ifPresentOrElse(i -> {
            FieldType t = input.fields().get(i).type();
            if (t != FieldType.TIMESTAMP && t != FieldType.LONG) {
                violations.add(new FieldViolation("/window/timestampField", "field '" + spec.timestampField()
                        + "' is " + t + "; event time must be a TIMESTAMP or LONG of epoch milliseconds"));
            }
        }, () -> violations.add(new FieldViolation("/window/timestampField", "no field '"
                + spec.timestampField() + "'; known: " + input.names())));
        if (spec.allowedLateness().isNegative()) {
            violations.add(new FieldViolation("/window/allowedLateness", "must be zero or positive"));
        }
        if (spec.aggregations().isEmpty()) {
            violations.add(new FieldViolation("/window/aggregations", "add at least one aggregation"));
        }
        List<Schema.Field> out = new ArrayList<>();
        if (input.findIndex(spec.keyField()).isPresent()) {
            out.add(new Schema.Field(spec.keyField(), input.getField(spec.keyField()).type()));
        }
        out.add(new Schema.Field("window_start", FieldType.TIMESTAMP));
        out.add(new Schema.Field("window_end", FieldType.TIMESTAMP));
        Set<String> names = new HashSet<>(List.of(spec.keyField(), "window_start", "window_end"));
        for (int i = 0; i < spec.aggregations().size(); i++) {
            Aggregation a = spec.aggregations().get(i);
            String path = "/window/aggregations/" + i;
            if (!names.add(a.output())) {
                violations.add(new FieldViolation(path + "/output", "duplicate output name '" + a.output() + "'"));
            }
            FieldType inputType = null;
            if (a.function() != Aggregation.Function.COUNT) {
                var idx = input.findIndex(a.field());
                if (idx.isEmpty()) {
                    violations.add(new FieldViolation(path + "/field", "no field '" + a.field() + "'; known: "
                            + input.names()));
                    continue;
                }
                inputType = input.fields().get(idx.get()).type();
                if (a.function() != Aggregation.Function.APPROX_DISTINCT && inputType != FieldType.LONG
                        && inputType != FieldType.DOUBLE && inputType != FieldType.TIMESTAMP) {
                    violations.add(new FieldViolation(path + "/field", a.function() + " needs a numeric field; '"
                            + a.field() + "' is " + inputType));
                    continue;
                }
            }
            out.add(new Schema.Field(a.output(), a.resultType(inputType)));
        }
        if (!violations.isEmpty()) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "WINDOW_SPEC_INVALID", violations);
        }
        return Schema.of(out);
    }
}
