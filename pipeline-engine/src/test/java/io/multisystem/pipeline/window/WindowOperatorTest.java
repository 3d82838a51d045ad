package io.multisystem.pipeline.window;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.multisystem.pipeline.window.Fixtures.CLICKS;
import static io.multisystem.pipeline.window.Fixtures.click;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowOperatorTest {
    private final List<Row> out = new ArrayList<>();
    private final List<Row> lateOutput = new ArrayList<>();

    private WindowOperator tumbling10(Duration lateness, Aggregation... aggregations) {
        return WindowOperator.create(new WindowSpec("user", "ts", WindowAssigner.tumbling(Duration.ofMillis(10)),
                lateness, List.of(aggregations)), CLICKS, lateOutput::add);
    }

    @Test
    void windowFiresOnceWhenTheWatermarkReachesItsLastTimestamp() {
        WindowOperator op = tumbling10(Duration.ZERO, Aggregation.count());
        op.processElement(click("a", 3, 1), out::add);
        op.processElement(click("a", 7, 1), out::add);
        op.processWatermark(8, out::add);
        assertThat(out).isEmpty();

        op.processWatermark(9, out::add);
        op.processWatermark(100, out::add);

        assertThat(out).containsExactly(Row.of(op.outputSchema(), "a", 0L, 10L, 2L));
    }

    @Test
    void lateRecordWithinAllowedLatenessUpdatesAndReemitsTheWindow() {
        WindowOperator op = tumbling10(Duration.ofMillis(5), Aggregation.count(), Aggregation.sum("amount"));
        op.processElement(click("a", 3, 1), out::add);
        op.processWatermark(12, out::add);

        op.processElement(click("a", 4, 10), out::add);

        assertThat(out).containsExactly(Row.of(op.outputSchema(), "a", 0L, 10L, 1L, 1L),
                Row.of(op.outputSchema(), "a", 0L, 10L, 2L, 11L));
        assertThat(op.droppedLateRecords()).isZero();
    }

    @Test
    void recordBeyondAllowedLatenessIsDroppedCountedAndSentToTheSideOutput() {
        WindowOperator op = tumbling10(Duration.ofMillis(5), Aggregation.count());
        op.processElement(click("a", 3, 1), out::add);
        op.processWatermark(14, out::add);
        Row tooLate = click("a", 4, 1);

        op.processElement(tooLate, out::add);

        assertThat(out).hasSize(1);
        assertThat(op.droppedLateRecords()).isEqualTo(1);
        assertThat(lateOutput).containsExactly(tooLate);
    }

    @Test
    void windowStateIsDiscardedOnceAllowedLatenessHasPassed() {
        HeapWindowOperator op = (HeapWindowOperator) tumbling10(Duration.ofMillis(5), Aggregation.count());
        op.processElement(click("a", 3, 1), out::add);
        op.processWatermark(13, out::add);
        assertThat(op.openWindows()).isEqualTo(1);

        op.processWatermark(14, out::add);

        assertThat(op.openWindows()).isZero();
    }

    @Test
    void lateRecordInANeverSeenWindowWithinLatenessIsEmittedAtOnce() {
        WindowOperator op = tumbling10(Duration.ofMillis(20), Aggregation.count());
        op.processWatermark(25, out::add);

        op.processElement(click("b", 12, 1), out::add);

        assertThat(out).containsExactly(Row.of(op.outputSchema(), "b", 10L, 20L, 1L));
    }

    @Test
    void aggregatesComputeCountSumAvgMinMaxIgnoringNullValues() {
        WindowOperator op = tumbling10(Duration.ZERO, Aggregation.count(), Aggregation.sum("amount"),
                Aggregation.avg("amount"), Aggregation.min("amount"), Aggregation.max("amount"));
        op.processElement(click("a", 1, 4), out::add);
        op.processElement(click("a", 2, -2), out::add);
        op.processElement(Row.of(CLICKS, "a", 3L, null), out::add);
        op.processElement(click("a", 4, 7), out::add);

        op.processWatermark(WatermarkGenerator.END_OF_TIME, out::add);

        assertThat(out).containsExactly(Row.of(op.outputSchema(), "a", 0L, 10L, 4L, 9L, 3.0, -2L, 7L));
    }

    @Test
    void slidingWindowCountsAnEventInEveryWindowContainingIt() {
        WindowOperator op = WindowOperator.create(new WindowSpec("user", "ts",
                WindowAssigner.sliding(Duration.ofMillis(10), Duration.ofMillis(5)), Duration.ZERO,
                List.of(Aggregation.count())), CLICKS, r -> { });
        op.processElement(click("a", 7, 1), out::add);

        op.processWatermark(WatermarkGenerator.END_OF_TIME, out::add);

        assertThat(out).extracting(r -> r.getLong("window_start")).containsExactly(0L, 5L);
    }

    @Test
    void specNamingUnknownFieldsIsRejectedWithThePathOfEachProblem() {
        WindowSpec bad = new WindowSpec("nope", "amountx", WindowAssigner.tumbling(Duration.ofMillis(10)),
                Duration.ZERO, List.of(Aggregation.sum("user")));

        assertThatThrownBy(() -> WindowOperator.create(bad, CLICKS, r -> { }))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("WINDOW_SPEC_INVALID");
                    assertThat(e.violations()).extracting(v -> v.field()).containsExactly("/window/keyBy",
                            "/window/timestampField", "/window/aggregations/0/field");
                });
    }

    @Test
    void slideLargerThanSizeIsRejected() {
        assertThatThrownBy(() -> WindowAssigner.sliding(Duration.ofMillis(5), Duration.ofMillis(10)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo("WINDOW_INVALID"));
    }
}
