package io.multisystem.pipeline.execution;

import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.WatermarkGenerator;
import io.multisystem.pipeline.window.WindowOperator;

import java.time.Duration;
import java.time.Instant;
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
 */
final class PipelinedLocalExecutor implements LocalExecutor {
    private static final Object END = new Object();

    private record Watermark(long time) {
    }

    private record LateRow(Row row) {
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

        threads.add(new Thread(guard(() -> runSource(pipeline, window, keyIndex, workerQueues, read), failure, stopAll),
                "pipeline-source"));
        for (int i = 0; i < parallelism; i++) {
            BoundedQueue in = workerQueues[i];
            threads.add(new Thread(guard(() -> runWorker(window, in, sinkQueue, late), failure, stopAll),
                    "pipeline-worker-" + i));
        }
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });

        long written = 0;
        boolean lateOpened = false;
        try {
            sink.open(pipeline.outputSchema());
            Optional<Sink> lateSink = pipeline.lateSink();
            if (lateSink.isPresent()) {
                lateSink.get().open(keyedSchema);
                lateOpened = true;
            }
            int ended = 0;
            while (ended < parallelism) {
                Object e = sinkQueue.take();
                if (e == END) {
                    ended++;
                } else if (e instanceof LateRow lr) {
                    lateSink.ifPresent(s -> s.write(lr.row()));
                } else {
                    sink.write((Row) e);
                    written++;
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
        return new ExecutionResult(read.get(), written, late.get(), highWater.get(),
                Duration.between(start, properties.clock().instant()));
    }

    private void runSource(Pipeline pipeline, Optional<Pipeline.WindowStage> window, int keyIndex,
            BoundedQueue[] queues, AtomicLong read) {
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
        int interval = properties.watermarkInterval();
        try (Source.RowIterator rows = source.open()) {
            while (rows.hasNext()) {
                chain.accept(rows.next());
                read.incrementAndGet();
                if (streaming && watermarks != null && ++sinceWatermark >= interval) {
                    sinceWatermark = 0;
                    long wm = watermarks.currentWatermark();
                    if (wm > lastWatermark) {
                        lastWatermark = wm;
                        broadcast(queues, new Watermark(wm));
                    }
                }
            }
        }
        if (watermarks != null) {
            broadcast(queues, new Watermark(WatermarkGenerator.END_OF_TIME));
        }
        broadcast(queues, END);
    }

    private static void broadcast(BoundedQueue[] queues, Object element) {
        for (BoundedQueue q : queues) {
            q.put(element);
        }
    }

    private static void runWorker(Optional<Pipeline.WindowStage> window, BoundedQueue in, BoundedQueue out,
            AtomicLong late) {
        Consumer<Row> emit = out::put;
        WindowOperator operator = window
                .map(w -> WindowOperator.create(w.spec(), w.input(), row -> out.put(new LateRow(row))))
                .orElse(null);
        try {
            while (true) {
                Object e = in.take();
                if (e == END) {
                    break;
                }
                if (e instanceof Watermark w) {
                    operator.processWatermark(w.time(), emit);
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
        out.put(END);
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
