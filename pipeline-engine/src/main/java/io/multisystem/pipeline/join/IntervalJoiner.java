package io.multisystem.pipeline.join;

import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Stream-stream interval join state (Flink's {@code IntervalJoinOperator} semantics): a left row {@code a} and a
 * right row {@code b} with equal keys join when {@code a.ts + lower <= b.ts <= a.ts + upper}. Inner join only.
 *
 * <p>Design note: each side keeps, per key, a {@link TreeMap} from event time to the rows of that time, so a new row
 * probes the other side with one range query ({@code subMap}) and is then buffered. Each side has a
 * bounded-out-of-orderness watermark (its largest event time minus {@code maxOutOfOrderness}; {@code +inf} when the
 * side ended); the join's watermark is the smaller of the two. A row older than the watermark is late: it is counted
 * and dropped, as in Flink. When the watermark advances, state that no future on-time row can match is expired: left
 * rows with {@code ts + upper < watermark} and right rows with {@code ts - lower < watermark}; a global per-side time
 * index finds them without scanning keys. Hence the set of results does not depend on how the two inputs interleave
 * as long as each input's own disorder stays within {@code maxOutOfOrderness}. Null keys or timestamps never match
 * (counted as skipped). Driven by one thread.
 */
public final class IntervalJoiner {
    /** Which input a row comes from. */
    public enum Side { LEFT, RIGHT }

    private final int leftKey;
    private final int rightKey;
    private final int leftTime;
    private final int rightTime;
    private final long lower;
    private final long upper;
    private final long maxOutOfOrderness;
    private final Schema output;
    private final Map<Object, TreeMap<Long, List<Row>>> leftState = new HashMap<>();
    private final Map<Object, TreeMap<Long, List<Row>>> rightState = new HashMap<>();
    private final TreeMap<Long, List<Object>> leftIndex = new TreeMap<>();
    private final TreeMap<Long, List<Object>> rightIndex = new TreeMap<>();
    private long leftMax = Long.MIN_VALUE;
    private long rightMax = Long.MIN_VALUE;
    private boolean leftEnded;
    private boolean rightEnded;
    private long watermark = Long.MIN_VALUE;
    private long lateRows;
    private long skippedRows;
    private long bufferedRows;

    /**
     * @param output left fields followed by right fields
     * @throws IllegalArgumentException when {@code lower > upper} or {@code maxOutOfOrderness < 0}
     */
    public IntervalJoiner(int leftKey, int rightKey, int leftTime, int rightTime, long lowerMillis, long upperMillis,
            long maxOutOfOrdernessMillis, Schema output) {
        if (lowerMillis > upperMillis) {
            throw new IllegalArgumentException("lower bound " + lowerMillis + " ms is above upper bound "
                    + upperMillis + " ms");
        }
        if (maxOutOfOrdernessMillis < 0) {
            throw new IllegalArgumentException("maxOutOfOrderness must be >= 0");
        }
        this.leftKey = leftKey;
        this.rightKey = rightKey;
        this.leftTime = leftTime;
        this.rightTime = rightTime;
        this.lower = lowerMillis;
        this.upper = upperMillis;
        this.maxOutOfOrderness = maxOutOfOrdernessMillis;
        this.output = output;
    }

    /** Joins {@code row} with the buffered rows of the other side, buffers it, and expires old state. */
    public void accept(Side side, Row row, Consumer<Row> out) {
        boolean left = side == Side.LEFT;
        Object key = row.get(left ? leftKey : rightKey);
        Object t = row.get(left ? leftTime : rightTime);
        if (key == null || t == null) {
            skippedRows++;
            return;
        }
        long ts = ((Number) t).longValue();
        if (ts < watermark) {
            lateRows++;
            return;
        }
        key = normalize(key);
        TreeMap<Long, List<Row>> other = (left ? rightState : leftState).get(key);
        if (other != null) {
            NavigableMap<Long, List<Row>> range = left
                    ? other.subMap(saturatedAdd(ts, lower), true, saturatedAdd(ts, upper), true)
                    : other.subMap(saturatedAdd(ts, -upper), true, saturatedAdd(ts, -lower), true);
            for (List<Row> rows : range.values()) {
                for (Row o : rows) {
                    out.accept(left ? combine(row, o) : combine(o, row));
                }
            }
        }
        (left ? leftState : rightState).computeIfAbsent(key, k -> new TreeMap<>())
                .computeIfAbsent(ts, k -> new ArrayList<>(1)).add(row);
        (left ? leftIndex : rightIndex).computeIfAbsent(ts, k -> new ArrayList<>(1)).add(key);
        bufferedRows++;
        if (left) {
            leftMax = Math.max(leftMax, ts);
        } else {
            rightMax = Math.max(rightMax, ts);
        }
        advanceWatermark();
    }

    /** The side has no more rows: its watermark becomes +infinity. */
    public void end(Side side) {
        if (side == Side.LEFT) {
            leftEnded = true;
        } else {
            rightEnded = true;
        }
        advanceWatermark();
    }

    public long watermark() {
        return watermark;
    }

    /** Rows dropped because their event time was below the watermark when they arrived. */
    public long lateRows() {
        return lateRows;
    }

    /** Rows with a null key or timestamp. */
    public long skippedRows() {
        return skippedRows;
    }

    /** Rows held in state now (both sides). */
    public long bufferedRows() {
        return bufferedRows;
    }

    private void advanceWatermark() {
        long l = leftEnded ? Long.MAX_VALUE : saturatedAdd(leftMax, -maxOutOfOrderness);
        long r = rightEnded ? Long.MAX_VALUE : saturatedAdd(rightMax, -maxOutOfOrderness);
        long wm = Math.min(l, r);
        if (wm <= watermark) {
            return;
        }
        watermark = wm;
        // left rows with ts + upper < wm, right rows with ts - lower < wm can never match an on-time row again
        expire(leftIndex, leftState, saturatedAdd(wm, -upper));
        expire(rightIndex, rightState, saturatedAdd(wm, lower));
    }

    private void expire(TreeMap<Long, List<Object>> index, Map<Object, TreeMap<Long, List<Row>>> state,
            long before) {
        var head = index.headMap(before, false);
        for (Map.Entry<Long, List<Object>> e : head.entrySet()) {
            for (Object key : e.getValue()) {
                TreeMap<Long, List<Row>> perKey = state.get(key);
                if (perKey == null) {
                    continue;
                }
                List<Row> removed = perKey.remove(e.getKey());
                if (removed != null) {
                    bufferedRows -= removed.size();
                }
                if (perKey.isEmpty()) {
                    state.remove(key);
                }
            }
        }
        head.clear();
    }

    private Row combine(Row l, Row r) {
        Object[] values = new Object[output.size()];
        int n = l.schema().size();
        for (int i = 0; i < n; i++) {
            values[i] = l.get(i);
        }
        for (int i = 0; i < r.schema().size(); i++) {
            values[n + i] = r.get(i);
        }
        return Row.of(output, values);
    }

    /** LONG and TIMESTAMP keys are both {@code Long}; other values compare by equals. */
    private static Object normalize(Object key) {
        return key instanceof Integer i ? (Object) i.longValue() : key;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
