package io.multisystem.parallel.runs;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.core.types.IdGenerator;
import io.multisystem.parallel.jobs.BuiltInJobs;
import io.multisystem.parallel.jobs.Fib;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class JobManagerTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final JobManager jobs = new JobManager(BuiltInJobs.catalog(), 2, 2, 3, Duration.ofMillis(20),
            Clock.systemUTC(), IdGenerator.systemDefault(), new JobManager.Listener() {
                @Override
                public void jobStarted(String type) {
                    events.add("started " + type);
                }

                @Override
                public void jobEnded(String type, JobState state, Duration elapsed) {
                    events.add("ended " + type + " " + state);
                }
            });

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void aJobRunsToItsResultAndReportsProgressToWatchers() throws Exception {
        List<JobSnapshot> seen = new CopyOnWriteArrayList<>();

        JobSnapshot started = jobs.submit("fib", Map.of("n", "22"), 2);
        jobs.watch(started.id(), seen::add);

        JobSnapshot done = awaitEnd(started.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.figures()).containsEntry("value", Long.toString(Fib.sequential(22)))
                .containsKey("elapsed_ms");
        assertThat(done.tasksSubmitted()).isGreaterThan(20_000);
        assertThat(done.tasksFinished()).isEqualTo(done.tasksSubmitted());
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty()
                && seen.get(seen.size() - 1).state() == JobState.SUCCEEDED);
        assertThat(events).containsExactly("started fib", "ended fib SUCCEEDED");
    }

    @Test
    void everyBuiltInJobProducesItsCheckedResult(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "the cat and the hat\nThe end\n");

        assertThat(awaitEnd(jobs.submit("pi", Map.of("samples", "200000"), 0).id()).figures().get("pi"))
                .startsWith("3.1");
        assertThat(awaitEnd(jobs.submit("sort", Map.of("size", "100000", "chunk", "4096"), 0).id()).summary())
                .isEqualTo("sorted 100000 ints");
        JobSnapshot words = awaitEnd(jobs.submit("wordcount", Map.of("files", text.toString(), "split-bytes", "7"), 0)
                .id());
        assertThat(words.figures()).containsEntry("words", "7").containsEntry("distinct", "5")
                .containsEntry("top.1", "the=3");
        assertThat(awaitEnd(jobs.submit("matmul", Map.of("n", "64", "block", "8"), 0).id()).state())
                .isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void badRequestsStartNothing() {
        assertThatThrownBy(() -> jobs.submit("nope", Map.of(), 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fib, pi, sort, wordcount, matmul");
        assertThatThrownBy(() -> jobs.submit("fib", Map.of("m", "3"), 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no parameter 'm'");
        assertThatThrownBy(() -> jobs.submit("wordcount", Map.of(), 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'files'");
        assertThatThrownBy(() -> jobs.submit("fib", Map.of("n", "93"), 0)).extracting("code")
                .isEqualTo("INVALID_PARAMETER");
        assertThatThrownBy(() -> jobs.submit("wordcount", Map.of("files", "/no/such/file"), 0)).extracting("code")
                .isEqualTo("FILE_NOT_READABLE");
        assertThatThrownBy(() -> jobs.submit("fib", Map.of(), 5000)).extracting("code").isEqualTo("INVALID_WORKERS");
        assertThat(jobs.list()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void aCancelledJobEndsCancelledAndUnknownIdsAreNotFound() {
        JobSnapshot started = jobs.submit("pi", Map.of("samples", "10000000000", "partitions", "100000"), 1);

        JobSnapshot cancelled = jobs.cancel(started.id());

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(jobs.status(started.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> jobs.status("0190-none")).isInstanceOf(NotFoundException.class)
                .extracting("code").isEqualTo("JOB_NOT_FOUND");
    }

    @Test
    void tooManyRunningJobsAreRefused() {
        jobs.submit("pi", Map.of("samples", "10000000000", "partitions", "100000"), 1);
        jobs.submit("pi", Map.of("samples", "10000000000", "partitions", "100000"), 1);

        assertThatThrownBy(() -> jobs.submit("fib", Map.of(), 1)).isInstanceOf(ResourceExhaustedException.class)
                .extracting("code").isEqualTo("TOO_MANY_JOBS");
        assertThat(jobs.workers()).isNotEmpty();
    }

    @Test
    void aRecordedFailingJobReplaysToTheSameFailurePathAndSaysSo() {
        JobSnapshot recorded = null;
        for (int attempt = 0; attempt < 10 && (recorded == null || recorded.state() != JobState.FAILED); attempt++) {
            recorded = awaitEnd(jobs.submitRecorded("pi", Map.of("samples", "20000", "partitions", "16",
                    "fault-rate", "0.6"), 2).id());
        }
        assertThat(recorded.state()).isEqualTo(JobState.FAILED);
        assertThat(recorded.recorded()).isTrue();
        assertThat(jobs.replayLog(recorded.id()).attributes()).containsEntry("job.type", "pi")
                .containsEntry("param.fault-rate", "0.6").containsEntry("outcome.state", "FAILED");

        JobSnapshot replayed = awaitEnd(jobs.replay(recorded.id()).id());

        assertThat(replayed.replayOf()).isEqualTo(recorded.id());
        assertThat(replayed.replayVerdict()).isEqualTo("REPRODUCED");
        assertThat(replayed.state()).isEqualTo(JobState.FAILED);
        assertThat(replayed.failurePath()).isEqualTo(recorded.failurePath()).last().asString()
                .startsWith("pi.darts#");
        assertThat(replayed.errorMessage()).isEqualTo(recorded.errorMessage()).contains("SimulatedFault");
    }

    @Test
    void replayNeedsARecordedEndedJobAndALocalEngine() {
        JobSnapshot plain = awaitEnd(jobs.submit("fib", Map.of("n", "10"), 1).id());

        assertThatThrownBy(() -> jobs.replay(plain.id())).isInstanceOf(FailedPreconditionException.class)
                .extracting("code").isEqualTo("REPLAY_LOG_NOT_AVAILABLE");
        assertThatThrownBy(() -> jobs.replayLog("0190-none")).isInstanceOf(NotFoundException.class);
        EngineFactory cluster = new EngineFactory() {
            @Override
            public io.multisystem.parallel.task.TaskEngine create(int workers) {
                return io.multisystem.parallel.task.TaskEngine.builder().parallelism(workers).build();
            }

            @Override
            public String mode() {
                return "cluster";
            }

            @Override
            public List<io.multisystem.parallel.task.WorkerInfo> standingWorkers() {
                return List.of();
            }
        };
        try (JobManager onCluster = new JobManager(BuiltInJobs.catalog(), 2, 2, 3, Duration.ofMillis(20),
                Clock.systemUTC(), IdGenerator.systemDefault(), new JobManager.Listener() {
                    @Override
                    public void jobStarted(String type) {
                    }

                    @Override
                    public void jobEnded(String type, JobState state, Duration elapsed) {
                    }
                }, cluster)) {
            assertThatThrownBy(() -> onCluster.submitRecorded("fib", Map.of(), 1))
                    .isInstanceOf(FailedPreconditionException.class)
                    .extracting("code").isEqualTo("REPLAY_NEEDS_LOCAL_ENGINE");
            assertThat(onCluster.list()).isEmpty();
        }
    }

    private JobSnapshot awaitEnd(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> jobs.status(id).state().isFinal());
        return jobs.status(id);
    }
}
