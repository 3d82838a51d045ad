package io.multisystem.pipeline.execution;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.io.TransactionalSink;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.StateBytes;
import io.multisystem.pipeline.window.WatermarkGenerator;
import io.multisystem.pipeline.window.WindowOperator;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Three pipelined stages connected by bounded queues.
 *
 * <p>Design note: (1) the source thread runs the stateless steps chained into one call per row (operator chaining,
 * as in Flink), tracks the bounded-out-of-orderness watermark and routes each row to the worker owning its key's hash
 * partition; (2) each of the {@code parallelism} workers owns a disjoint key partition and its own
 * {@link WindowOperator}; (3) the calling thread writes to the sink. Watermarks are broadcast to every worker in the
 * same queue as rows, so every worker sees rows and watermarks in source order: a worker's window results therefore
 * do not depend on the number of workers (per-key state is never split), only the interleaving at the sink does.
 * Invariant: no queue ever holds more than its capacity; a full queue blocks the upstream stage (backpressure), so
 * memory is bounded by {@code (parallelism + 1) × capacity} in-flight elements plus window state.
 *
 * <p>Checkpoints (when the sink is a {@link TransactionalSink} and an interval is set) follow aligned checkpoint
 * barriers (Carbone et al., "Lightweight Asynchronous Snapshots for Distributed Dataflows", 2015, as in Flink): every
 * {@code checkpointInterval} source rows the source thread snapshots its offset, the state of its chained steps and of
 * the watermark generator, and broadcasts a barrier behind the rows it already sent. Each worker snapshots its
 * operator when the barrier reaches it and forwards the barrier. The sink thread aligns: once a worker's barrier
 * arrived, that worker's later output is held back until the barriers of all workers arrived; then the rows before
 * the barrier are exactly the output of the input before the offset, and the sink commits them atomically with the
 * combined state. A restart restores every stage from the last committed state and skips the source to its offset,
 * so output is neither lost nor repeated (exactly-once), provided the source re-reads the same rows in the same
 * order. A final checkpoint after the end-of-input watermark publishes the rest.
 */
final class PipelinedLocalExecutor implements LocalExecutor {
    private static final Object END = new Object();

    private record Watermark(long time) {
    }

    private record LateRow(Row row) {
    }

    private record Barrier(long id, SourceState source) {
    }

    /** Elements a worker sends to the sink when checkpointing: tagged with the worker for alignment. */
    private record FromWorker(int worker, Object element) {
    }

    private record WorkerBarrier(long id, byte[] operatorState, SourceState source) {
    }

    /** Source-thread state at a barrier. */
    private record SourceState(long offset, Serializable[] steps, long maxTimestamp, long lastWatermark,
            int sinceWatermark) implements Serializable {
    }

    /** The whole checkpoint as committed with the sink's output. */
    private record CheckpointState(int parallelism, SourceState source, byte[][] workers, Serializable[] postSteps)
            implements Serializable {
    }

    private final LocalExecutorProperties properties;

    PipelinedLocalExecutor(LocalExecutorProperties properties) {
        this.properties = properties;
    }

    @Override
    public ExecutionResult run(Pipeline pipeline) {
        Sink sink = pipeline.sink();
        Optional<Pipeline.WindowStage> window = pipeline.windowStage();
        Schema keyedSchema = window.map(Pipeline.WindowStage::input).orElse(pipeline.outputSchema());
        int keyIndex = pipeline.keyField().map(keyedSchema::getIndex).orElse(-1);
        int parallelism = properties.parallelism();
        Instant start = properties.clock().instant();
        TransactionalSink transactional = properties.checkpointInterval() > 0 && sink instanceof TransactionalSink t
                ? t : null;
        CheckpointState restored = null;
        long firstCheckpointId = 1;
        if (transactional != null) {
            Optional<TransactionalSink.Committed> committed = transactional.recover();
            if (committed.isPresent()) {
                restored = (CheckpointState) StateBytes.read(committed.get().state());
                firstCheckpointId = committed.get().checkpointId() + 1;
                if (restored.parallelism() != parallelism) {
                    throw new FailedPreconditionException(Errors.COMPONENT, "CHECKPOINT_INCOMPATIBLE",
                            "the last checkpoint was taken with parallelism " + restored.parallelism()
                                    + "; restart with the same parallelism (key partitions hold the state)");
                }
            }
        }
        CheckpointState resume = restored;

        AtomicInteger highWater = new AtomicInteger();
        BoundedQueue[] workerQueues = new BoundedQueue[parallelism];
        for (int i = 0; i < parallelism; i++) {
            workerQueues[i] = new BoundedQueue(properties.queueCapacity(), highWater);
        }
        BoundedQueue sinkQueue = new BoundedQueue(properties.queueCapacity(), highWater);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong read = new AtomicLong();
        AtomicLong late = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Runnable stopAll = () -> {
            threads.forEach(Thread::interrupt);
            caller.interrupt();
        };
        boolean checkpointing = transactional != null;
        long firstId = firstCheckpointId;

        threads.add(new Thread(guard(() -> runSource(pipeline, window, keyIndex, workerQueues, read, checkpointing,
                resume, firstId), failure, stopAll), "pipeline-source"));
        for (int i = 0; i < parallelism; i++) {
            BoundedQueue in = workerQueues[i];
            int worker = i;
            byte[] operatorState = resume == null ? null : resume.workers()[i];
            threads.add(new Thread(guard(() -> runWorker(window, in, sinkQueue, late, checkpointing ? worker : -1,
                    operatorState), failure, stopAll), "pipeline-worker-" + i));
        }
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });

        long[] written = {0};
        Consumer<Row> toSink = row -> {
            sink.write(row);
            written[0]++;
        };
        List<Pipeline.Step> post = pipeline.postSteps();
        if (resume != null) {
            for (int i = 0; i < post.size(); i++) {
                if (resume.postSteps()[i] != null) {
                    post.get(i).restoreState(resume.postSteps()[i]);
                }
            }
        }
        for (int i = post.size() - 1; i >= 0; i--) {
            Pipeline.Step step = post.get(i);
            Consumer<Row> next = toSink;
            toSink = row -> step.apply(row, next);
        }
        boolean lateOpened = false;
        try {
            sink.open(pipeline.outputSchema());
            Optional<Sink> lateSink = pipeline.lateSink();
            if (lateSink.isPresent()) {
                lateSink.get().open(keyedSchema);
                lateOpened = true;
            }
            Consumer<Row> rows = toSink;
            Consumer<Object> handle = e -> {
                if (e instanceof LateRow lr) {
                    lateSink.ifPresent(s -> s.write(lr.row()));
                } else {
                    rows.accept((Row) e);
                }
            };
            if (checkpointing) {
                new Aligner(parallelism, transactional, post, handle).drain(sinkQueue);
            } else {
                int ended = 0;
                while (ended < parallelism) {
                    Object e = sinkQueue.take();
                    if (e == END) {
                        ended++;
                    } else {
                        handle.accept(e);
                    }
                }
            }
        } catch (BoundedQueue.Stopped stopped) {
            // another stage failed; its error is rethrown below
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            stopAll.run();
        } finally {
            closeQuietly(sink, failure);
            if (lateOpened) {
                closeQuietly(pipeline.lateSink().get(), failure);
            }
            joinAll(threads);
            Thread.interrupted(); // clear an interrupt aimed at the sink loop by a failed stage
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return new ExecutionResult(read.get(), written[0], late.get(), highWater.get(),
                Duration.between(start, properties.clock().instant()));
    }

    /** The sink thread's barrier alignment; see the class design note. Single-threaded. */
    private static final class Aligner {
        private final int parallelism;
        private final TransactionalSink sink;
        private final List<Pipeline.Step> post;
        private final Consumer<Object> handle;
        private final boolean[] blocked;
        private final boolean[] ended;
        private final byte[][] operatorStates;
        private final List<ArrayDeque<Object>> held = new ArrayList<>();
        private int barriers;
        private int endedCount;
        private SourceState source;
        private long id;

        Aligner(int parallelism, TransactionalSink sink, List<Pipeline.Step> post, Consumer<Object> handle) {
            this.parallelism = parallelism;
            this.sink = sink;
            this.post = post;
            this.handle = handle;
            this.blocked = new boolean[parallelism];
            this.ended = new boolean[parallelism];
            this.operatorStates = new byte[parallelism][];
            for (int i = 0; i < parallelism; i++) {
                held.add(new ArrayDeque<>());
            }
        }

        void drain(BoundedQueue queue) {
            while (endedCount < parallelism) {
                FromWorker e = (FromWorker) queue.take();
                accept(e.worker(), e.element());
            }
        }

        private void accept(int worker, Object element) {
            if (blocked[worker]) {
                held.get(worker).add(element);
                return;
            }
            if (element == END) {
                ended[worker] = true;
                endedCount++;
            } else if (element instanceof WorkerBarrier b) {
                blocked[worker] = true;
                operatorStates[worker] = b.operatorState();
                source = b.source();
                id = b.id();
                if (++barriers == parallelism) {
                    commit();
                }
            } else {
                handle.accept(element);
            }
        }

        private void commit() {
            Serializable[] postStates = new Serializable[post.size()];
            for (int i = 0; i < postStates.length; i++) {
                postStates[i] = post.get(i).snapshotState();
            }
            sink.commitCheckpoint(id, StateBytes.write(new CheckpointState(parallelism, source,
                    operatorStates.clone(), postStates)));
            barriers = 0;
            java.util.Arrays.fill(blocked, false);
            for (int w = 0; w < parallelism; w++) {
                ArrayDeque<Object> q = held.get(w);
                while (!q.isEmpty() && !blocked[w]) {
                    accept(w, q.poll());
                }
            }
        }
    }

    private void runSource(Pipeline pipeline, Optional<Pipeline.WindowStage> window, int keyIndex,
            BoundedQueue[] queues, AtomicLong read, boolean checkpointing, CheckpointState resume, long firstId) {
        Source source = pipeline.source();
        boolean streaming = properties.mode() == ExecutionMode.STREAMING;
        WatermarkGenerator watermarks = window
                .map(w -> WatermarkGenerator.boundedOutOfOrderness(w.maxOutOfOrderness())).orElse(null);
        int timestampIndex = window.map(w -> w.input().getIndex(w.spec().timestampField())).orElse(-1);
        int[] roundRobin = {0};
        Consumer<Row> route = row -> {
            if (watermarks != null) {
                Object ts = row.get(timestampIndex);
                if (ts != null) {
                    watermarks.onEvent((Long) ts);
                }
            }
            int p;
            if (keyIndex >= 0) {
                Object key = row.get(keyIndex);
                int h = key == null ? 0 : key.hashCode();
                p = Math.floorMod(h ^ (h >>> 16), queues.length);
            } else {
                p = roundRobin[0]++ % queues.length;
                if (roundRobin[0] == queues.length) {
                    roundRobin[0] = 0;
                }
            }
            queues[p].put(row);
        };
        Consumer<Row> chain = route;
        List<Pipeline.Step> steps = pipeline.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Pipeline.Step step = steps.get(i);
            Consumer<Row> next = chain;
            chain = row -> step.apply(row, next);
        }
        long lastWatermark = WatermarkGenerator.NO_WATERMARK;
        int sinceWatermark = 0;
        long offset = 0;
        long skip = 0;
        if (resume != null) {
            SourceState s = resume.source();
            skip = s.offset();
            for (int i = 0; i < steps.size(); i++) {
                if (s.steps()[i] != null) {
                    steps.get(i).restoreState(s.steps()[i]);
                }
            }
            if (watermarks != null && s.maxTimestamp() != Long.MIN_VALUE) {
                watermarks.onEvent(s.maxTimestamp());
            }
            lastWatermark = s.lastWatermark();
            sinceWatermark = s.sinceWatermark();
        }
        long nextId = firstId;
        long sinceCheckpoint = 0;
        int interval = properties.watermarkInterval();
        try (Source.RowIterator rows = source.open()) {
            while (offset < skip && rows.hasNext()) {
                rows.next();
                offset++;
            }
            while (rows.hasNext()) {
                chain.accept(rows.next());
                offset++;
                read.incrementAndGet();
                if (streaming && watermarks != null && ++sinceWatermark >= interval) {
                    sinceWatermark = 0;
                    long wm = watermarks.currentWatermark();
                    if (wm > lastWatermark) {
                        lastWatermark = wm;
                        broadcast(queues, new Watermark(wm));
                    }
                }
                if (checkpointing && ++sinceCheckpoint >= properties.checkpointInterval()) {
                    sinceCheckpoint = 0;
                    broadcast(queues, new Barrier(nextId++, sourceState(offset, steps, watermarks, lastWatermark,
                            sinceWatermark)));
                }
            }
        }
        if (watermarks != null) {
            broadcast(queues, new Watermark(WatermarkGenerator.END_OF_TIME));
        }
        if (checkpointing) {
            broadcast(queues, new Barrier(nextId, sourceState(offset, steps, watermarks, WatermarkGenerator.END_OF_TIME,
                    sinceWatermark)));
        }
        broadcast(queues, END);
    }

    private static SourceState sourceState(long offset, List<Pipeline.Step> steps, WatermarkGenerator watermarks,
            long lastWatermark, int sinceWatermark) {
        Serializable[] states = new Serializable[steps.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = steps.get(i).snapshotState();
        }
        return new SourceState(offset, states, watermarks == null ? Long.MIN_VALUE : watermarks.maxTimestampSeen(),
                lastWatermark, sinceWatermark);
    }

    private static void broadcast(BoundedQueue[] queues, Object element) {
        for (BoundedQueue q : queues) {
            q.put(element);
        }
    }

    /** @param worker this worker's index when checkpointing (elements are tagged), else -1 */
    private static void runWorker(Optional<Pipeline.WindowStage> window, BoundedQueue in, BoundedQueue out,
            AtomicLong late, int worker, byte[] operatorState) {
        Consumer<Object> send = worker < 0 ? out::put : e -> out.put(new FromWorker(worker, e));
        Consumer<Row> emit = send::accept;
        WindowOperator operator = window
                .map(w -> WindowOperator.create(w.spec(), w.input(), row -> send.accept(new LateRow(row))))
                .orElse(null);
        if (operator != null && operatorState != null) {
            operator.restoreState(operatorState);
        }
        try {
            while (true) {
                Object e = in.take();
                if (e == END) {
                    break;
                }
                if (e instanceof Watermark w) {
                    operator.processWatermark(w.time(), emit);
                } else if (e instanceof Barrier b) {
                    send.accept(new WorkerBarrier(b.id(), operator == null ? null : operator.snapshotState(),
                            b.source()));
                } else if (operator != null) {
                    operator.processElement((Row) e, emit);
                } else {
                    emit.accept((Row) e);
                }
            }
        } finally {
            if (operator != null) {
                late.addAndGet(operator.droppedLateRecords());
            }
        }
        send.accept(END);
    }

    private static Runnable guard(Runnable body, AtomicReference<Throwable> failure, Runnable stopAll) {
        return () -> {
            try {
                body.run();
            } catch (BoundedQueue.Stopped stopped) {
                // stopped because another stage failed
            } catch (Throwable t) {
                if (failure.compareAndSet(null, t)) {
                    stopAll.run();
                }
            }
        };
    }

    private static void closeQuietly(Sink sink, AtomicReference<Throwable> failure) {
        try {
            sink.close();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
