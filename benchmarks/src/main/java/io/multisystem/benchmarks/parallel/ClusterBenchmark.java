package io.multisystem.benchmarks.parallel;

import io.multisystem.parallel.cluster.ClusterSettings;
import io.multisystem.parallel.cluster.ClusterTaskEngine;
import io.multisystem.parallel.cluster.IgniteCluster;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.Ignition;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * parallel-framework's cluster engine against Ignite's own compute API on the same 3-node loopback cluster (three
 * embedded nodes in the benchmark JVM, discovery 127.0.0.1:47560..47569):
 * <ul>
 *   <li>{@code clusterTasks} vs {@code igniteCallAsync}: throughput of {@value #BATCH} independent small tasks (a
 *       sum over 2,000 ints each) submitted at once and awaited; ours goes through the task graph (one Ignite job per
 *       task), the anchor calls {@link IgniteCompute#callAsync} directly. Target: at most 20% overhead
 *       ({@code clusterTasks} >= 0.8x the anchor's tasks/s);</li>
 *   <li>{@code igniteBroadcast}: one {@link IgniteCompute#broadcast} per invocation, for scale;</li>
 *   <li>{@code finishAfterNodeKill} (single shot): a job of 12 tasks of ~100 ms runs on 4 nodes; once the extra node
 *       runs one of them it is stopped with {@code Ignition.stop(name, true)}, and the time from the kill to the job's
 *       (checked) result is measured.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-DIGNITE_QUIET=true", "-DIGNITE_UPDATE_NOTIFIER=false",
        "-DIGNITE_PERFORMANCE_SUGGESTIONS_DISABLED=true",
        "--add-opens=java.base/jdk.internal.access=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
        "--add-opens=java.management/com.sun.jmx.mbeanserver=ALL-UNNAMED",
        "--add-opens=jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED",
        "--add-opens=java.base/sun.reflect.generics.reflectiveObjects=ALL-UNNAMED",
        "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.math=ALL-UNNAMED",
        "--add-opens=java.sql/java.sql=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.time=ALL-UNNAMED",
        "--add-opens=java.base/java.text=ALL-UNNAMED",
        "--add-opens=java.management/sun.management=ALL-UNNAMED",
        "--add-opens=java.desktop/java.awt.font=ALL-UNNAMED"})
public class ClusterBenchmark {
    static final int BATCH = 200;
    /** Random loopback ranges per benchmark JVM, never Ignite's defaults (47500/47100), which a service may hold. */
    private static final int DISCOVERY = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 31_000);
    private static final int COMMUNICATION = DISCOVERY + 10;

    private final List<IgniteCluster> nodes = new ArrayList<>();
    private ClusterTaskEngine engine;
    private IgniteCompute compute;
    private Task<Long> work;
    private long expected;
    private Path workDirectory;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        workDirectory = Files.createTempDirectory("cluster-benchmark");
        for (int i = 0; i < 3; i++) {
            nodes.add(IgniteCluster.start(settings("bench-" + i)));
        }
        engine = nodes.get(0).engine(2);
        compute = nodes.get(0).ignite().compute(nodes.get(0).ignite().cluster().forServers());
        work = Task.of1("bench.sum", ClusterBenchmark::sumTo);
        for (int i = 0; i < BATCH; i++) {
            expected += sumTo(i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            engine.close();
        }
        for (IgniteCluster node : nodes) {
            node.close();
        }
    }

    ClusterSettings settings(String name) {
        return ClusterSettings.loopback(name)
                .withDiscovery(List.of("127.0.0.1:" + DISCOVERY + ".." + (DISCOVERY + 9)), DISCOVERY, 9)
                .withCommunicationPort(COMMUNICATION)
                .withQuietLogging(true)
                .withWorkDirectory(workDirectory)
                .withJobThreads(2);
    }

    static Long sumTo(Integer seed) {
        long sum = 0;
        for (int i = 0; i < 2_000; i++) {
            sum += (seed * 31L + i) % 97;
        }
        return sum;
    }

    /** The anchor's job: the same body as {@code bench.sum}. */
    static final class SumJob implements IgniteCallable<Long> {
        private static final long serialVersionUID = 1L;
        private final int seed;

        SumJob(int seed) {
            this.seed = seed;
        }

        @Override
        public Long call() {
            return sumTo(seed);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long clusterTasks() {
        List<Ref<Long>> refs = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            refs.add(engine.submit(work, i));
        }
        long sum = 0;
        for (Ref<Long> ref : refs) {
            sum += ref.get();
        }
        return check(sum);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long igniteCallAsync() {
        List<IgniteFuture<Long>> futures = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            futures.add(compute.callAsync(new SumJob(i)));
        }
        long sum = 0;
        for (IgniteFuture<Long> future : futures) {
            sum += future.get();
        }
        return check(sum);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int igniteBroadcast() {
        return compute.broadcast(() -> 1).size();
    }

    private long check(long sum) {
        if (sum != expected) {
            throw new IllegalStateException("wrong sum " + sum + ", expected " + expected);
        }
        return sum;
    }

    /** State of one kill measurement: a fourth node running part of a job, ready to be killed. */
    @State(Scope.Thread)
    public static class KillRun {
        static final java.util.Set<String> STARTED_ON = java.util.concurrent.ConcurrentHashMap.newKeySet();
        IgniteCluster victim;
        Ref<Long> result;
        long expected;
        private int round;

        @Setup(Level.Invocation)
        public void startVictimAndJob(ClusterBenchmark bench) throws Exception {
            STARTED_ON.clear();
            String name = "victim-" + round++;
            victim = IgniteCluster.start(bench.settings(name));
            Task<Long> slow = Task.of1("bench.slow", KillRun::slow);
            Task<Long> total = Task.of("bench.total", KillRun::sum);
            Object[] parts = new Object[12];
            expected = 0;
            for (int i = 0; i < parts.length; i++) {
                parts[i] = bench.engine.submit(slow, (long) i);
                expected += i;
            }
            result = bench.engine.submit(total, parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!STARTED_ON.contains(name)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no task reached node " + name);
                }
                Thread.onSpinWait();
            }
        }

        @TearDown(Level.Invocation)
        public void stopVictim() {
            victim.close();
        }

        static Long slow(Long i) throws InterruptedException {
            STARTED_ON.add(Ignition.localIgnite().name());
            long deadline = System.nanoTime() + 100_000_000L;
            while (System.nanoTime() < deadline) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("node stopped");
                }
                Thread.onSpinWait();
            }
            return i;
        }

        static Long sum(Object[] values) {
            long sum = 0;
            for (Object v : values) {
                sum += (Long) v;
            }
            return sum;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public long finishAfterNodeKill(KillRun run) {
        Ignition.stop(run.victim.settings().instanceName(), true);
        long value = run.result.get();
        if (value != run.expected) {
            throw new IllegalStateException("wrong result after a node kill: " + value + ", expected " + run.expected);
        }
        return value;
    }
}
