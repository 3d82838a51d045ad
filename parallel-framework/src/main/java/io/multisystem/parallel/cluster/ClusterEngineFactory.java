package io.multisystem.parallel.cluster;

import io.multisystem.parallel.runs.EngineFactory;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.WorkerInfo;
import java.util.List;

/** Runs every job of a {@link io.multisystem.parallel.runs.JobManager} on the cluster {@code cluster} belongs to. */
public final class ClusterEngineFactory implements EngineFactory {
    private final IgniteCluster cluster;

    public ClusterEngineFactory(IgniteCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public TaskEngine create(int workers) {
        return cluster.engine(workers);
    }

    @Override
    public String mode() {
        return "cluster";
    }

    @Override
    public List<WorkerInfo> standingWorkers() {
        return cluster.nodes();
    }
}
