package io.multisystem.parallel.task;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Task-graph engine on a {@link ForkJoinPool}.
 *
 * <p>Design note. Dependencies are counted, not awaited: a node holds {@code inputs + 1} pending counts; each input's
 * completion callback and the submitter decrement it, and the decrement to zero makes the node ready (the extra count
 * keeps a node from starting before {@code submit} has wired all its inputs). Readiness is the only way into the
 * scheduler, so every task starts after its inputs (the invariant the random-DAG property test checks), and no worker
 * ever blocks on an input. Ready nodes go into one lock-free FIFO lane per {@link Priority}. At most one "drain"
 * {@link ForkJoinTask} per worker is alive; it is forked onto the current worker's deque (or submitted from outside)
 * so idle workers steal it, and it keeps taking the head of the highest non-empty lane until all lanes are empty.
 * That gives priority order among ready tasks and batches queued tasks: a burst of ready nodes costs one queue
 * insertion each, not one ForkJoinTask each. Adaptive granularity: each {@link Task} keeps a moving average of its
 * run time; once it is below the inline threshold, a node of that task made ready on a worker runs right there
 * (bounded nesting depth) instead of paying for a queue round-trip. Timeouts and retry backoff use one daemon timer
 * thread, never a sleeping worker. Tasks returning a {@link Ref} complete when that ref completes (dynamic graphs,
 * as in Ray).
 */
final class ForkJoinTaskEngine implements TaskEngine {
    private static final int MAX_INLINE_DEPTH = 32;
    private static final int SEQUENCE_BLOCK = 256;
    /** Held outcome of a replayed attempt that did not run (its node was cancelled or failed meanwhile). */
    private static final Throwable NOT_RUN = new Throwable("not run", null, false, false) {
    };

    private final ForkJoinPool pool;
    private final ScheduledThreadPoolExecutor timer;
    private final CheckpointStore checkpoints;
    private final long inlineThresholdNanos;
    private final LongSupplier ticker;
    private final BodyRunner bodyRunner;
    private final ConcurrentLinkedQueue<TaskNode<?>>[] lanes;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger activeDrains = new AtomicInteger();
    private final int maxDrains;
    private volatile boolean closed;
    private final java.util.Set<Worker> workerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final LongAdder submitted = new LongAdder();
    private final LongAdder executed = new LongAdder();
    private final LongAdder inlined = new LongAdder();
    private final LongAdder checkpointHits = new LongAdder();
    private final LongAdder checkpointWrites = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final long seed;
    private final ReplayRecorder recorder;
    private final Replayer replayer;
    private final AtomicInteger externalSubmits = new AtomicInteger();
    private final AtomicLong divergentSequence = new AtomicLong();

    @SuppressWarnings("unchecked")
    ForkJoinTaskEngine(TaskEngine.Builder builder) {
        this.pool = new ForkJoinPool(builder.parallelism, p -> new Worker(p, this), null, false);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "parallel-framework-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.maxDrains = builder.parallelism;
        this.recorder = builder.recorder;
        this.replayer = builder.replay == null ? null : new Replayer(builder.replay);
        this.seed = builder.recorder != null ? builder.recorder.seed()
                : builder.replay != null ? builder.replay.seed()
                : builder.seed != null ? builder.seed : java.util.concurrent.ThreadLocalRandom.current().nextLong();
        // A recorded or replayed run computes every task: a checkpoint hit would skip an attempt the other run has.
        this.checkpoints = recorder != null || replayer != null ? null : builder.checkpoints;
        this.inlineThresholdNanos = builder.inlineThreshold.toNanos();
        this.ticker = builder.nanoTicker;
        this.bodyRunner = builder.bodyRunner;
        this.lanes = new ConcurrentLinkedQueue[Priority.values().length];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** A worker thread that knows its engine, how deep it is in inline execution and the task body it runs. */
    static final class Worker extends ForkJoinWorkerThread {
        final ForkJoinTaskEngine engine;
        int inlineDepth;
        /** The node whose body this thread runs now (innermost, with inlining), or null; read by TaskRandom. */
        TaskNode<?> current;
        /**
         * Written only by this thread, read racily by {@link #workers()} (a diagnostic): plain fields, because a
         * volatile write per task costs a fence on the hot path.
         */
        long executedHere;
        int runningHere;
        /** This worker's block of sequence numbers: next to hand out, and the end of the block (exclusive). */
        long nextSequence;
        long sequenceLimit;

        Worker(ForkJoinPool pool, ForkJoinTaskEngine engine) {
            super(pool);
            this.engine = engine;
            setName("parallel-framework-worker-" + getPoolIndex());
            setDaemon(true);
            engine.workerThreads.add(this);
        }

        @Override
        protected void onTermination(Throwable exception) {
            engine.workerThreads.remove(this);
            super.onTermination(exception);
        }
    }

    /**
     * Runs ready nodes until the lanes are empty. At most {@code maxDrains} drains exist at once; see
     * {@link #signal()} for why no ready node is ever left without one.
     */
    private final class Drain extends RecursiveAction {
        @Override
        protected void compute() {
            while (true) {
                TaskNode<?> node = pollHighestPriority();
                if (node == null) {
                    activeDrains.decrementAndGet();
                    if (lanesAreEmpty() || !rejoin()) {
                        return;
                    }
                    continue;
                }
                if (!lanesAreEmpty()) {
                    signal();
                }
                run(node);
            }
        }

        /** After leaving, a node may have arrived whose enqueuer saw this drain as still active: take it back. */
        private boolean rejoin() {
            while (true) {
                int active = activeDrains.get();
                if (active >= maxDrains) {
                    return false;
                }
                if (activeDrains.compareAndSet(active, active + 1)) {
                    return true;
                }
            }
        }
    }

    @Override
    public <R> Ref<R> submit(Task<R> task, Object... args) {
        if (closed) {
            throw new FailedPreconditionException(COMPONENT, "ENGINE_CLOSED",
                    "the task engine is closed; build a new engine to submit " + task);
        }
        Object[] arguments = args == null ? new Object[] {null} : args.clone();
        int inputs = 0;
        for (Object argument : arguments) {
            if (argument instanceof Ref<?> ref) {
                if (!(ref instanceof TaskNode<?> node) || node.engine != this) {
                    throw new InvalidInputException(COMPONENT, "FOREIGN_REF", "argument " + ref
                            + " belongs to another engine; pass refs only to the engine that created them");
                }
                inputs++;
            }
        }
        submitted.increment();
        if (recorder != null || replayer != null) {
            return submitTraced(task, arguments, inputs);
        }
        TaskNode<R> node = new TaskNode<>(this, task, nextSequence(), arguments, inputs);
        wire(node, arguments, inputs);
        return node;
    }

    /**
     * Submission while recording or replaying: the submitter is the task whose body runs on this thread (0 outside
     * any task) and the submission's index among its submissions; see {@link Replayer} for why that, not arrival
     * order, identifies a task across runs.
     */
    private <R> Ref<R> submitTraced(Task<R> task, Object[] arguments, int inputs) {
        TaskNode<?> parent = Thread.currentThread() instanceof Worker w && w.engine == this ? w.current : null;
        long parentSequence = parent == null ? 0 : parent.sequence;
        int index = parent == null ? externalSubmits.getAndIncrement() : parent.submitsMade++;
        if (recorder != null) {
            long next = sequence.incrementAndGet();
            TaskNode<R> node = new TaskNode<>(this, task, next, arguments, inputs);
            // Under the lock: the logged wiring point is where inputs that already failed were seen.
            synchronized (recorder) {
                recorder.submitted(parentSequence, index, next, task.id());
                recorder.wired(next);
                wire(node, arguments, inputs);
            }
            return node;
        }
        long recorded = replayer.sequenceFor(parentSequence, index, task.id());
        if (recorded < 0) {
            TaskNode<R> stray = new TaskNode<>(this, task, -divergentSequence.incrementAndGet(), arguments, inputs);
            stray.fail(Replayer.diverged(stray.label(), "submission " + index + " of "
                    + (parent == null ? "the caller" : parent.label()) + " is of task '" + task.id()
                    + "' but the recording has " + replayer.describeSubmit(parentSequence, index), null));
            return stray;
        }
        TaskNode<R> node = new TaskNode<>(this, task, recorded, arguments, inputs);
        if (replayer.submitted(node)) {
            startPump();
        }
        return node;
    }

    private void wire(TaskNode<?> node, Object[] arguments, int inputs) {
        if (inputs > 0) {
            for (Object argument : arguments) {
                if (argument instanceof TaskNode<?> input) {
                    if (input.future.isDone() && !input.future.isCompletedExceptionally()) {
                        node.inputDone(null);
                    } else {
                        input.future.whenComplete((value, failure) -> node.inputDone(failure));
                    }
                }
            }
        }
        node.inputDone(null);
    }

    /**
     * A unique sequence number. Workers take blocks of {@value #SEQUENCE_BLOCK} from the shared counter, so tasks
     * submitted from inside tasks (most of them, in recursive jobs) do not all contend on one atomic counter.
     */
    private long nextSequence() {
        if (Thread.currentThread() instanceof Worker w && w.engine == this) {
            if (w.nextSequence == w.sequenceLimit) {
                long base = sequence.getAndAdd(SEQUENCE_BLOCK);
                w.nextSequence = base + 1;
                w.sequenceLimit = base + 1 + SEQUENCE_BLOCK;
            }
            return w.nextSequence++;
        }
        return sequence.incrementAndGet();
    }

    /** The seed of {@link TaskRandom} for this engine's bodies. */
    long seed() {
        return seed;
    }

    void ready(TaskNode<?> node) {
        if (replayer != null) {
            replayReady(node);
            return;
        }
        if (Thread.currentThread() instanceof Worker worker && worker.engine == this
                && worker.inlineDepth < MAX_INLINE_DEPTH && isTiny(node.task)) {
            inlined.increment();
            worker.inlineDepth++;
            try {
                run(node);
            } finally {
                worker.inlineDepth--;
            }
            return;
        }
        enqueue(node);
    }

    private void enqueue(TaskNode<?> node) {
        lanes[node.task.priority().ordinal()].add(node);
        signal();
    }

    /**
     * Starts a drain unless {@code maxDrains} are active. No lost wake-up: the enqueuer writes the lane, then reads
     * the count; a leaving drain writes the count, then reads the lanes (all volatile), so at least one of them sees
     * the other and the node gets a drain.
     */
    private void signal() {
        while (true) {
            int active = activeDrains.get();
            if (active >= maxDrains) {
                return;
            }
            if (activeDrains.compareAndSet(active, active + 1)) {
                Drain drain = new Drain();
                if (Thread.currentThread() instanceof Worker worker && worker.engine == this) {
                    drain.fork();
                } else if (!closed) {
                    pool.execute(drain);
                }
                return;
            }
        }
    }

    private boolean lanesAreEmpty() {
        for (ConcurrentLinkedQueue<TaskNode<?>> lane : lanes) {
            if (!lane.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private TaskNode<?> pollHighestPriority() {
        for (ConcurrentLinkedQueue<TaskNode<?>> lane : lanes) {
            TaskNode<?> node = lane.poll();
            if (node != null) {
                return node;
            }
        }
        return null;
    }

    private boolean isTiny(Task<?> task) {
        return bodyRunner == null && recorder == null && replayer == null && inlineThresholdNanos > 0 && task.timeout() == null && task.cost.isBelow(inlineThresholdNanos);
    }

    private void run(TaskNode<?> node) {
        if (!node.tryStart()) {
            return;
        }
        Object[] values = resolveInputs(node);
        String checkpointKey = null;
        if (node.task.isCheckpointed() && checkpoints != null) {
            try {
                checkpointKey = CheckpointCodec.keyOf(node.label(), node.task.id(), values);
                Optional<byte[]> stored = checkpoints.find(checkpointKey);
                if (stored.isPresent()) {
                    checkpointHits.increment();
                    node.succeed(CheckpointCodec.deserialise(stored.get()));
                    return;
                }
            } catch (TaskFailedException e) {
                node.fail(e);
                return;
            } catch (Exception e) {
                node.fail(TaskFailedException.failed(node.label(), e));
                return;
            }
        }
        node.attempts++;
        if (bodyRunner != null) {
            runElsewhere(node, values, checkpointKey);
            return;
        }
        if (recorder != null) {
            recorder.started(node.sequence, node.attempts);
        }
        runCounted(node, values, checkpointKey);
    }

    /** Replay: a ready node waits for its recorded start (see {@link Replayer}). */
    private void replayReady(TaskNode<?> node) {
        int verdict = replayer.park(node);
        if (verdict < 0) {
            node.fail(Replayer.diverged(node.label(), "attempt " + (node.attempts + 1) + " of " + node.label()
                    + " is ready after the whole recording was replayed", null));
        } else if (verdict > 0) {
            startPump();
        }
    }

    private void startPump() {
        try {
            pool.execute(ForkJoinTask.adapt(this::pump));
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // the engine closed: the run is over
        }
    }

    /** Re-enacts the recorded starts and ends until the next one cannot happen yet. */
    private void pump() {
        Replayer.Step step;
        while ((step = replayer.next()) != null) {
            if (step.kind() == null) {
                step.node().fail(Replayer.diverged(step.node().label(), "attempt " + (step.node().attempts + 1)
                        + " of " + step.node().label() + " was ready but never started in the recording", null));
                continue;
            }
            switch (step.kind()) {
                case START -> replayStart(step.node());
                case END -> replayEnd(step.node());
                case WIRE -> wire(step.node(), step.node().args, step.node().inputCount);
            }
        }
    }

    /** Runs the body of the node's next attempt (or raises its recorded transient failure) and holds the outcome. */
    private void replayStart(TaskNode<?> node) {
        node.heldFailure = null;
        node.heldResult = null;
        if (!node.tryStart()) {
            node.heldFailure = NOT_RUN;
            return;
        }
        node.attempts++;
        ReplayLog.Failure recorded = replayer.recordedFailure(node);
        if (recorded != null && (recorded.retried() || node.task.retryPolicy().isTransient(recorded.rebuild()))) {
            // A transient failure is an input from outside the program: raise it again, do not run the body.
            // Other failures come from the program, so the body runs again and must fail the same way.
            node.heldFailure = recorded.rebuild();
            return;
        }
        Object[] values = resolveInputs(node);
        Worker self = Thread.currentThread() instanceof Worker w && w.engine == this ? w : null;
        TaskNode<?> outer = null;
        if (self != null) {
            outer = self.current;
            self.current = node;
        }
        node.enterRunning(Thread.currentThread());
        try {
            node.heldResult = node.task.function().apply(values);
        } catch (Throwable failure) {
            node.heldFailure = failure;
        } finally {
            node.leaveRunning();
            if (self != null) {
                self.current = outer;
            }
        }
    }

    /** Publishes the held outcome of the node's attempt, as the recorded run did at this point. */
    private void replayEnd(TaskNode<?> node) {
        Throwable failure = node.heldFailure;
        Object result = node.heldResult;
        node.heldFailure = null;
        node.heldResult = null;
        if (failure == NOT_RUN || node.future.isDone()) {
            return;
        }
        executed.increment();
        if (failure != null) {
            handleFailure(node, failure);
            return;
        }
        ReplayLog.Failure recorded = replayer.recordedFailure(node);
        if (recorded != null) {
            node.fail(Replayer.diverged(node.label(), "attempt " + node.attempts + " of " + node.label()
                    + " failed in the recording with " + recorded.describe() + " but succeeded now", null));
            return;
        }
        completeWithResult(node, result, null);
    }

    private void runCounted(TaskNode<?> node, Object[] values, String checkpointKey) {
        Worker self = Thread.currentThread() instanceof Worker w && w.engine == this ? w : null;
        if (self != null) {
            self.runningHere = self.runningHere + 1;
        }
        try {
            runAttempt(node, values, checkpointKey);
        } finally {
            if (self != null) {
                self.runningHere = self.runningHere - 1;
                self.executedHere = self.executedHere + 1;
            }
        }
    }

    private void runAttempt(TaskNode<?> node, Object[] values, String checkpointKey) {
        ScheduledFuture<?> timeout = null;
        Duration limit = node.task.timeout();
        node.enterRunning(Thread.currentThread());
        if (limit != null) {
            timeout = timer.schedule(() -> node.timeOut(limit), limit.toNanos(), TimeUnit.NANOSECONDS);
        }
        boolean sampled = node.task.cost.wantsSample(node.sequence);
        long started = sampled ? ticker.getAsLong() : 0L;
        Worker self = Thread.currentThread() instanceof Worker w && w.engine == this ? w : null;
        TaskNode<?> outer = null;
        if (self != null) {
            outer = self.current;
            self.current = node;
        }
        Object result;
        try {
            result = node.task.function().apply(values);
        } catch (Throwable failure) {
            if (self != null) {
                self.current = outer;
            }
            node.leaveRunning();
            if (timeout != null) {
                timeout.cancel(false);
            }
            executed.increment();
            if (recorder != null) {
                synchronized (recorder) {
                    recorder.ended(node.sequence, node.attempts);
                    handleFailure(node, failure);
                }
            } else {
                handleFailure(node, failure);
            }
            return;
        }
        if (self != null) {
            self.current = outer;
        }
        if (sampled) {
            node.task.cost.record(ticker.getAsLong() - started);
        }
        node.leaveRunning();
        if (timeout != null) {
            timeout.cancel(false);
        }
        executed.increment();
        if (recorder != null) {
            // The lock spans the publication, so the logged end order is the order dependents saw the outcomes.
            synchronized (recorder) {
                recorder.ended(node.sequence, node.attempts);
                completeWithResult(node, result, checkpointKey);
            }
        } else {
            completeWithResult(node, result, checkpointKey);
        }
    }

    /**
     * Runs the body through the {@link BodyRunner}: the worker only starts the call; the continuation (checkpoint,
     * completion, retry) runs on this engine's pool when the call finishes, so no worker waits for a remote body.
     */
    private void runElsewhere(TaskNode<?> node, Object[] values, String checkpointKey) {
        Duration limit = node.task.timeout();
        ScheduledFuture<?> timeout = limit == null ? null
                : timer.schedule(() -> node.timeOut(limit), limit.toNanos(), TimeUnit.NANOSECONDS);
        java.util.concurrent.CompletableFuture<Object> call;
        try {
            call = bodyRunner.start(node.label(), node.task.function(), values);
        } catch (PlatformException e) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            node.fail(new TaskFailedException(e.kind(), e.code(), java.util.List.of(node.label()), e.getMessage(),
                    e));
            return;
        }
        node.enterRemote(call);
        if (node.future.isDone()) {
            call.cancel(true);
        }
        try {
            call.whenCompleteAsync((result, failure) -> {
                node.leaveRemote();
                if (timeout != null) {
                    timeout.cancel(false);
                }
                executed.increment();
                if (failure != null) {
                    Throwable cause = failure;
                    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    handleFailure(node, cause);
                } else {
                    completeWithResult(node, result, checkpointKey);
                }
            }, pool);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            call.cancel(true);
        }
    }

    private void completeWithResult(TaskNode<?> node, Object result, String key) {
        if (result instanceof TaskNode<?> child && child.future.isDone()
                && !child.future.isCompletedExceptionally()) {
            complete(node, child.future.getNow(null), key);
        } else if (result instanceof TaskNode<?> child) {
            child.future.whenComplete((value, failure) -> {
                if (failure != null) {
                    node.fail(TaskNode.failureOf(failure).prependedWith(node.label()));
                } else {
                    complete(node, value, key);
                }
            });
        } else {
            complete(node, result, key);
        }
    }

    private void complete(TaskNode<?> node, Object value, String checkpointKey) {
        if (checkpointKey != null && !node.future.isDone()) {
            try {
                checkpoints.put(checkpointKey, CheckpointCodec.serialise(node.label(), value, "result"));
                checkpointWrites.increment();
            } catch (TaskFailedException e) {
                node.fail(e);
                return;
            } catch (PlatformException e) {
                node.fail(TaskFailedException.failed(node.label(), e));
                return;
            }
        }
        node.succeed(value);
    }

    private void handleFailure(TaskNode<?> node, Throwable failure) {
        if (node.future.isDone()) {
            return;
        }
        RetryPolicy policy = node.task.retryPolicy();
        boolean retry;
        if (replayer != null) {
            ReplayLog.Failure recorded = replayer.recordedFailure(node);
            if (recorded == null || !recorded.matches(failure)) {
                node.fail(Replayer.diverged(node.label(), "attempt " + node.attempts + " of " + node.label()
                        + (recorded == null ? " succeeded in the recording" : " failed in the recording with "
                        + recorded.describe()) + " but failed now with " + failure.getClass().getName() + ": "
                        + failure.getMessage(), failure));
                return;
            }
            retry = recorded.retried();
        } else {
            retry = node.attempts < policy.maxAttempts() && policy.isTransient(failure);
        }
        if (retry && node.casState(TaskNode.RUNNING, TaskNode.QUEUED)) {
            if (recorder != null) {
                recorder.failed(node.sequence, node.attempts, true, failure);
            }
            retries.increment();
            if (replayer != null) {
                replayReady(node);
                return;
            }
            Duration wait = policy.backoffBeforeRetry(node.attempts);
            if (wait.isZero()) {
                enqueue(node);
            } else {
                timer.schedule(() -> enqueue(node), wait.toNanos(), TimeUnit.NANOSECONDS);
            }
            return;
        }
        if (recorder != null) {
            recorder.failed(node.sequence, node.attempts, false, failure);
        }
        TaskFailedException error = failure instanceof TaskFailedException taskFailure
                ? taskFailure.prependedWith(node.label())
                : TaskFailedException.failed(node.label(), failure);
        node.fail(error);
    }

    /**
     * The arguments with every input ref replaced by its result, in place: the array is the node's own copy, and all
     * inputs have completed by now, so later attempts see the same values (and the input nodes can be collected).
     */
    private static Object[] resolveInputs(TaskNode<?> node) {
        Object[] values = node.args;
        if (node.inputCount == 0) {
            return values;
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof TaskNode<?> input) {
                values[i] = input.future.getNow(null);
            }
        }
        return values;
    }

    void recordFailure() {
        failed.increment();
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(submitted.sum(), executed.sum(), inlined.sum(), checkpointHits.sum(),
                checkpointWrites.sum(), retries.sum(), failed.sum());
    }

    @Override
    public java.util.List<WorkerInfo> workers() {
        java.util.List<WorkerInfo> out = new java.util.ArrayList<>();
        for (Worker w : workerThreads) {
            out.add(new WorkerInfo(w.getName(), w.runningHere > 0, w.executedHere));
        }
        out.sort(java.util.Comparator.comparing(WorkerInfo::name));
        return out;
    }

    @Override
    public int parallelism() {
        return pool.getParallelism();
    }

    @Override
    public long steals() {
        return pool.getStealCount();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        pool.shutdownNow();
    }
}
