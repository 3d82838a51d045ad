package io.multisystem.parallel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.TaskEngine;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BuiltInJobsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TaskEngine engine = TaskEngine.builder().parallelism(2).build();

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void fineGrainedFibOf25Is75025() {
        assertThat(Fib.submit(engine, 25).get(WAIT)).isEqualTo(75_025L);
    }

    @Test
    void fibWithSequentialCutoffGivesTheSameResult() {
        assertThat(Fib.submit(engine, 30, 15).get(WAIT)).isEqualTo(832_040L).isEqualTo(Fib.sequential(30));
        assertThat(Fib.submit(engine, 0).get(WAIT)).isZero();
        assertThat(Fib.submit(engine, 1).get(WAIT)).isEqualTo(1L);
    }

    @Test
    void fibRejectsAnNThatOverflows() {
        assertThatThrownBy(() -> Fib.submit(engine, 93)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.code()).isEqualTo("INVALID_FIB_N"));
    }

    @Test
    void monteCarloPiIsCloseToPiAndReproducibleForASeed() {
        double first = MonteCarloPi.submit(engine, 2_000_000, 16, 42).get(WAIT);
        double again = MonteCarloPi.submit(engine, 2_000_000, 16, 42).get(WAIT);

        assertThat(first).isCloseTo(Math.PI, org.assertj.core.data.Offset.offset(0.01));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void parallelSortMatchesArraysSortAndLeavesTheInputAlone() {
        int[] input = new SplittableRandom(7).ints(100_003).toArray();
        int[] copy = input.clone();
        int[] expected = input.clone();
        Arrays.sort(expected);

        assertThat(ParallelSort.submit(engine, input, 4_096).get(WAIT)).isEqualTo(expected);
        assertThat(input).isEqualTo(copy);
        assertThat(ParallelSort.submit(engine, new int[0], 10).get(WAIT)).isEmpty();
    }
}
