package io.multisystem.parallel.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

class TaskGraphProperties {
    private static final TaskEngine ENGINE = TaskEngine.builder().parallelism(4).build();

    @AfterContainer
    static void closeEngine() {
        ENGINE.close();
    }

    /** A random DAG: node i depends on a random subset of nodes before it. */
    private static List<int[]> randomDag(long seed, int size) {
        Random random = new Random(seed);
        List<int[]> parents = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int fanIn = i == 0 ? 0 : random.nextInt(Math.min(i, 4) + 1);
            int[] inputs = new int[fanIn];
            for (int k = 0; k < fanIn; k++) {
                inputs[k] = random.nextInt(i);
            }
            parents.add(inputs);
        }
        return parents;
    }

    @Property(tries = 200)
    void everyTaskRunsAfterItsInputsAndTheResultEqualsSequentialEvaluation(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int size) {
        List<int[]> dag = randomDag(seed, size);
        AtomicIntegerArray finished = new AtomicIntegerArray(size);
        AtomicIntegerArray orderViolations = new AtomicIntegerArray(1);

        List<Ref<Long>> refs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int node = i;
            int[] inputs = dag.get(i);
            Task<Long> task = Task.of("node" + node, args -> {
                for (int parent : inputs) {
                    if (finished.get(parent) == 0) {
                        orderViolations.incrementAndGet(0);
                    }
                }
                long value = node + 1;
                for (Object arg : args) {
                    value = value * 31 + (Long) arg;
                }
                finished.set(node, 1);
                return value;
            });
            Object[] args = new Object[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                args[k] = refs.get(inputs[k]);
            }
            refs.add(ENGINE.submit(task, args));
        }

        long[] expected = new long[size];
        for (int i = 0; i < size; i++) {
            long value = i + 1;
            for (int parent : dag.get(i)) {
                value = value * 31 + expected[parent];
            }
            expected[i] = value;
        }
        for (int i = 0; i < size; i++) {
            assertThat(refs.get(i).get(Duration.ofSeconds(10))).isEqualTo(expected[i]);
        }
        assertThat(orderViolations.get(0)).isZero();
    }
}
