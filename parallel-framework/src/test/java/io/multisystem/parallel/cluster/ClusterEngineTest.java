package io.multisystem.parallel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.core.types.IdGenerator;
import io.multisystem.parallel.cli.ParallelFrameworkCli;
import io.multisystem.parallel.grpc.ParallelGrpcService;
import io.multisystem.parallel.jobs.BuiltInJobs;
import io.multisystem.parallel.runs.JobManager;
import io.multisystem.parallel.runs.JobState;
import io.multisystem.parallel.v1.JobStatus;
import io.multisystem.parallel.v1.ListWorkersRequest;
import io.multisystem.parallel.v1.ListWorkersResponse;
import io.multisystem.parallel.v1.ParallelServiceGrpc;
import io.multisystem.parallel.v1.StatusRequest;
import io.multisystem.parallel.v1.SubmitJobRequest;
import java.time.Clock;
import io.multisystem.parallel.collection.Pair;
import io.multisystem.parallel.jobs.Fib;
import io.multisystem.parallel.jobs.MonteCarloPi;
import io.multisystem.parallel.jobs.ParallelSort;
import io.multisystem.parallel.jobs.WordCount;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.TaskFailedException;
import io.multisystem.parallel.task.WorkerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same programs on a 3-node loopback Ignite cluster and on the local engine give the same results. */
class ClusterEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final JobManager.Listener QUIET = new JobManager.Listener() {
        @Override
        public void jobStarted(String type) {
        }

        @Override
        public void jobEnded(String type, JobState state, Duration elapsed) {
        }
    };
    private static LoopbackCluster cluster;
    private static ClusterTaskEngine engine;
    private static TaskEngine local;

    @TempDir
    static Path work;

    @BeforeAll
    static void startCluster() {
        cluster = LoopbackCluster.start("engine", 3, work);
        engine = cluster.node(0).engine(2);
        local = TaskEngine.builder().parallelism(2).build();
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (engine != null) {
                engine.close();
            }
            if (local != null) {
                local.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void piSortAndWordCountMatchTheLocalEngine(@TempDir Path dir) throws Exception {
        assertThat(MonteCarloPi.submit(engine, 400_000, 6, 42).get(WAIT))
                .isEqualTo(MonteCarloPi.submit(local, 400_000, 6, 42).get(WAIT));

        int[] values = new SplittableRandom(3).ints(20_000).toArray();
        assertThat(ParallelSort.submit(engine, values, 2_500).get(WAIT))
                .isEqualTo(ParallelSort.submit(local, values, 2_500).get(WAIT));

        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            Path file = dir.resolve("part-" + f + ".txt");
            StringBuilder text = new StringBuilder();
            SplittableRandom random = new SplittableRandom(f);
            for (int line = 0; line < 200; line++) {
                text.append("alpha beta w").append(random.nextInt(20)).append(" Gamma\n");
            }
            Files.writeString(file, text);
            files.add(file);
        }
        List<Pair<String, Long>> onCluster = WordCount.submit(engine, files, 1_024).get(WAIT);
        assertThat(onCluster).isNotEmpty().isEqualTo(WordCount.submit(local, files, 1_024).get(WAIT));
    }

    @Test
    void tasksRunOnEveryNodeAndWorkersListOneEntryPerNode() {
        Task<String> where = Task.of1("where", (Integer i) -> Ignition.localIgnite().name());
        List<Ref<String>> refs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            refs.add(engine.submit(where, i));
        }
        List<String> nodes = refs.stream().map(r -> r.get(WAIT)).distinct().sorted().toList();

        assertThat(nodes).containsExactly("engine-0", "engine-1", "engine-2");
        assertThat(engine.workers()).extracting(WorkerInfo::name)
                .hasSize(3).allSatisfy(name -> assertThat(name).startsWith("engine-"));
    }

    @Test
    void recursiveFibWhoseBodyCapturesTheEngineRunsOnTheNodeLocalEngine() {
        assertThat(Fib.submit(engine, 20).get(WAIT)).isEqualTo(6_765L);
    }

    @Test
    void aTaskThatCannotBeSerialisedFailsWithAnErrorNamingTheClass() {
        Object notSerializable = new Object();
        Task<String> capturing = Task.of1("capturing", (Integer i) -> notSerializable.toString() + i);

        assertThatThrownBy(() -> engine.submit(capturing, 1).get(WAIT))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e.code()).isEqualTo("NOT_SERIALIZABLE");
                    assertThat(e.getMessage()).contains("java.lang.Object").contains("capturing#");
                });
        Task<String> plain = Task.of1("echo", (Object o) -> String.valueOf(o));
        assertThatThrownBy(() -> engine.submit(plain, new Thread()).get(WAIT))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("NOT_SERIALIZABLE");
                    assertThat(e.getMessage()).contains("java.lang.Thread").contains("arguments");
                });
    }

    @Test
    void aServiceInClusterModeRunsJobsOnTheClusterAndListsOneWorkerPerNode() {
        try (JobManager jobs = new JobManager(BuiltInJobs.catalog(), 2, 4, 10, Duration.ofMillis(20),
                Clock.systemUTC(), IdGenerator.systemDefault(), QUIET, new ClusterEngineFactory(cluster.node(0)));
             InProcessGrpc grpc = InProcessGrpc.start(new ParallelGrpcService(jobs))) {
            var stub = ParallelServiceGrpc.newBlockingStub(grpc.channel())
                    .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);
            JobStatus started = stub.submitJob(SubmitJobRequest.newBuilder().setJobType("fib")
                    .putParameters("n", "18").setWorkers(2).build());
            List<JobStatus> updates = new ArrayList<>();
            stub.status(StatusRequest.newBuilder().setJobId(started.getJobId()).setFollow(true).build())
                    .forEachRemaining(updates::add);
            ListWorkersResponse workers = stub.listWorkers(ListWorkersRequest.getDefaultInstance());

            assertThat(updates.get(updates.size() - 1).getResult()).as(updates.get(updates.size() - 1).toString()).isEqualTo("fib(18) = 2584");
            assertThat(workers.getMode()).isEqualTo("cluster");
            assertThat(workers.getWorkersList()).hasSize(3)
                    .allSatisfy(w -> assertThat(w.getAddress()).isEqualTo("ignite-node"));
        }
    }

    @Test
    void theCliRunsAJobOnTheClusterByJoiningItAsANode() {
        CliHarness.Result result = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "pi", "-p",
                "samples=200000", "-p", "partitions=4", "--cluster", "--discovery", cluster.ports.discoveryAddresses(),
                "--discovery-port", Integer.toString(cluster.ports.discoveryPort()),
                "--communication-port", Integer.toString(cluster.ports.communicationPort()), "--timeout", "45s",
                "--output", "json");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(result.out()).contains("\"state\" : \"SUCCEEDED\"");
        assertThat(cluster.node(0).nodes()).as("the CLI's node left when the job ended").hasSize(3);
    }

    @Test
    void aWaveOfTasksTravelsInBatchesYetEachTaskKeepsItsOwnResultOrFailure() {
        Task<Integer> picky = Task.of1("picky", (Integer i) -> {
            if (i % 7 == 0) {
                throw new IllegalArgumentException("multiple of seven: " + i);
            }
            return i * 2;
        });
        List<Ref<Integer>> refs = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            refs.add(engine.submit(picky, i));
        }

        for (int i = 1; i <= 120; i++) {
            Ref<Integer> ref = refs.get(i - 1);
            if (i % 7 == 0) {
                int n = i;
                assertThatThrownBy(() -> ref.get(WAIT)).isInstanceOfSatisfying(TaskFailedException.class,
                        e -> assertThat(e.getCause()).hasMessage("multiple of seven: " + n));
            } else {
                assertThat(ref.get(WAIT)).isEqualTo(2 * i);
            }
        }
    }

    @Test
    void aFailingBodyFailsItsRefWithTheCauseAndPath() {
        Task<Integer> boom = Task.of1("boom", (Integer i) -> {
            throw new IllegalStateException("bad input " + i);
        });

        assertThatThrownBy(() -> engine.submit(boom, 7).get(WAIT))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.path()).singleElement().asString().startsWith("boom#");
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("bad input 7");
                });
    }
}
