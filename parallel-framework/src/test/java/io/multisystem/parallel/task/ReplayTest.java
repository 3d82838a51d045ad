package io.multisystem.parallel.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multisystem.core.error.InvalidInputException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Record a run's decisions, replay them: same labels, same retries, same result or the same failure path. */
class ReplayTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A failure from outside the program (a flaky network, say): retried, and injected again by a replay. */
    static final class Flake extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Flake(String message) {
            super(message);
        }
    }

    /**
     * The environment's flakiness: one fetch in three fails while recording (production), none while replaying (a
     * developer's machine). A replay must still retry and fail exactly where the recorded run did.
     */
    private static volatile int flakeOneIn = 3;

    /** What one run of {@link #flakyPipeline} ended with. */
    record Outcome(Long value, TaskFailedException failure, EngineStats stats) {
    }

    /**
     * 24 fetches that flake at random (ThreadLocalRandom: nothing a replay could re-derive) and are retried up to 3
     * times, then a check that fails when the program's own seeded randomness says so (TaskRandom: re-derived).
     */
    private static Outcome flakyPipeline(TaskEngine.Builder builder) {
        try (TaskEngine engine = builder.parallelism(2).build()) {
            Task<Long> fetch = Task.of1("fetch", (Integer i) -> {
                int oneIn = flakeOneIn;
                if (oneIn > 0 && ThreadLocalRandom.current().nextInt(oneIn) == 0) {
                    throw new Flake("connection reset fetching " + i);
                }
                return (long) i * i;
            }).withRetry(RetryPolicy.exponential(3, Duration.ZERO, Flake.class));
            Task<Long> check = Task.of("check", values -> {
                long sum = 0;
                for (Object v : values) {
                    sum += (Long) v;
                }
                if (TaskRandom.current().nextInt(3) == 0) {
                    throw new IllegalStateException("checksum mismatch over " + values.length + " parts");
                }
                return sum;
            });
            Object[] parts = new Object[24];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = engine.submit(fetch, i);
            }
            Ref<Long> result = engine.submit(check, parts);
            try {
                return new Outcome(result.get(WAIT), null, engine.stats());
            } catch (TaskFailedException e) {
                return new Outcome(null, e, engine.stats());
            }
        }
    }

    private static ReplayLog recordUntil(java.util.function.Predicate<Outcome> wanted) {
        flakeOneIn = 3;
        for (int attempt = 0; attempt < 200; attempt++) {
            ReplayRecorder recorder = ReplayRecorder.withRandomSeed();
            Outcome outcome = flakyPipeline(TaskEngine.builder().record(recorder));
            if (wanted.test(outcome)) {
                ReplayLog log = recorder.toLog(Map.of());
                RECORDED.set(outcome);
                return log;
            }
        }
        throw new AssertionError("no recorded run of the wanted kind in 200 tries");
    }

    private static final ThreadLocal<Outcome> RECORDED = new ThreadLocal<>();

    @Test
    void aReplayOfARunThatFailedAfterRetriesFailsIdentically() {
        ReplayLog log = recordUntil(o -> o.failure() != null && o.failure().origin().startsWith("fetch#"));
        Outcome recorded = RECORDED.get();

        flakeOneIn = 0;
        Outcome replayed = flakyPipeline(TaskEngine.builder().replay(ReplayLog.parse(log.format())));

        assertThat(replayed.failure()).isNotNull();
        assertThat(replayed.failure().path()).isEqualTo(recorded.failure().path());
        assertThat(replayed.failure().getMessage()).isEqualTo(recorded.failure().getMessage());
        assertThat(replayed.failure().getCause()).isInstanceOf(Flake.class);
        assertThat(replayed.stats().retries()).isEqualTo(recorded.stats().retries());
    }

    @Test
    void aReplayOfARunWhoseProgramFailedRunsTheBodyAgainAndFailsIdentically() {
        ReplayLog log = recordUntil(o -> o.failure() != null && o.failure().origin().startsWith("check#"));
        Outcome recorded = RECORDED.get();

        flakeOneIn = 0;
        Outcome replayed = flakyPipeline(TaskEngine.builder().replay(log));

        assertThat(replayed.failure()).isNotNull();
        assertThat(replayed.failure().code()).isEqualTo("TASK_FAILED");
        assertThat(replayed.failure().path()).isEqualTo(recorded.failure().path());
        assertThat(replayed.failure().getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessage("checksum mismatch over 24 parts");
        assertThat(replayed.stats().retries()).isEqualTo(recorded.stats().retries());
    }

    @Test
    void aReplayOfASuccessfulRunWithRetriesGivesTheSameResultAndRetries() {
        ReplayLog log = recordUntil(o -> o.failure() == null && o.stats().retries() > 0);
        Outcome recorded = RECORDED.get();

        flakeOneIn = 0;
        Outcome replayed = flakyPipeline(TaskEngine.builder().replay(log));

        assertThat(replayed.failure()).isNull();
        assertThat(replayed.value()).isEqualTo(recorded.value()).isEqualTo(4_324L);
        assertThat(replayed.stats().retries()).isEqualTo(recorded.stats().retries());
    }

    /** Fib whose every fib(3) call fails: which failure reaches the root first depends on the schedule. */
    static final class FailingFib implements TaskFunction<Long> {
        private static final long serialVersionUID = 1L;
        private final TaskEngine engine;
        private final Task<Long> add = Task.of2("add", (Long a, Long b) -> a + b);
        private final Task<Long> self;

        FailingFib(TaskEngine engine) {
            this.engine = engine;
            this.self = Task.of("fib", this);
        }

        @Override
        public Object apply(Object[] args) {
            int k = (Integer) args[0];
            if (k == 3) {
                throw new ArithmeticException("fib(3) is off limits");
            }
            return k < 2 ? (Object) (long) k : engine.submit(add, engine.submit(self, k - 1), engine.submit(self, k - 2));
        }
    }

    private static TaskFailedException failingFib(TaskEngine.Builder builder) {
        try (TaskEngine engine = builder.parallelism(2).inlineThreshold(Duration.ZERO).build()) {
            Ref<Long> root = engine.submit(new FailingFib(engine).self, 16);
            try {
                root.get(WAIT);
                throw new AssertionError("fib(16) must fail");
            } catch (TaskFailedException e) {
                return e;
            }
        }
    }

    @Test
    void aParallelRecursiveRunReplaysWithTheSameLabelsOnTheFailurePath() {
        ReplayRecorder recorder = ReplayRecorder.withRandomSeed();
        TaskFailedException recorded = failingFib(TaskEngine.builder().record(recorder));
        ReplayLog log = recorder.toLog(Map.of("program", "failing-fib"));

        for (int round = 0; round < 3; round++) {
            TaskFailedException replayed = failingFib(TaskEngine.builder().replay(log));

            assertThat(replayed.path()).isEqualTo(recorded.path());
            assertThat(replayed.getMessage()).isEqualTo(recorded.getMessage());
        }
        assertThat(recorded.path()).hasSizeGreaterThan(2);
        assertThat(log.attributes()).containsEntry("program", "failing-fib");
    }

    @Test
    void replayingADifferentProgramFailsWithReplayDiverged() {
        ReplayRecorder recorder = ReplayRecorder.withRandomSeed();
        try (TaskEngine engine = TaskEngine.builder().parallelism(2).record(recorder).build()) {
            engine.submit(Task.of1("square", (Integer x) -> x * x), 3).get(WAIT);
        }
        ReplayLog log = recorder.toLog(Map.of());

        try (TaskEngine engine = TaskEngine.builder().parallelism(2).replay(log).build()) {
            Ref<Integer> other = engine.submit(Task.of1("cube", (Integer x) -> x * x * x), 3);

            assertThatThrownBy(() -> other.get(WAIT)).isInstanceOfSatisfying(TaskFailedException.class, e -> {
                assertThat(e.code()).isEqualTo("REPLAY_DIVERGED");
                assertThat(e.getMessage()).contains("'cube'", "'square'");
            });
        }
    }

    @Test
    void aLogSurvivesItsTextFormatAndBadLogsNameTheLine() {
        ReplayRecorder recorder = new ReplayRecorder(7);
        flakeOneIn = 3;
        flakyPipeline(TaskEngine.builder().record(recorder));
        ReplayLog log = recorder.toLog(Map.of("job.type", "demo", "param.files", "a b,c"));

        ReplayLog again = ReplayLog.parse(log.format());

        assertThat(again.format()).isEqualTo(log.format());
        assertThat(again.seed()).isEqualTo(7);
        assertThat(again.attributes()).containsEntry("param.files", "a b,c");
        assertThat(again.events()).hasSameSizeAs(log.events()).isNotEmpty();
        assertThatThrownBy(() -> ReplayLog.parse("not a log")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getMessage()).contains("line 1"));
        assertThatThrownBy(() -> ReplayLog.parse(ReplayLog.HEADER + "\nseed 1\nstart x 1\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_REPLAY_LOG");
                    assertThat(e.getMessage()).contains("line 3");
                });
    }
}
