package io.multisystem.parallel.cluster;

import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.TaskFunction;
import java.io.Serial;
import java.io.Serializable;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeJobFailoverException;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * One task body shipped to a cluster node as an Ignite job. The body and its arguments travel as Java-serialised
 * bytes (so the node-local engine handle resolves, see {@link NodeEngines}); the answer travels back as bytes too:
 * either the result or the failure, so Ignite itself only sees failures of the node, which it fails over.
 *
 * <p>A body interrupted because its node is stopping raises {@link ComputeJobFailoverException}: Ignite's failover
 * SPI then runs the job again on another node, which is why a killed node does not change a job's result.
 */
final class RemoteBody implements IgniteCallable<byte[]> {
    @Serial
    private static final long serialVersionUID = 1L;
    static final byte VALUE = 0;
    static final byte FAILURE = 1;
    /** The longest a cluster task waits on a node for the sub-graph its body returned. */
    static final java.time.Duration MAX_SUB_GRAPH_WAIT = java.time.Duration.ofHours(6);

    private final String label;
    private final byte[] function;
    private final byte[] arguments;
    private final int localParallelism;

    @IgniteInstanceResource
    private transient Ignite ignite;

    RemoteBody(String label, byte[] function, byte[] arguments, int localParallelism) {
        this.label = label;
        this.function = function;
        this.arguments = arguments;
        this.localParallelism = localParallelism;
    }

    @Override
    public byte[] call() {
        return callOn(ignite);
    }

    /** Runs the body on {@code node} and returns its envelope; used by {@link RemoteBatch} for each of its bodies. */
    byte[] callOn(Ignite local) {
        String node = local.name();
        NodeEngines.of(node, localParallelism, () -> IgniteCluster.checkpointStoreOf(local));
        Object result;
        try (AutoCloseable scope = NodeEngines.enter(node)) {
            @SuppressWarnings("unchecked")
            TaskFunction<Object> body = (TaskFunction<Object>) NodeEngines.function(node, function);
            Object[] args = (Object[]) JavaSerialization.read(arguments);
            result = body.apply(args);
            if (result instanceof Ref<?> ref) {
                // Bounded: a task's own timeout (Task.withTimeout) cancels this job sooner through Ignite; the bound
                // only keeps a sub-graph that never ends from holding an Ignite job thread forever.
                result = ref.get(MAX_SUB_GRAPH_WAIT);
            }
        } catch (Throwable failure) {
            if (Thread.currentThread().isInterrupted() || failure instanceof InterruptedException) {
                throw new ComputeJobFailoverException("node " + node + " was stopped while running task " + label);
            }
            return envelope(FAILURE, shippable(failure));
        }
        try {
            return envelope(VALUE, result);
        } catch (RuntimeException notSerializable) {
            return envelope(FAILURE, shippable(notSerializable));
        }
    }

    private byte[] envelope(byte kind, Object payload) {
        byte[] body = JavaSerialization.write(label, kind == VALUE ? "result" : "failure", payload);
        byte[] out = new byte[body.length + 1];
        out[0] = kind;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** The failure itself if it serialises, else a stand-in that keeps its class name, message and stack. */
    private static Throwable shippable(Throwable failure) {
        try {
            JavaSerialization.write("failure", "failure", failure);
            return failure;
        } catch (RuntimeException e) {
            RemoteTaskException standIn = new RemoteTaskException(failure.getClass().getName() + ": "
                    + failure.getMessage());
            standIn.setStackTrace(failure.getStackTrace());
            return standIn;
        }
    }

    /** Stands in for a task failure whose exception cannot be serialised. */
    static final class RemoteTaskException extends RuntimeException implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteTaskException(String message) {
            super(message);
        }
    }
}
