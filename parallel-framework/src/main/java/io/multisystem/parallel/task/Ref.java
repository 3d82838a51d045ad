package io.multisystem.parallel.task;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A handle to the future result of a task submitted to a {@link TaskEngine}. Passing a {@code Ref} as an argument of
 * another {@link TaskEngine#submit submit} call makes that task depend on this one: it starts only once this result is
 * ready, and no thread blocks while it waits.
 *
 * <p>Thread-safe: every method may be called from any thread, any number of times.
 *
 * @param <T> the result type
 */
public interface Ref<T> {

    /** A label naming the task in error messages and paths, {@code functionId#sequence} (e.g. {@code square#3}). */
    String label();

    /**
     * Waits without bound for the result. Do not call this from inside a task: return the {@code Ref} (or pass it on
     * as an argument) instead, so the engine can schedule without blocking a worker.
     *
     * @throws TaskFailedException if the task or one of its inputs failed, timed out or was cancelled; the exception's
     *     {@link TaskFailedException#path() path} names every task from this one back to the origin of the failure
     */
    T get();

    /**
     * Waits at most {@code timeout} for the result. The task keeps running when the wait times out.
     *
     * @throws TaskFailedException as {@link #get()}
     * @throws io.multisystem.core.error.PlatformException with code {@code RESULT_NOT_READY} (kind
     *     {@code DEADLINE_EXCEEDED}) when the result is not ready within {@code timeout}
     * @throws io.multisystem.core.error.InvalidInputException if {@code timeout} is null or negative
     */
    T get(Duration timeout);

    /**
     * Cancels the task. A task that has not started never starts; its dependents that have not started are
     * cancelled too (they fail with code {@code TASK_CANCELLED}). A running task is interrupted and its result
     * discarded. Has no effect on a finished task.
     *
     * @return true if this call cancelled the task, false if it had already finished (successfully or not)
     */
    boolean cancel();

    /** True once the task finished in any way: success, failure, timeout or cancellation. */
    boolean isDone();

    /** A read-only view of the result for asynchronous callers; failures surface as {@link TaskFailedException}. */
    CompletionStage<T> asStage();
}
