package io.multisystem.parallel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults on a 3-node loopback cluster: a node killed mid-job, and a job restarted after its submitting node died. */
class ClusterFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** Node names that started a {@link #slowSum} body; the bodies run in this JVM, so a static set sees them all. */
    static final Set<String> STARTED_ON = ConcurrentHashMap.newKeySet();
    static final AtomicInteger EXECUTIONS = new AtomicInteger();

    @TempDir
    Path work;

    @Test
    void killingANodeDuringAJobDoesNotChangeItsResult() {
        STARTED_ON.clear();
        try (LoopbackCluster cluster = LoopbackCluster.start("kill", 3, work);
             TaskEngine engine = cluster.node(0).engine(2)) {
            Task<Long> part = Task.of1("slow-sum", ClusterFaultTest::slowSum);
            Task<Long> total = Task.of("total", ClusterFaultTest::sum);
            Object[] parts = new Object[18];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = engine.submit(part, (long) i);
            }
            Ref<Long> result = engine.submit(total, parts);

            await().atMost(WAIT).until(() -> STARTED_ON.contains("kill-2"));
            Ignition.stop("kill-2", true);

            assertThat(result.get(WAIT)).isEqualTo(expectedSum(parts.length));
            assertThat(cluster.node(0).nodes()).hasSize(2);
        }
    }

    @Test
    void checkpointsSurviveInTheClusterWhenTheJobRestartsOnTheRemainingNodes() {
        EXECUTIONS.set(0);
        try (LoopbackCluster cluster = LoopbackCluster.start("ckpt", 3, work)) {
            Task<Long> part = Task.of1("counted-square", ClusterFaultTest::countedSquare).checkpointed();
            Task<Long> total = Task.of("total", ClusterFaultTest::sum);
            long first;
            try (TaskEngine engine = cluster.node(0).engine(2)) {
                first = runSquares(engine, part, total);
            }
            assertThat(EXECUTIONS.get()).isEqualTo(12);
            assertThat(cluster.node(1).checkpointCount()).isEqualTo(12);

            Ignition.stop("ckpt-0", true);
            try (TaskEngine engine = cluster.node(1).engine(2)) {
                long again = runSquares(engine, part, total);

                assertThat(again).isEqualTo(first).isEqualTo(506L);
                assertThat(EXECUTIONS.get()).as("checkpointed tasks are not recomputed").isEqualTo(12);
                assertThat(engine.stats().checkpointHits()).isEqualTo(12);
            }
        }
    }

    private static long runSquares(TaskEngine engine, Task<Long> part, Task<Long> total) {
        Object[] parts = new Object[12];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = engine.submit(part, (long) i);
        }
        return engine.submit(total, parts).get(WAIT);
    }

    static Long countedSquare(Long i) {
        EXECUTIONS.incrementAndGet();
        return i * i;
    }

    static Long sum(Object[] values) {
        long sum = 0;
        for (Object v : values) {
            sum += (Long) v;
        }
        return sum;
    }

    /** About 0.3 s of deterministic work that stops early when its node is stopped (the thread is interrupted). */
    static Long slowSum(Long seed) throws InterruptedException {
        STARTED_ON.add(Ignition.localIgnite().name());
        long deadline = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < deadline) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped");
            }
            Thread.onSpinWait();
        }
        return value(seed);
    }

    private static long value(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long acc = 0;
        for (int i = 0; i < 1_000; i++) {
            acc += random.nextInt(1_000);
        }
        return acc;
    }

    private static long expectedSum(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += value(i);
        }
        return sum;
    }
}
