package io.multisystem.parallel.cluster;

import io.multisystem.parallel.task.EngineStats;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.WorkerInfo;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A {@link TaskEngine} whose task bodies run on the server nodes of an embedded Ignite cluster, so programs written
 * against {@code TaskEngine} run unchanged.
 *
 * <p>Design note: the graph stays on the submitting node, in a local engine whose workers only schedule (see
 * {@link io.multisystem.parallel.task.BodyRunner}): dependencies, priorities, timeouts, retries and checkpoint
 * look-ups work exactly as locally, and each ready body becomes one Ignite job. Checkpoints go to the cluster's
 * replicated cache. Task bodies, their arguments and results must be {@link Serializable}; a body that captured this
 * engine gets the node-local engine on the node that runs it ({@link NodeEngines}). Closing the engine stops
 * scheduling; the cluster stays up (it belongs to {@link IgniteCluster}).
 */
public final class ClusterTaskEngine implements TaskEngine, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient IgniteCluster cluster;
    private final transient TaskEngine scheduler;
    private final transient IgniteBodyRunner runner;

    ClusterTaskEngine(IgniteCluster cluster, TaskEngine scheduler, IgniteBodyRunner runner) {
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.runner = runner;
    }

    @Override
    public <R> Ref<R> submit(Task<R> task, Object... args) {
        return scheduler.submit(task, args);
    }

    @Override
    public EngineStats stats() {
        return scheduler.stats();
    }

    /** One entry per server node of the cluster. */
    @Override
    public List<WorkerInfo> workers() {
        return cluster.nodes();
    }

    /** How many ready tasks the submitting node dispatches at once (the cluster runs many more bodies). */
    @Override
    public int parallelism() {
        return scheduler.parallelism();
    }

    /** Jobs the submitting node stole from busier nodes so far (Ignite counts steals per thief). */
    @Override
    public long steals() {
        return cluster.stolenJobs();
    }

    @Override
    public void close() {
        try {
            scheduler.close();
        } finally {
            runner.close();
        }
    }

    @Serial
    private Object writeReplace() {
        return new NodeEngines.Handle();
    }
}
