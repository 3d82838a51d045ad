package io.multisystem.parallel.task;

/**
 * Counters of an engine's work since it was built.
 *
 * @param submitted tasks submitted
 * @param executed body executions, retries included, checkpoint hits excluded
 * @param inlined executions run inline because the task was tiny
 * @param checkpointHits tasks completed from a stored checkpoint without running
 * @param checkpointWrites results written to the checkpoint store
 * @param retries attempts re-queued after a transient failure
 * @param failed tasks that finished with a failure (timeouts and cancellations included)
 */
public record EngineStats(long submitted, long executed, long inlined, long checkpointHits, long checkpointWrites,
                          long retries, long failed) {
}
