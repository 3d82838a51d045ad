package io.multisystem.pipeline.join;

import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.io.Sources;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class IntervalJoinerTest {
    static final Schema LEFT = Schema.of(List.of(new Schema.Field("k", FieldType.LONG),
            new Schema.Field("ts", FieldType.TIMESTAMP), new Schema.Field("a", FieldType.LONG)));
    static final Schema RIGHT = Schema.of(List.of(new Schema.Field("rk", FieldType.LONG),
            new Schema.Field("rts", FieldType.TIMESTAMP), new Schema.Field("b", FieldType.LONG)));
    static final Schema OUT = Schema.of(List.of(new Schema.Field("k", FieldType.LONG),
            new Schema.Field("ts", FieldType.TIMESTAMP), new Schema.Field("a", FieldType.LONG),
            new Schema.Field("rk", FieldType.LONG), new Schema.Field("rts", FieldType.TIMESTAMP),
            new Schema.Field("b", FieldType.LONG)));

    /** Rows in event-time order, then shuffled within windows of {@code disorder} ms (bounded out-of-orderness). */
    static List<Row> stream(Schema schema, Random random, int n, int keys, long disorder) {
        List<Row> rows = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(20);
            rows.add(Row.of(schema, (long) random.nextInt(keys), t, (long) i));
        }
        // a row may move later by less than `disorder`: swap neighbours whose times differ by < disorder
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i + 1 < rows.size(); i++) {
                long a = (Long) rows.get(i).get(1);
                long b = (Long) rows.get(i + 1).get(1);
                if (Math.abs(a - b) < disorder / 3 && random.nextBoolean()) {
                    Collections.swap(rows, i, i + 1);
                }
            }
        }
        return rows;
    }

    static List<String> bruteForce(List<Row> left, List<Row> right, long lower, long upper) {
        List<String> out = new ArrayList<>();
        for (Row l : left) {
            for (Row r : right) {
                long lt = (Long) l.get(1);
                long rt = (Long) r.get(1);
                if (l.get(0).equals(r.get(0)) && rt >= lt + lower && rt <= lt + upper) {
                    out.add(l.get(2) + "-" + r.get(2));
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    @Test
    void matchesANestedLoopJoinForAnyInterleavingAndExpiresState() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            long disorder = 30;
            long lower = -random.nextInt(50);
            long upper = lower + random.nextInt(80);
            List<Row> left = stream(LEFT, random, 400, 7, disorder);
            List<Row> right = stream(RIGHT, random, 400, 7, disorder);
            IntervalJoiner joiner = new IntervalJoiner(0, 0, 1, 1, lower, upper, disorder, OUT);
            List<String> got = new ArrayList<>();
            int li = 0;
            int ri = 0;
            while (li < left.size() || ri < right.size()) {
                boolean takeLeft = ri >= right.size() || (li < left.size() && random.nextBoolean());
                Row row = takeLeft ? left.get(li++) : right.get(ri++);
                joiner.accept(takeLeft ? IntervalJoiner.Side.LEFT : IntervalJoiner.Side.RIGHT, row,
                        r -> got.add(r.get(2) + "-" + r.get(5)));
            }
            joiner.end(IntervalJoiner.Side.LEFT);
            joiner.end(IntervalJoiner.Side.RIGHT);
            Collections.sort(got);
            // a row is late only relative to its own input, so however far one input runs ahead the result is exact
            assertThat(joiner.lateRows()).as("seed %d", seed).isZero();
            assertThat(got).as("seed %d", seed).isEqualTo(bruteForce(left, right, lower, upper));
            assertThat(joiner.bufferedRows()).isZero();
        }
    }

    @Test
    void isExactWhenTheInputsAdvanceTogether() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(100 + seed);
            long disorder = 30;
            List<Row> left = stream(LEFT, random, 300, 5, disorder);
            List<Row> right = stream(RIGHT, random, 300, 5, disorder);
            IntervalJoiner joiner = new IntervalJoiner(0, 0, 1, 1, -25, 40, disorder, OUT);
            List<String> got = new ArrayList<>();
            long maxBuffered = 0;
            for (int i = 0; i < 300; i++) {
                joiner.accept(IntervalJoiner.Side.LEFT, left.get(i), r -> got.add(r.get(2) + "-" + r.get(5)));
                joiner.accept(IntervalJoiner.Side.RIGHT, right.get(i), r -> got.add(r.get(2) + "-" + r.get(5)));
                maxBuffered = Math.max(maxBuffered, joiner.bufferedRows());
            }
            // rows arrive every ~10 ms per side; only ~(40 + 25 + 30 + lag) ms of them may be held
            assertThat(maxBuffered).as("state expires as the watermark advances").isLessThan(100);
            joiner.end(IntervalJoiner.Side.LEFT);
            joiner.end(IntervalJoiner.Side.RIGHT);
            Collections.sort(got);
            assertThat(got).as("seed %d", seed).isEqualTo(bruteForce(left, right, -25, 40));
        }
    }

    @Test
    void lateRowsAndNullKeysAreCountedNotJoined() {
        IntervalJoiner joiner = new IntervalJoiner(0, 0, 1, 1, 0, 10, 5, OUT);
        List<Row> out = new ArrayList<>();
        joiner.accept(IntervalJoiner.Side.LEFT, Row.of(LEFT, 1L, 100L, 1L), out::add);
        joiner.accept(IntervalJoiner.Side.RIGHT, Row.of(RIGHT, 1L, 105L, 2L), out::add);
        assertThat(out).hasSize(1);
        assertThat(joiner.watermark()).isEqualTo(95); // min(100 - 5, 105 - 5)
        joiner.accept(IntervalJoiner.Side.LEFT, Row.of(LEFT, 1L, 200L, 3L), out::add);
        joiner.accept(IntervalJoiner.Side.RIGHT, Row.of(RIGHT, 1L, 200L, 4L), out::add);
        assertThat(joiner.watermark()).isEqualTo(195);
        joiner.accept(IntervalJoiner.Side.RIGHT, Row.of(RIGHT, 1L, 101L, 5L), out::add); // late: would match row 1
        joiner.accept(IntervalJoiner.Side.LEFT, Row.of(LEFT, null, 200L, 6L), out::add);
        assertThat(joiner.lateRows()).isEqualTo(1);
        assertThat(joiner.skippedRows()).isEqualTo(1);
        assertThat(out).extracting(r -> r.get(2) + "-" + r.get(5)).containsExactly("1-2", "3-4");
        assertThat(joiner.bufferedRows()).as("rows at 100/105 expired").isEqualTo(2);
        assertThatThrownBy(() -> new IntervalJoiner(0, 0, 1, 1, 5, 1, 0, OUT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSourceJoinsTwoInputsReadConcurrently() {
        Random random = new Random(5);
        List<Row> left = stream(LEFT, random, 2000, 11, 30);
        List<Row> right = stream(RIGHT, random, 2000, 11, 30);
        // the two reader threads may run far apart: only each input's own disorder must fit maxOutOfOrderness
        Source joined = new IntervalJoinSource(Sources.collection(LEFT, left), Sources.collection(RIGHT, right), OUT,
                () -> new IntervalJoiner(0, 0, 1, 1, -10, 10, 30, OUT));
        List<String> got = new ArrayList<>();
        try (Source.RowIterator it = joined.open()) {
            while (it.hasNext()) {
                Row r = it.next();
                got.add(r.get(2) + "-" + r.get(5));
            }
        }
        Collections.sort(got);
        assertThat(got).isEqualTo(bruteForce(left, right, -10, 10)).isNotEmpty();
    }
}
