package io.multisystem.parallel.task;

/**
 * One worker of an engine.
 *
 * @param name the worker's thread name, or a cluster node's id
 * @param busy whether it is running a task body now
 * @param executed task bodies it has run so far
 */
public record WorkerInfo(String name, boolean busy, long executed) {
}
