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
        this.checkpoints = builder.checkpoints;
        this.inlineThresholdNanos = builder.inlineThreshold.toNanos();
        this.ticker = builder.nanoTicker;
        this.bodyRunner = builder.bodyRunner;
        this.lanes = new ConcurrentLinkedQueue[Priority.values().length];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** A worker thread that knows its engine and how deep it is in inline execution. */
    private static final class Worker extends ForkJoinWorkerThread {
        final ForkJoinTaskEngine engine;
        int inlineDepth;
        /** Written only by this thread, read by {@link #workers()}. */
        volatile long executedHere;
        volatile int runningHere;

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
        TaskNode<R> node = new TaskNode<>(this, task, sequence.incrementAndGet(), arguments, inputs);
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
        return node;
    }

    void ready(TaskNode<?> node) {
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
        return bodyRunner == null && inlineThresholdNanos > 0 && task.timeout() == null && task.cost.isBelow(inlineThresholdNanos);
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
        Object result;
        try {
            result = node.task.function().apply(values);
        } catch (Throwable failure) {
            node.leaveRunning();
            if (timeout != null) {
                timeout.cancel(false);
            }
            executed.increment();
            handleFailure(node, failure);
            return;
        }
        if (sampled) {
            node.task.cost.record(ticker.getAsLong() - started);
        }
        node.leaveRunning();
        if (timeout != null) {
            timeout.cancel(false);
        }
        executed.increment();
        completeWithResult(node, result, checkpointKey);
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
        if (node.attempts < policy.maxAttempts() && policy.isTransient(failure)
                && node.casState(TaskNode.RUNNING, TaskNode.QUEUED)) {
            retries.increment();
            Duration wait = policy.backoffBeforeRetry(node.attempts);
            if (wait.isZero()) {
                enqueue(node);
            } else {
                timer.schedule(() -> enqueue(node), wait.toNanos(), TimeUnit.NANOSECONDS);
            }
            return;
        }
        TaskFailedException error = failure instanceof TaskFailedException taskFailure
                ? taskFailure.prependedWith(node.label())
                : TaskFailedException.failed(node.label(), failure);
        node.fail(error);
    }

    private static Object[] resolveInputs(TaskNode<?> node) {
        if (node.inputCount == 0) {
            return node.args;
        }
        Object[] values = node.args.clone();
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
