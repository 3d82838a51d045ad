package io.multisystem.parallel.cluster;

import io.multisystem.parallel.task.CheckpointStore;
import io.multisystem.parallel.task.TaskEngine;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node-local view of the engine inside a cluster task.
 *
 * <p>Design note: a task body that captured the cluster engine (as fib's recursive body does) cannot take the
 * submitter's engine with it to another node. The cluster engine therefore serialises to {@link Handle}, which
 * resolves, while a cluster task is being unpacked on a node, to that node's own local work-stealing engine (one per
 * Ignite node, created on first use, sharing the cluster checkpoint cache). Sub-tasks a cluster task submits thus run
 * on the node that runs the parent, and the parent's job returns only once the sub-graph it returned is resolved:
 * a recursive job fans out across nodes at its first level of cluster tasks and works locally below it. This keeps
 * fine-grained sub-tasks off the network, where a per-task round trip would cost far more than the task.
 */
final class NodeEngines {
    private static final Map<String, TaskEngine> ENGINES = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> CURRENT_NODE = new ThreadLocal<>();
    private static final Map<String, Map<BytesKey, Object>> FUNCTIONS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_FUNCTIONS = 1_024;

    private NodeEngines() {
    }

    /** The local engine of node {@code instanceName}, created on first use. */
    static TaskEngine of(String instanceName, int parallelism, Supplier<CheckpointStore> checkpoints) {
        return ENGINES.computeIfAbsent(instanceName, name -> TaskEngine.builder().parallelism(parallelism)
                .checkpointStore(checkpoints.get()).build());
    }

    /**
     * The deserialised function for {@code bytes} on node {@code instanceName}: deserialising a lambda costs far more
     * than a small task, and every task of one function ships the same bytes, so each node keeps the functions it has
     * seen (at most {@value #MAX_CACHED_FUNCTIONS}; the cache is emptied when full). Must be called inside
     * {@link #enter} so an engine handle in the function resolves.
     */
    static Object function(String instanceName, byte[] bytes) throws java.io.IOException, ClassNotFoundException {
        Map<BytesKey, Object> cache = FUNCTIONS.computeIfAbsent(instanceName, n -> new ConcurrentHashMap<>());
        BytesKey key = new BytesKey(bytes);
        Object function = cache.get(key);
        if (function == null) {
            function = JavaSerialization.read(bytes);
            if (cache.size() >= MAX_CACHED_FUNCTIONS) {
                cache.clear();
            }
            cache.put(key, function);
        }
        return function;
    }

    /** Content equality for byte arrays, hash computed once. */
    private static final class BytesKey {
        private final byte[] bytes;
        private final int hash;

        BytesKey(byte[] bytes) {
            this.bytes = bytes;
            this.hash = java.util.Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BytesKey key && key.hash == hash && java.util.Arrays.equals(key.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Closes the local engine of a node that stopped. */
    static void release(String instanceName) {
        FUNCTIONS.remove(instanceName);
        TaskEngine engine = ENGINES.remove(instanceName);
        if (engine != null) {
            engine.close();
        }
    }

    /** Marks the current thread as unpacking a task for {@code instanceName}; close the scope afterwards. */
    static AutoCloseable enter(String instanceName) {
        String previous = CURRENT_NODE.get();
        CURRENT_NODE.set(instanceName);
        return () -> {
            if (previous == null) {
                CURRENT_NODE.remove();
            } else {
                CURRENT_NODE.set(previous);
            }
        };
    }

    /** What a {@link ClusterTaskEngine} serialises to. */
    static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws ObjectStreamException {
            String node = CURRENT_NODE.get();
            TaskEngine engine = node == null ? null : ENGINES.get(node);
            if (engine == null) {
                throw new InvalidObjectException("a cluster engine reference can only be unpacked inside a task running"
                        + " on a cluster node");
            }
            return engine;
        }
    }
}
