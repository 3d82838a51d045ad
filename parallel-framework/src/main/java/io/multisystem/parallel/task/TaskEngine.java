package io.multisystem.parallel.task;

import io.multisystem.core.error.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A local task-graph engine: {@link #submit} returns a {@link Ref}; passing refs as arguments builds a dependency
 * graph that runs on a work-stealing {@link java.util.concurrent.ForkJoinPool}. A task starts once all its inputs are
 * ready; no worker blocks waiting for inputs. Because a task can only depend on refs that already exist, the graph is
 * acyclic by construction.
 *
 * <p>Thread-safe: {@code submit} may be called from any thread, including from inside a running task.
 * {@link #close()} cancels nothing by itself; it stops the workers, so unfinished tasks never complete.
 */
public interface TaskEngine extends AutoCloseable {

    /** Component name used in every error this module raises. */
    String COMPONENT = "parallel-framework";

    /**
     * Submits {@code task} with {@code args}. Each argument that is a {@link Ref} becomes an input: the task runs
     * after it, with the ref replaced by its result. If an input fails or is cancelled the task does not run and
     * fails with the input's failure, its own label prepended to the path.
     *
     * @throws InvalidInputException with code {@code FOREIGN_REF} if an argument is a ref of another engine
     * @throws io.multisystem.core.error.FailedPreconditionException with code {@code ENGINE_CLOSED} after
     *     {@link #close()}
     */
    <R> Ref<R> submit(Task<R> task, Object... args);

    /** Counters of what the engine has done so far; a consistent-enough snapshot, each counter read atomically. */
    EngineStats stats();

    /** The worker threads alive now, by name, with what each is doing. */
    java.util.List<WorkerInfo> workers();

    /** The number of workers the engine runs tasks on. */
    int parallelism();

    /** Work items taken from another worker's queue so far (the pool's steal count). */
    long steals();

    /** Stops the workers and the timer. Idempotent. */
    @Override
    void close();

    static Builder builder() {
        return new Builder();
    }

    /** Configures an engine. Not thread-safe; build once. */
    final class Builder {
        int parallelism = Runtime.getRuntime().availableProcessors();
        CheckpointStore checkpoints;
        Duration inlineThreshold = Duration.ofNanos(2_000);
        LongSupplier nanoTicker = System::nanoTime;
        BodyRunner bodyRunner;
        Long seed;
        ReplayRecorder recorder;
        ReplayLog replay;

        private Builder() {
        }

        /** The seed of {@link TaskRandom} in this engine's task bodies (default: a fresh random seed). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Records the run's non-deterministic decisions (seed, sequence numbers, start order of attempts, failures and
         * retries) into {@code recorder}, for {@link #replay}. The engine's seed becomes the recorder's. A recording
         * engine neither reads nor writes checkpoints (a replay must run every task the recording ran).
         */
        public Builder record(ReplayRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        /**
         * Replays {@code log}: the same program submitted to this engine gets the recorded sequence numbers, its
         * attempts start one at a time in the recorded order, recorded transient failures are raised again instead of
         * running the body, and the recorded final failure must happen again. The engine's seed becomes the log's.
         * Checkpoints are neither read nor written. A deviation fails the task concerned with code
         * {@code REPLAY_DIVERGED}.
         */
        public Builder replay(ReplayLog log) {
            this.replay = Objects.requireNonNull(log, "log");
            return this;
        }

        /** @throws InvalidInputException with code {@code INVALID_PARALLELISM} unless 1 <= n <= 32767 */
        public Builder parallelism(int n) {
            if (n < 1 || n > 32_767) {
                throw new InvalidInputException(COMPONENT, "INVALID_PARALLELISM",
                        "parallelism must be between 1 and 32767 workers, was " + n);
            }
            this.parallelism = n;
            return this;
        }

        /** Stores checkpoints of {@link Task#checkpointed()} tasks in {@code directory} (created if missing). */
        public Builder checkpointDirectory(Path directory) {
            this.checkpoints = CheckpointStore.directory(directory);
            return this;
        }

        public Builder checkpointStore(CheckpointStore store) {
            this.checkpoints = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Tasks whose average run time is below {@code threshold} (after a short warm-up) run inline on the worker
         * that makes them ready instead of being queued: the engine's adaptive granularity. {@code Duration.ZERO}
         * disables it.
         *
         * @throws InvalidInputException with code {@code INVALID_INLINE_THRESHOLD} if negative
         */
        public Builder inlineThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative()) {
                throw new InvalidInputException(COMPONENT, "INVALID_INLINE_THRESHOLD",
                        "inline threshold must be zero or positive, was " + threshold);
            }
            this.inlineThreshold = threshold;
            return this;
        }

        /** The monotonic nanosecond source used to measure task cost (tests inject a fake). */
        public Builder nanoTicker(LongSupplier ticker) {
            this.nanoTicker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Runs every task body through {@code runner} (e.g. on cluster nodes) instead of on this engine's workers;
         * the workers then only schedule. Tiny tasks are not inlined in this mode.
         */
        public Builder bodyRunner(BodyRunner runner) {
            this.bodyRunner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /**
         * @throws InvalidInputException with code {@code INVALID_REPLAY_SETUP} when both {@link #record} and
         *     {@link #replay} are set, or either is combined with a {@link #bodyRunner} (replay is local only)
         */
        public TaskEngine build() {
            if (recorder != null && replay != null) {
                throw new InvalidInputException(COMPONENT, "INVALID_REPLAY_SETUP",
                        "an engine either records or replays, not both");
            }
            if ((recorder != null || replay != null) && bodyRunner != null) {
                throw new InvalidInputException(COMPONENT, "INVALID_REPLAY_SETUP",
                        "record and replay work on the local engine only, not with a body runner (cluster mode)");
            }
            return new ForkJoinTaskEngine(this);
        }
    }
}
