package io.multisystem.parallel.runs;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.parallel.task.ReplayLog;
import io.multisystem.parallel.task.ReplayRecorder;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.WorkerInfo;
import java.util.List;

/** Where a {@link JobManager} runs its jobs: a fresh local engine per job, or an engine on a cluster. */
public interface EngineFactory {

    /** A new engine for one job; the manager closes it when the job ends. */
    TaskEngine create(int workers);

    /**
     * A new engine that records into {@code recorder} or replays {@code replay} (exactly one is non-null).
     *
     * @throws FailedPreconditionException with code {@code REPLAY_NEEDS_LOCAL_ENGINE} where jobs do not run on a
     *     local engine (cluster mode)
     */
    default TaskEngine createTraced(int workers, ReplayRecorder recorder, ReplayLog replay) {
        throw new FailedPreconditionException(TaskEngine.COMPONENT, "REPLAY_NEEDS_LOCAL_ENGINE",
                "record and replay run jobs on the local engine, but this one runs them in " + mode()
                        + " mode; record with 'parallel-framework run JOB --record FILE' without --cluster");
    }

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
            public TaskEngine createTraced(int workers, ReplayRecorder recorder, ReplayLog replay) {
                TaskEngine.Builder builder = TaskEngine.builder().parallelism(workers);
                return (recorder != null ? builder.record(recorder) : builder.replay(replay)).build();
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
