package io.multisystem.pipeline.window;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Heap-state implementation of {@link WindowOperator}.
 *
 * <p>Design note (Dataflow Model, Akidau et al. VLDB 2015; Flink's WindowOperator): state is
 * key → (window → accumulators), a TreeMap per key so session merging finds overlapping windows in O(log n).
 * Event-time timers live in one priority queue ordered by time; a timer at {@code maxTimestamp} fires the window and
 * one at {@code maxTimestamp + allowedLateness} discards it. Invariants: (1) a window's state exists only while
 * {@code watermark < maxTimestamp + lateness}, so late records never resurrect discarded windows; (2) a window is
 * emitted when it first becomes complete and again on every later update, so the last emission is final; (3) timers
 * of windows removed by a session merge find no state and are ignored. Session merging is order-independent because
 * "overlap" is symmetric and merging is associative and commutative on both interval cover and accumulators.
 */
final class HeapWindowOperator implements WindowOperator {
    private final WindowAssigner assigner;
    private final long lateness;
    private final int keyIndex;
    private final int timestampIndex;
    private final String timestampField;
    private final int[] valueIndex;
    private final Aggregation[] aggregations;
    private final boolean[] doubles;
    private final Schema outputSchema;
    private final Consumer<Row> lateOutput;
    private final Map<Object, TreeMap<Window, WindowState>> state = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long watermark = WatermarkGenerator.NO_WATERMARK;
    private long dropped;

    private static final class WindowState implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Accumulator[] accumulators;
        boolean fired;

        WindowState(Accumulator[] accumulators) {
            this.accumulators = accumulators;
        }
    }

    private record Timer(long time, Object key, Window window) implements Comparable<Timer>, java.io.Serializable {
        @Override
        public int compareTo(Timer o) {
            return Long.compare(time, o.time);
        }
    }

    HeapWindowOperator(WindowSpec spec, Schema input, Schema outputSchema, Consumer<Row> lateOutput) {
        this.assigner = spec.assigner();
        this.lateness = spec.allowedLateness().toMillis();
        this.keyIndex = input.getIndex(spec.keyField());
        this.timestampIndex = input.getIndex(spec.timestampField());
        this.timestampField = spec.timestampField();
        this.aggregations = spec.aggregations().toArray(Aggregation[]::new);
        this.valueIndex = new int[aggregations.length];
        this.doubles = new boolean[aggregations.length];
        for (int i = 0; i < aggregations.length; i++) {
            if (aggregations[i].field() != null) {
                valueIndex[i] = input.getIndex(aggregations[i].field());
                doubles[i] = input.fields().get(valueIndex[i]).type() == FieldType.DOUBLE;
            } else {
                valueIndex[i] = -1;
            }
        }
        this.outputSchema = outputSchema;
        this.lateOutput = lateOutput;
    }

    @Override
    public void processElement(Row row, Consumer<Row> out) {
        Object ts = row.get(timestampIndex);
        if (ts == null) {
            throw new InvalidInputException(Errors.COMPONENT, "EVENT_TIME_MISSING",
                    "record has no event time in field '" + timestampField
                            + "'; filter out or fill such records before the window: " + row);
        }
        long timestamp = (Long) ts;
        Object key = row.get(keyIndex);
        boolean accepted = assigner.isMerging()
                ? addToSession(key, timestamp, row, out)
                : addToWindows(key, timestamp, row, out);
        if (!accepted) {
            dropped++;
            lateOutput.accept(row);
        }
    }

    private boolean addToWindows(Object key, long timestamp, Row row, Consumer<Row> out) {
        boolean accepted = false;
        TreeMap<Window, WindowState> windows = null;
        for (Window window : assigner.assign(timestamp)) {
            if (isBeyondLateness(window)) {
                continue;
            }
            accepted = true;
            if (windows == null) {
                windows = state.computeIfAbsent(key, k -> new TreeMap<>());
            }
            WindowState ws = windows.get(window);
            if (ws == null) {
                ws = new WindowState(newAccumulators());
                windows.put(window, ws);
                timers.add(new Timer(window.maxTimestamp(), key, window));
            }
            add(ws, row);
            emitIfComplete(key, window, ws, out);
        }
        return accepted;
    }

    private boolean addToSession(Object key, long timestamp, Row row, Consumer<Row> out) {
        Window merged = assigner.assign(timestamp).get(0);
        TreeMap<Window, WindowState> windows = state.get(key);
        List<Window> overlapping = new ArrayList<>();
        if (windows != null) {
            // Sessions of one key never overlap each other, so candidates are contiguous by start.
            for (Window w : windows.headMap(new Window(merged.end(), merged.end() + 1), false).descendingKeySet()) {
                if (!w.overlaps(merged)) {
                    if (w.end() <= merged.start()) {
                        break;
                    }
                    continue;
                }
                overlapping.add(w);
            }
            for (Window w : overlapping) {
                merged = merged.cover(w);
            }
        }
        if (isBeyondLateness(merged)) {
            return false;
        }
        if (windows == null) {
            windows = new TreeMap<>();
            state.put(key, windows);
        }
        WindowState ws = new WindowState(newAccumulators());
        for (Window w : overlapping) {
            WindowState old = windows.remove(w);
            for (int i = 0; i < ws.accumulators.length; i++) {
                ws.accumulators[i].merge(old.accumulators[i]);
            }
        }
        windows.put(merged, ws);
        timers.add(new Timer(merged.maxTimestamp(), key, merged));
        add(ws, row);
        emitIfComplete(key, merged, ws, out);
        return true;
    }

    private void emitIfComplete(Object key, Window window, WindowState ws, Consumer<Row> out) {
        if (window.maxTimestamp() <= watermark) {
            ws.fired = true;
            out.accept(result(key, window, ws));
        }
    }

    private boolean isBeyondLateness(Window window) {
        return cleanupTime(window) <= watermark;
    }

    private long cleanupTime(Window window) {
        long t = window.maxTimestamp() + lateness;
        return t < window.maxTimestamp() ? Long.MAX_VALUE : t;
    }

    @Override
    public void processWatermark(long newWatermark, Consumer<Row> out) {
        if (newWatermark <= watermark) {
            return;
        }
        watermark = newWatermark;
        while (!timers.isEmpty() && timers.peek().time() <= watermark) {
            Timer timer = timers.poll();
            TreeMap<Window, WindowState> windows = state.get(timer.key());
            WindowState ws = windows == null ? null : windows.get(timer.window());
            if (ws == null) {
                continue; // discarded, or merged into a larger session
            }
            if (!ws.fired) {
                ws.fired = true;
                out.accept(result(timer.key(), timer.window(), ws));
            }
            long cleanup = cleanupTime(timer.window());
            if (cleanup <= watermark) {
                windows.remove(timer.window());
                if (windows.isEmpty()) {
                    state.remove(timer.key());
                }
            } else if (timer.time() < cleanup) {
                timers.add(new Timer(cleanup, timer.key(), timer.window()));
            }
        }
    }

    private Accumulator[] newAccumulators() {
        Accumulator[] accs = new Accumulator[aggregations.length];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = new Accumulator(aggregations[i], doubles[i]);
        }
        return accs;
    }

    private void add(WindowState ws, Row row) {
        for (int i = 0; i < aggregations.length; i++) {
            ws.accumulators[i].add(valueIndex[i] < 0 ? null : row.get(valueIndex[i]));
        }
    }

    private Row result(Object key, Window window, WindowState ws) {
        Object[] values = new Object[3 + aggregations.length];
        values[0] = key;
        values[1] = window.start();
        values[2] = window.end();
        for (int i = 0; i < aggregations.length; i++) {
            values[3 + i] = ws.accumulators[i].result();
        }
        return Row.of(outputSchema, values);
    }

    /** What {@link #snapshotState()} captures; keys are STRING/LONG/DOUBLE/BOOLEAN values, all serializable. */
    private record Snapshot(HashMap<Object, TreeMap<Window, WindowState>> state, ArrayList<Timer> timers,
            long watermark, long dropped) implements java.io.Serializable {
    }

    @Override
    public byte[] snapshotState() {
        return StateBytes.write(new Snapshot(new HashMap<>(state), new ArrayList<>(timers), watermark, dropped));
    }

    @Override
    public void restoreState(byte[] bytes) {
        Snapshot s = (Snapshot) StateBytes.read(bytes);
        state.clear();
        state.putAll(s.state());
        timers.clear();
        timers.addAll(s.timers());
        watermark = s.watermark();
        dropped = s.dropped();
    }

    @Override
    public long droppedLateRecords() {
        return dropped;
    }

    @Override
    public Schema outputSchema() {
        return outputSchema;
    }

    /** Open windows across all keys; for tests of state cleanup. */
    int openWindows() {
        int n = 0;
        for (Iterator<TreeMap<Window, WindowState>> it = state.values().iterator(); it.hasNext(); ) {
            n += it.next().size();
        }
        return n;
    }
}
