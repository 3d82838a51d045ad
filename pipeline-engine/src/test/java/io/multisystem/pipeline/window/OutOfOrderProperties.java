package io.multisystem.pipeline.window;

import io.multisystem.pipeline.record.Row;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OutOfOrderProperties {
    private static final long BOUND = 20;

    /**
     * Events displaced by at most BOUND ms from time order are never late for a BOUND watermark, so every window
     * fires exactly once with the same result as for time-ordered input.
     */
    @Property(tries = 150)
    void resultsDoNotDependOnArrivalOrderWithinTheOutOfOrdernessBound(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 2) int windowKind) {
        Random random = new Random(seed);
        List<Row> ordered = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 200; i++) {
            t += random.nextInt(4);
            ordered.add(Fixtures.click("k" + random.nextInt(4), t, random.nextInt(100) - 50));
        }
        // arrival time = event time + jitter in [0, BOUND]: any earlier-arriving event is at most BOUND newer
        List<long[]> arrival = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            arrival.add(new long[] {ordered.get(i).getLong("ts") + random.nextInt((int) BOUND + 1), i});
        }
        arrival.sort(Comparator.comparingLong((long[] a) -> a[0]).thenComparingLong(a -> a[1]));
        List<Row> shuffled = arrival.stream().map(a -> ordered.get((int) a[1])).toList();
        WindowAssigner assigner = switch (windowKind) {
            case 0 -> WindowAssigner.tumbling(Duration.ofMillis(25));
            case 1 -> WindowAssigner.sliding(Duration.ofMillis(30), Duration.ofMillis(10));
            default -> WindowAssigner.session(Duration.ofMillis(5));
        };
        WindowSpec spec = new WindowSpec("user", "ts", assigner, Duration.ZERO,
                List.of(Aggregation.count(), Aggregation.sum("amount"), Aggregation.avg("amount"),
                        Aggregation.min("amount"), Aggregation.max("amount")));

        List<Row> expected = Fixtures.runOperator(spec, ordered, BOUND, false);
        List<Row> actual = Fixtures.runOperator(spec, shuffled, BOUND, true);

        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }
}
