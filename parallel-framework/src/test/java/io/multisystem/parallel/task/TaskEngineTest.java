package io.multisystem.parallel.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TaskEngine engine = TaskEngine.builder().parallelism(2).build();

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void refsPassedAsArgumentsAreReplacedByTheirResults() {
        Task<Integer> square = Task.of1("square", (Integer x) -> x * x);
        Task<Integer> sum = Task.of2("sum", (Integer a, Integer b) -> a + b);

        Ref<Integer> result = engine.submit(sum, engine.submit(square, 3), engine.submit(square, 4));

        assertThat(result.get(WAIT)).isEqualTo(25);
        assertThat(result.isDone()).isTrue();
    }

    @Test
    void taskWaitsForItsInputWithoutOccupyingAWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Task<Integer> gate = Task.of("gate", args -> {
            assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
            return 1;
        });
        Task<Integer> plusOne = Task.of1("plusOne", (Integer x) -> x + 1);
        Ref<Integer> gated = engine.submit(gate);
        Ref<Integer> dependent = engine.submit(plusOne, gated);
        // With one worker held by the gate, an independent task still runs on the other.
        assertThat(engine.submit(plusOne, 41).get(WAIT)).isEqualTo(42);
        assertThat(dependent.isDone()).isFalse();

        release.countDown();

        assertThat(dependent.get(WAIT)).isEqualTo(2);
    }

    @Test
    void getWithTimeoutReportsResultNotReadyAndLeavesTheTaskRunning() {
        CountDownLatch release = new CountDownLatch(1);
        Ref<Integer> slow = engine.submit(Task.of("slow", args -> {
            assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
            return 7;
        }));

        assertThatThrownBy(() -> slow.get(Duration.ofMillis(20)))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo("RESULT_NOT_READY");
                    assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
                });
        release.countDown();
        assertThat(slow.get(WAIT)).isEqualTo(7);
    }

    @Test
    void cancellingATaskCancelsItsNotYetStartedDependents() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger bodiesRun = new AtomicInteger();
        Ref<Integer> gate = engine.submit(Task.of("gate", args -> {
            assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
            return 1;
        }));
        Task<Integer> count = Task.of1("count", (Integer x) -> bodiesRun.incrementAndGet());
        Ref<Integer> first = engine.submit(count, gate);
        Ref<Integer> second = engine.submit(count, first);

        assertThat(first.cancel()).isTrue();
        release.countDown();
        gate.get(WAIT);

        assertThatThrownBy(() -> second.get(WAIT)).isInstanceOfSatisfying(TaskFailedException.class, e -> {
            assertThat(e.code()).isEqualTo("TASK_CANCELLED");
            assertThat(e.path()).containsExactly(second.label(), first.label());
        });
        assertThat(bodiesRun).hasValue(0);
        assertThat(first.cancel()).isFalse();
    }

    @Test
    void cancellingARunningTaskInterruptsItsBody() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Ref<Integer> running = engine.submit(Task.of("blocking", args -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return 0;
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(running.cancel()).isTrue();

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> running.get(WAIT)).isInstanceOfSatisfying(TaskFailedException.class,
                e -> assertThat(e.code()).isEqualTo("TASK_CANCELLED"));
    }

    @Test
    void taskRunningPastItsTimeoutFailsWithTaskTimedOut() {
        Task<Integer> stuck = Task.<Integer>of("stuck", args -> {
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            return 0;
        }).withTimeout(Duration.ofMillis(50));
        Task<Integer> plusOne = Task.of1("plusOne", (Integer x) -> x + 1);

        Ref<Integer> dependent = engine.submit(plusOne, engine.submit(stuck));

        assertThatThrownBy(() -> dependent.get(WAIT)).isInstanceOfSatisfying(TaskFailedException.class, e -> {
            assertThat(e.code()).isEqualTo("TASK_TIMED_OUT");
            assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
            assertThat(e.origin()).startsWith("stuck#");
        });
    }

    @Test
    void failureMessageCarriesThePathFromTheRequestedTaskToTheFailingOne() {
        Task<Integer> inverse = Task.of1("inverse", (Integer x) -> 100 / x);
        Task<Integer> sum = Task.of2("sum", (Integer a, Integer b) -> a + b);
        Ref<Integer> bad = engine.submit(inverse, 0);
        Ref<Integer> total = engine.submit(sum, engine.submit(inverse, 5), bad);

        assertThatThrownBy(() -> total.get(WAIT)).isInstanceOfSatisfying(TaskFailedException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(
                    "task " + total.label() + " <- " + bad.label() + ": ArithmeticException: / by zero");
            assertThat(e.path()).containsExactly(total.label(), bad.label());
            assertThat(e.getCause()).isInstanceOf(ArithmeticException.class);
            assertThat(e.code()).isEqualTo("TASK_FAILED");
            assertThat(e.component()).isEqualTo("parallel-framework");
        });
    }

    @Test
    void failureInsideADynamicSubTaskCarriesTheWholePath() {
        Task<Integer> fails = Task.of("fails", args -> {
            throw new IllegalStateException("boom");
        });
        Task<Integer> spawner = Task.of("spawner", args -> engine.submit(fails));

        Ref<Integer> top = engine.submit(spawner);

        assertThatThrownBy(() -> top.get(WAIT)).isInstanceOfSatisfying(TaskFailedException.class, e -> {
            assertThat(e.path()).hasSize(2);
            assertThat(e.path().get(0)).isEqualTo(top.label());
            assertThat(e.origin()).startsWith("fails#");
            assertThat(e.getMessage()).endsWith("IllegalStateException: boom");
        });
    }

    @Test
    void higherPriorityReadyTasksStartFirstWhenWorkersAreBusy() throws Exception {
        try (TaskEngine single = TaskEngine.builder().parallelism(1).build()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Ref<Integer> blocker = single.submit(Task.of("blocker", args -> {
                started.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
                return 0;
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
            Ref<String> low = single.submit(record("low", order).withPriority(Priority.LOW));
            Ref<String> normal = single.submit(record("normal", order));
            Ref<String> high = single.submit(record("high", order).withPriority(Priority.HIGH));

            release.countDown();
            blocker.get(WAIT);
            low.get(WAIT);
            normal.get(WAIT);
            high.get(WAIT);

            assertThat(order).containsExactly("high", "normal", "low");
        }
    }

    @Test
    void refOfAnotherEngineIsRejected() {
        try (TaskEngine other = TaskEngine.builder().parallelism(1).build()) {
            Ref<Integer> foreign = other.submit(Task.of("one", args -> 1));
            assertThatThrownBy(() -> engine.submit(Task.of1("id", (Integer x) -> x), foreign))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.code()).isEqualTo("FOREIGN_REF"));
        }
    }

    @Test
    void submittingToAClosedEngineFailsWithEngineClosed() {
        engine.close();
        assertThatThrownBy(() -> engine.submit(Task.of("one", args -> 1)))
                .isInstanceOfSatisfying(FailedPreconditionException.class,
                        e -> assertThat(e.code()).isEqualTo("ENGINE_CLOSED"));
    }

    @Test
    void badConfigurationIsRejectedWithACodeNamingTheSetting() {
        assertThatThrownBy(() -> TaskEngine.builder().parallelism(0))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo("INVALID_PARALLELISM"));
        assertThatThrownBy(() -> Task.of("bad id!", args -> 1))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo("INVALID_TASK_ID"));
        assertThatThrownBy(() -> Task.of("ok", args -> 1).withTimeout(Duration.ZERO))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo("INVALID_TIMEOUT"));
    }

    @Test
    void tinyTasksAreRunInlineOnceTheirCostIsKnown() {
        Task<Integer> noop = Task.of1("noop", (Integer x) -> x);
        Task<Integer> fanOut = Task.of("fanOut", args -> {
            Object[] refs = new Object[1_000];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = engine.submit(noop, i);
            }
            return engine.submit(Task.of("count", values -> values.length), refs);
        });
        for (int round = 0; round < 3; round++) {
            assertThat(engine.submit(fanOut).get(WAIT)).isEqualTo(1_000);
        }
        assertThat(engine.stats().inlined()).isPositive();
    }

    @Test
    void concurrentSubmittersFromOutsideNeverLeaveAReadyTaskBehind() throws Exception {
        Task<Integer> noop = Task.of1("noop", (Integer x) -> x);
        int threads = 4;
        int perThread = 10_000;
        java.util.List<Ref<Integer>> refs = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        Thread[] submitters = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            submitters[t] = new Thread(() -> {
                try {
                    go.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    refs.add(engine.submit(noop, i));
                }
            });
            submitters[t].start();
        }
        go.countDown();
        for (Thread submitter : submitters) {
            submitter.join(WAIT.toMillis());
            assertThat(submitter.isAlive()).as("submitter finished").isFalse();
        }

        assertThat(refs).hasSize(threads * perThread);
        for (Ref<Integer> ref : refs) {
            ref.get(WAIT);
        }
    }

    private static Task<String> record(String name, ConcurrentLinkedQueue<String> order) {
        return Task.of(name, args -> {
            order.add(name);
            return name;
        });
    }

}
