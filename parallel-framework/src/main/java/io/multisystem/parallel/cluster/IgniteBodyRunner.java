package io.multisystem.parallel.cluster;

import io.multisystem.parallel.task.BodyRunner;
import io.multisystem.parallel.task.TaskFunction;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.lang.IgniteFuture;

/**
 * Runs each ready task body as one asynchronous Ignite job ({@link IgniteCompute#callAsync}) on the cluster's server
 * nodes. Ignite's load balancer picks the node, its job-stealing collision SPI moves waiting jobs to idle nodes, and
 * its failover SPI re-runs the job elsewhere when the node leaves. A body is serialised once per function object and
 * reused for every task of that function.
 */
final class IgniteBodyRunner implements BodyRunner {
    private final IgniteCompute compute;
    private final int nodeParallelism;
    private final Map<TaskFunction<?>, byte[]> functions = new ConcurrentHashMap<>();

    IgniteBodyRunner(IgniteCompute compute, int nodeParallelism) {
        this.compute = compute;
        this.nodeParallelism = nodeParallelism;
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
        IgniteFuture<byte[]> call = compute.callAsync(new RemoteBody(label, function, arguments, nodeParallelism));
        CompletableFuture<Object> out = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    try {
                        call.cancel();
                    } catch (RuntimeException ignored) {
                        // the job finished or its node left meanwhile: nothing left to stop
                    }
                }
                return cancelled;
            }
        };
        call.listen(done -> {
            try {
                byte[] answer = done.get();
                Object payload = JavaSerialization.read(java.util.Arrays.copyOfRange(answer, 1, answer.length));
                if (answer[0] == RemoteBody.FAILURE) {
                    out.completeExceptionally((Throwable) payload);
                } else {
                    out.complete(payload);
                }
            } catch (Throwable failure) {
                out.completeExceptionally(failure);
            }
        });
        return out;
    }
}
