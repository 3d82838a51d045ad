package io.multisystem.pipeline.window;

import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared test data: click events {@code user, ts, amount} and result comparison by (key, window). */
public final class Fixtures {
    public static final Schema CLICKS = Schema.of("user", FieldType.STRING, "ts", FieldType.TIMESTAMP,
            "amount", FieldType.LONG);

    private Fixtures() {
    }

    public static Row click(String user, long ts, long amount) {
        return Row.of(CLICKS, user, ts, amount);
    }

    /** The last emission per (key, window_start, window_end): the final result under accumulating updates. */
    public static Map<String, Row> finalResults(List<Row> emitted) {
        Map<String, Row> last = new TreeMap<>();
        for (Row r : emitted) {
            last.put(r.get(0) + "|" + r.get(1) + "|" + r.get(2), r);
        }
        return last;
    }

    /** Runs rows through a fresh operator: optional watermark after every row, then end of time. */
    public static List<Row> runOperator(WindowSpec spec, List<Row> rows, long outOfOrdernessMillis,
            boolean watermarkPerRow) {
        WindowOperator op = WindowOperator.create(spec, CLICKS, r -> { });
        List<Row> out = new ArrayList<>();
        long max = Long.MIN_VALUE;
        for (Row r : rows) {
            op.processElement(r, out::add);
            max = Math.max(max, r.getLong("ts"));
            if (watermarkPerRow) {
                op.processWatermark(max - outOfOrdernessMillis - 1, out::add);
            }
        }
        op.processWatermark(WatermarkGenerator.END_OF_TIME, out::add);
        return out;
    }
}
