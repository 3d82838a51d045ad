package io.multisystem.parallel.cluster;

import io.multisystem.parallel.task.BodyRunner;
import io.multisystem.parallel.task.TaskFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.lang.IgniteFuture;

/**
 * Runs ready task bodies as asynchronous Ignite jobs ({@link IgniteCompute#callAsync}) on the cluster's server nodes,
 * batched. Ignite's load balancer picks the node, its job-stealing collision SPI moves waiting jobs to idle nodes, and
 * its failover SPI re-runs a job elsewhere when its node leaves.
 *
 * <p>Design note. A job per task costs a network round trip, a collision/stealing decision and a completion hop each,
 * which dominated cluster throughput. So {@link #start} only serialises the body (errors such as
 * {@code NOT_SERIALIZABLE} stay synchronous) and queues it; one flusher thread takes everything queued, waits
 * {@value #LINGER_MICROS} µs for more when it has fewer bodies than the cluster has job threads, and sends them as at
 * most {@code servers x jobThreads} {@link RemoteBatch} jobs of contiguous bodies (a lone body goes as a plain
 * {@link RemoteBody}). Each body's answer is its own envelope, so failures stay per task; a batch fails over as a
 * whole. A body is serialised once per function object and reused for every task of that function. Cancelling a
 * batched task discards its answer (the rest of its batch keeps running).
 *
 * <p>Thread-safe. {@link #close()} stops the flusher and cancels what is still queued.
 */
final class IgniteBodyRunner implements BodyRunner, AutoCloseable {
    static final long LINGER_MICROS = 200;
    private static final int MAX_BATCH = 512;

    private final IgniteCompute compute;
    private final int nodeParallelism;
    private final IntSupplier jobSlots;
    private final Map<TaskFunction<?>, byte[]> functions = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean closed;

    private record Pending(RemoteBody body, CompletableFuture<Object> out) {
    }

    /**
     * @param jobSlots how many bodies the cluster runs at once now (server nodes x job threads): the batch count
     */
    IgniteBodyRunner(IgniteCompute compute, int nodeParallelism, IntSupplier jobSlots) {
        this.compute = compute;
        this.nodeParallelism = nodeParallelism;
        this.jobSlots = jobSlots;
        this.flusher = new Thread(this::flushLoop, "parallel-framework-cluster-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    public CompletableFuture<Object> start(String label, TaskFunction<?> body, Object[] args) {
        byte[] function = functions.get(body);
        if (function == null) {
            function = JavaSerialization.write(label, "function", body);
            if (functions.size() < 10_000) {
                functions.put(body, function);
            }
        }
        byte[] arguments = JavaSerialization.write(label, "arguments", args);
        CompletableFuture<Object> out = new CompletableFuture<>();
        if (closed) {
            out.completeExceptionally(new CancellationException("the cluster engine is closed"));
            return out;
        }
        queue.add(new Pending(new RemoteBody(label, function, arguments, nodeParallelism), out));
        return out;
    }

    private void flushLoop() {
        List<Pending> drained = new ArrayList<>();
        while (!closed) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                continue;
            }
            drained.add(first);
            queue.drainTo(drained, MAX_BATCH * 16);
            int slots = Math.max(1, jobSlots.getAsInt());
            if (drained.size() < slots) {
                LockSupport.parkNanos(LINGER_MICROS * 1_000);
                queue.drainTo(drained, MAX_BATCH * 16);
            }
            try {
                send(drained, slots);
            } catch (RuntimeException e) {
                drained.forEach(p -> p.out().completeExceptionally(e));
            }
            drained.clear();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.out().completeExceptionally(new CancellationException("the cluster engine is closed")));
    }

    /** Splits {@code pending} into about {@code slots} contiguous batches of at most {@value #MAX_BATCH}. */
    private void send(List<Pending> pending, int slots) {
        int batches = Math.max(Math.min(pending.size(), slots), (pending.size() + MAX_BATCH - 1) / MAX_BATCH);
        int from = 0;
        for (int b = 0; b < batches; b++) {
            int to = from + (pending.size() - from) / (batches - b);
            List<Pending> part = List.copyOf(pending.subList(from, to));
            from = to;
            if (part.size() == 1) {
                sendOne(part.get(0));
            } else {
                sendBatch(part);
            }
        }
    }

    private void sendOne(Pending p) {
        if (p.out().isDone()) {
            return;
        }
        IgniteFuture<byte[]> call = compute.callAsync(p.body());
        p.out().whenComplete((v, e) -> {
            if (e instanceof CancellationException) {
                try {
                    call.cancel();
                } catch (RuntimeException ignored) {
                    // the job finished or its node left meanwhile: nothing left to stop
                }
            }
        });
        call.listen(done -> {
            try {
                complete(p.out(), done.get());
            } catch (Throwable failure) {
                p.out().completeExceptionally(failure);
            }
        });
    }

    private void sendBatch(List<Pending> part) {
        RemoteBody[] bodies = new RemoteBody[part.size()];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = part.get(i).body();
        }
        IgniteFuture<byte[][]> call = compute.callAsync(new RemoteBatch(bodies));
        call.listen(done -> {
            byte[][] answers;
            try {
                answers = done.get();
            } catch (Throwable failure) {
                part.forEach(p -> p.out().completeExceptionally(failure));
                return;
            }
            for (int i = 0; i < answers.length; i++) {
                try {
                    complete(part.get(i).out(), answers[i]);
                } catch (Throwable failure) {
                    part.get(i).out().completeExceptionally(failure);
                }
            }
        });
    }

    private static void complete(CompletableFuture<Object> out, byte[] answer) throws Exception {
        Object payload = JavaSerialization.read(java.util.Arrays.copyOfRange(answer, 1, answer.length));
        if (answer[0] == RemoteBody.FAILURE) {
            out.completeExceptionally((Throwable) payload);
        } else {
            out.complete(payload);
        }
    }

    /** Stops the flusher (within its 100 ms poll) and cancels bodies not sent yet. Idempotent. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
    }
}
