package io.multisystem.parallel.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path checkpoints;

    private final Map<Integer, Integer> squareRuns = new ConcurrentHashMap<>();
    private volatile int failOn = -1;

    private final Task<Long> square = Task.<Long>of("square.v1", args -> {
        int x = (Integer) args[0];
        squareRuns.merge(x, 1, Integer::sum);
        if (x == failOn) {
            throw new IllegalStateException("induced failure on " + x);
        }
        return (long) x * x;
    }).checkpointed();

    private final Task<Long> sum = Task.<Long>of("sum.v1", args -> {
        long total = 0;
        for (Object value : args) {
            total += (Long) value;
        }
        return total;
    }).checkpointed();

    private Ref<Long> sumOfSquares(TaskEngine engine, int n) {
        Object[] parts = new Object[n];
        for (int i = 0; i < n; i++) {
            parts[i] = engine.submit(square, i);
        }
        return engine.submit(sum, parts);
    }

    private TaskEngine newEngine() {
        return TaskEngine.builder().parallelism(2).checkpointDirectory(checkpoints).build();
    }

    @Test
    void secondRunWithTheSameInputsIsServedFromCheckpointsWithoutRunning() throws Exception {
        try (TaskEngine first = newEngine()) {
            assertThat(sumOfSquares(first, 5).get(WAIT)).isEqualTo(30L);
            assertThat(first.stats().checkpointWrites()).isEqualTo(6);
        }
        try (TaskEngine second = newEngine()) {
            assertThat(sumOfSquares(second, 5).get(WAIT)).isEqualTo(30L);
            assertThat(second.stats().checkpointHits()).isEqualTo(6);
            assertThat(second.stats().executed()).isZero();
        }
        assertThat(squareRuns.values()).containsOnly(1);
        try (Stream<Path> files = Files.list(checkpoints)) {
            assertThat(files.filter(f -> f.toString().endsWith(".ckpt"))).hasSize(6);
        }
    }

    @Test
    void differentInputsMissTheCheckpoint() {
        try (TaskEngine engine = newEngine()) {
            engine.submit(square, 3).get(WAIT);
            engine.submit(square, 4).get(WAIT);
            engine.submit(square, 3).get(WAIT);

            assertThat(engine.stats().checkpointHits()).isEqualTo(1);
            assertThat(engine.stats().executed()).isEqualTo(2);
        }
    }

    @Test
    void restartAfterAnInducedFailureResumesWithoutRecomputingCheckpointedTasks() {
        failOn = 3;
        try (TaskEngine crashed = newEngine()) {
            assertThatThrownBy(() -> sumOfSquares(crashed, 6).get(WAIT))
                    .isInstanceOfSatisfying(TaskFailedException.class,
                            e -> assertThat(e.origin()).startsWith("square.v1#"));
            // The sum fails as soon as square(3) does; the other squares finish and checkpoint independently.
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> crashed.stats().checkpointWrites() == 5);
        }
        failOn = -1;

        try (TaskEngine restarted = newEngine()) {
            assertThat(sumOfSquares(restarted, 6).get(WAIT)).isEqualTo(55L);
            assertThat(restarted.stats().checkpointHits()).isEqualTo(5);
            assertThat(restarted.stats().executed()).isEqualTo(2);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(squareRuns.get(i)).as("runs of square(%d)", i).isEqualTo(i == 3 ? 2 : 1);
        }
    }

    @Test
    void unserialisableInputOfACheckpointedTaskNamesTheClass() {
        Task<String> describe = Task.of1("describe", (Object o) -> "x").checkpointed();
        try (TaskEngine engine = newEngine()) {
            assertThatThrownBy(() -> engine.submit(describe, new Object()).get(WAIT))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo("NOT_SERIALIZABLE");
                        assertThat(e.getMessage()).contains("java.lang.Object");
                    });
        }
    }

    @Test
    void keyDependsOnTaskIdAndEveryInput() {
        String key = CheckpointCodec.keyOf("t#1", "square.v1", new Object[] {3});

        assertThat(key).hasSize(64).isEqualTo(CheckpointCodec.keyOf("t#2", "square.v1", new Object[] {3}));
        assertThat(key).isNotEqualTo(CheckpointCodec.keyOf("t#1", "square.v2", new Object[] {3}));
        assertThat(key).isNotEqualTo(CheckpointCodec.keyOf("t#1", "square.v1", new Object[] {4}));
        assertThat(key).isNotEqualTo(CheckpointCodec.keyOf("t#1", "square.v1", new Object[] {3L}));
    }
}
