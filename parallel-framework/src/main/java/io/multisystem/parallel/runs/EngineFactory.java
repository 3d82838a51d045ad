package io.multisystem.parallel.runs;

import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.WorkerInfo;
import java.util.List;

/** Where a {@link JobManager} runs its jobs: a fresh local engine per job, or an engine on a cluster. */
public interface EngineFactory {

    /** A new engine for one job; the manager closes it when the job ends. */
    TaskEngine create(int workers);

    /** {@code local} or {@code cluster}, as reported by ListWorkers. */
    String mode();

    /**
     * The execution resources independent of running jobs (one entry per cluster node), or empty when workers exist
     * only while jobs run (local engines' threads).
     */
    List<WorkerInfo> standingWorkers();

    /** A local work-stealing engine per job. */
    static EngineFactory local() {
        return new EngineFactory() {
            @Override
            public TaskEngine create(int workers) {
                return TaskEngine.builder().parallelism(workers).build();
            }

            @Override
            public String mode() {
                return "local";
            }

            @Override
            public List<WorkerInfo> standingWorkers() {
                return List.of();
            }
        };
    }
}
