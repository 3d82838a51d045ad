package io.multisystem.parallel.task;

/**
 * Scheduling priority of a task. When more tasks are ready than there are idle workers, a ready task of a higher
 * priority starts before any ready task of a lower priority; tasks of equal priority start in the order they became
 * ready. Priority never pre-empts a running task and is ignored for tiny tasks that the engine runs inline.
 */
public enum Priority {
    HIGH,
    NORMAL,
    LOW
}
