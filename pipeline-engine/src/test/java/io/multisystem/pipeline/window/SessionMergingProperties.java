package io.multisystem.pipeline.window;

import io.multisystem.pipeline.record.Row;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SessionMergingProperties {
    private static final WindowSpec SESSIONS = new WindowSpec("user", "ts",
            WindowAssigner.session(Duration.ofMillis(10)), Duration.ZERO,
            List.of(Aggregation.count(), Aggregation.sum("amount"), Aggregation.min("amount"),
                    Aggregation.max("amount")));

    @Property(tries = 200)
    void sessionResultsDoNotDependOnArrivalOrder(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 300) Integer> times,
            @ForAll long seed) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            rows.add(Fixtures.click(i % 3 == 0 ? "a" : "b", times.get(i), i));
        }
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));

        List<Row> inOrder = Fixtures.runOperator(SESSIONS, rows, 0, false);
        List<Row> outOfOrder = Fixtures.runOperator(SESSIONS, shuffled, 0, false);

        assertThat(outOfOrder).containsExactlyInAnyOrderElementsOf(inOrder);
    }

    @Property(tries = 200)
    void sessionsAreExactlyTheChainsOfEventsCloserThanTheGap(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 300) Integer> times) {
        List<Row> rows = times.stream().map(t -> Fixtures.click("a", t, 1)).toList();

        List<Row> sessions = Fixtures.runOperator(SESSIONS, rows, 0, false);

        List<Integer> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        List<long[]> expected = new ArrayList<>();
        long start = sorted.get(0);
        long last = start;
        long count = 1;
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i) - last < 10) {
                count++;
            } else {
                expected.add(new long[] {start, last + 10, count});
                start = sorted.get(i);
                count = 1;
            }
            last = sorted.get(i);
        }
        expected.add(new long[] {start, last + 10, count});
        assertThat(sessions).extracting(r -> List.of(r.getLong("window_start"), r.getLong("window_end"),
                        r.getLong("count")))
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(e -> List.of(e[0], e[1], e[2])).toList());
    }
}
