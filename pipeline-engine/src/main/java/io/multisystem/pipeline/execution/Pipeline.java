package io.multisystem.pipeline.execution;

import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.Aggregation;
import io.multisystem.pipeline.window.WatermarkGenerator;
import io.multisystem.pipeline.window.WindowAssigner;
import io.multisystem.pipeline.window.WindowOperator;
import io.multisystem.pipeline.window.WindowSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An immutable linear pipeline: source → transforms → optional keyed event-time window aggregation → transforms of
 * the window results → sink.
 * Built with {@link #from(Source)}; each step returns a new pipeline. Functions passed in must be thread-safe and
 * side-effect free: the engine may call them from a thread other than the caller's.
 */
public final class Pipeline {
    /**
     * A step: one row in, zero or more rows out. Steps before the window run chained on the source thread, steps
     * after it on the sink thread; each step instance is only ever called by one thread, so a step may keep state
     * (deduplication) without locking.
     */
    public interface Step {
        void apply(Row row, java.util.function.Consumer<Row> out);

        /** The step's state for a checkpoint (a deep copy, or serializable data), or {@code null} if stateless. */
        default java.io.Serializable snapshotState() {
            return null;
        }

        /** Restores state returned by {@link #snapshotState()} of the same step in an earlier run. */
        default void restoreState(java.io.Serializable state) {
        }
    }

    private final Source source;
    private final List<Step> steps;
    private final List<Step> postSteps;
    private final Schema schema;
    private final String keyField;
    private final WindowStage window;
    private final Sink sink;
    private final Sink lateSink;

    /** The window stage and its event-time settings. */
    record WindowStage(WindowSpec spec, Duration maxOutOfOrderness, Schema input) {
    }

    private Pipeline(Source source, List<Step> steps, List<Step> postSteps, Schema schema, String keyField,
            WindowStage window, Sink sink, Sink lateSink) {
        this.source = source;
        this.steps = List.copyOf(steps);
        this.postSteps = List.copyOf(postSteps);
        this.schema = schema;
        this.keyField = keyField;
        this.window = window;
        this.sink = sink;
        this.lateSink = lateSink;
    }

    public static Pipeline from(Source source) {
        return new Pipeline(Objects.requireNonNull(source, "source"), List.of(), List.of(), source.schema(), null,
                null, null, null);
    }

    /** Rows of {@code outputSchema} computed one per input row. */
    public Pipeline map(Schema outputSchema, Function<Row, Row> fn) {
        return withStep((row, out) -> out.accept(fn.apply(row)), outputSchema);
    }

    /** Keeps the rows the predicate accepts. */
    public Pipeline filter(Predicate<Row> predicate) {
        return withStep((row, out) -> {
            if (predicate.test(row)) {
                out.accept(row);
            }
        }, schema);
    }

    /** Zero or more rows of {@code outputSchema} per input row. */
    public Pipeline flatMap(Schema outputSchema, Function<Row, ? extends Iterable<Row>> fn) {
        return withStep((row, out) -> fn.apply(row).forEach(out), outputSchema);
    }

    /**
     * Partitions rows by this field's value: rows with equal keys go to the same worker, in arrival order.
     *
     * @throws io.multisystem.core.error.InvalidInputException (code {@code UNKNOWN_FIELD}) when no such field
     */
    public Pipeline keyBy(String field) {
        schema.getIndex(field);
        requireNoWindow();
        return new Pipeline(source, steps, postSteps, schema, field, null, sink, lateSink);
    }

    /**
     * Aggregates the keyed rows per event-time window. Requires {@link #keyBy}.
     *
     * @param timestampField    the event-time field (epoch milliseconds)
     * @param maxOutOfOrderness the bound of the watermark generator (streaming mode)
     * @param assigner          the windows
     * @param allowedLateness   how long a window accepts updates after it fired
     * @throws io.multisystem.core.error.InvalidInputException (code {@code WINDOW_SPEC_INVALID}) for an unusable spec
     */
    public Pipeline window(String timestampField, Duration maxOutOfOrderness, WindowAssigner assigner,
            Duration allowedLateness, Aggregation... aggregations) {
        if (keyField == null) {
            throw new IllegalStateException("call keyBy(field) before window(...)");
        }
        requireNoWindow();
        WindowSpec spec = new WindowSpec(keyField, timestampField, assigner, allowedLateness, List.of(aggregations));
        WatermarkGenerator.boundedOutOfOrderness(maxOutOfOrderness); // validates the bound now, not at run time
        Schema out = WindowOperator.outputSchema(spec, schema);
        return new Pipeline(source, steps, postSteps, out, keyField, new WindowStage(spec, maxOutOfOrderness, schema),
                sink, lateSink);
    }

    /** Sends rows dropped as too late to this side output (instead of only counting them). */
    public Pipeline lateRecordsTo(Sink late) {
        return new Pipeline(source, steps, postSteps, schema, keyField, window, sink, Objects.requireNonNull(late));
    }

    /** Sets the sink; the pipeline is then runnable. */
    public Pipeline to(Sink target) {
        return new Pipeline(source, steps, postSteps, schema, keyField, window, Objects.requireNonNull(target),
                lateSink);
    }

    /**
     * A general step producing rows of {@code outputSchema}; after {@link #window} it runs on the window results.
     * The step instance is called by one thread only.
     */
    public Pipeline transform(Schema outputSchema, Step step) {
        return withStep(Objects.requireNonNull(step, "step"), outputSchema);
    }

    private Pipeline withStep(Step step, Schema outputSchema) {
        if (window != null) {
            List<Step> next = new ArrayList<>(postSteps);
            next.add(step);
            return new Pipeline(source, steps, next, outputSchema, keyField, window, sink, lateSink);
        }
        List<Step> next = new ArrayList<>(steps);
        next.add(step);
        return new Pipeline(source, next, postSteps, outputSchema, keyField != null
                && outputSchema.findIndex(keyField).isPresent() ? keyField : null, null, sink, lateSink);
    }

    private void requireNoWindow() {
        if (window != null) {
            throw new IllegalStateException("only one keyed window aggregation per pipeline; keyBy and window may not "
                    + "follow it");
        }
    }

    /** The schema of the rows reaching the sink. */
    public Schema outputSchema() {
        return schema;
    }

    Source source() {
        return source;
    }

    List<Step> steps() {
        return steps;
    }

    List<Step> postSteps() {
        return postSteps;
    }

    Optional<String> keyField() {
        return Optional.ofNullable(keyField);
    }

    Optional<WindowStage> windowStage() {
        return Optional.ofNullable(window);
    }

    Sink sink() {
        if (sink == null) {
            throw new IllegalStateException("the pipeline has no sink; call to(sink) before running it");
        }
        return sink;
    }

    Optional<Sink> lateSink() {
        return Optional.ofNullable(lateSink);
    }
}
