package io.multisystem.pipeline.join;

import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.io.Sources;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement (prints figures, asserts only equal results): the interval join and the lookup join against the
 * in-run baseline of a hand-written hash join (+ time filter for the interval join) over the same rows.
 * Figures go to benchmarks/results/pipeline-engine.md.
 */
@Timeout(120)
class JoinThroughputTest {
    static final int ROWS = 400_000;
    static final int KEYS = 50_000;

    @Test
    void intervalAndLookupJoinThroughput() {
        Random random = new Random(42);
        List<Row> left = new ArrayList<>(ROWS);
        List<Row> right = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            long t = i * 5L;
            left.add(Row.of(IntervalJoinerTest.LEFT, (long) random.nextInt(KEYS), t + random.nextInt(20), (long) i));
            right.add(Row.of(IntervalJoinerTest.RIGHT, (long) random.nextInt(KEYS), t + random.nextInt(20), (long) i));
        }
        long lower = -2_000;
        long upper = 2_000;

        long[] joined = {0};
        long start = System.nanoTime();
        Source join = new IntervalJoinSource(Sources.collection(IntervalJoinerTest.LEFT, left),
                Sources.collection(IntervalJoinerTest.RIGHT, right), IntervalJoinerTest.OUT,
                () -> new IntervalJoiner(0, 0, 1, 1, lower, upper, 50, IntervalJoinerTest.OUT));
        try (Source.RowIterator it = join.open()) {
            while (it.hasNext()) {
                it.next();
                joined[0]++;
            }
        }
        double intervalSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        Map<Object, List<Row>> table = new HashMap<>();
        for (Row r : right) {
            table.computeIfAbsent(r.get(0), k -> new ArrayList<>()).add(r);
        }
        long baseline = 0;
        for (Row l : left) {
            long lt = (Long) l.get(1);
            for (Row r : table.getOrDefault(l.get(0), List.of())) {
                long rt = (Long) r.get(1);
                if (rt >= lt + lower && rt <= lt + upper) {
                    Object[] v = new Object[6];
                    for (int i = 0; i < 3; i++) {
                        v[i] = l.get(i);
                        v[3 + i] = r.get(i);
                    }
                    Row.of(IntervalJoinerTest.OUT, v);
                    baseline++;
                }
            }
        }
        double baselineSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(joined[0]).isEqualTo(baseline).isPositive();
        System.out.printf("interval join: %d + %d rows -> %d pairs in %.3f s = %.0f input rows/s; hand-written "
                        + "hash join + filter (all in memory, one thread) %.3f s = %.0f rows/s; ratio %.2f%n",
                ROWS, ROWS, joined[0], intervalSeconds, 2 * ROWS / intervalSeconds, baselineSeconds,
                2 * ROWS / baselineSeconds, baselineSeconds / intervalSeconds);

        Schema dims = Schema.of(List.of(new Schema.Field("id", FieldType.LONG),
                new Schema.Field("label", FieldType.STRING)));
        List<Row> dimRows = new ArrayList<>();
        for (long k = 0; k < KEYS; k += 2) {
            dimRows.add(Row.of(dims, k, "k" + k));
        }
        List<Schema.Field> outFields = new ArrayList<>(IntervalJoinerTest.LEFT.fields());
        outFields.addAll(dims.fields());
        Schema out = Schema.of(outFields);
        long[] dead = {0};
        Sink deadLetter = new Sink() {
            @Override
            public void open(Schema schema) {
            }

            @Override
            public void write(Row row) {
                dead[0]++;
            }

            @Override
            public void close() {
            }
        };
        start = System.nanoTime();
        long enriched = 0;
        try (Source.RowIterator it = new LookupJoinSource(Sources.collection(IntervalJoinerTest.LEFT, left), 0,
                Sources.collection(dims, dimRows), 0, "dims", LookupJoinSource.MissPolicy.DEAD_LETTER, deadLetter,
                out).open()) {
            while (it.hasNext()) {
                it.next();
                enriched++;
            }
        }
        double lookupSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        Map<Object, Row> byId = new HashMap<>();
        dimRows.forEach(r -> byId.put(r.get(0), r));
        long handEnriched = 0;
        for (Row l : left) {
            Row d = byId.get(l.get(0));
            if (d != null) {
                Row.of(out, l.get(0), l.get(1), l.get(2), d.get(0), d.get(1));
                handEnriched++;
            }
        }
        double handLookupSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(enriched).isEqualTo(handEnriched);
        assertThat(enriched + dead[0]).isEqualTo(ROWS);
        System.out.printf("lookup join: %d rows (%d matched, %d dead-lettered) in %.3f s = %.0f rows/s; "
                        + "hand-written hash lookup %.3f s = %.0f rows/s; ratio %.2f%n", ROWS, enriched, dead[0],
                lookupSeconds, ROWS / lookupSeconds, handLookupSeconds, ROWS / handLookupSeconds,
                handLookupSeconds / lookupSeconds);
    }
}
