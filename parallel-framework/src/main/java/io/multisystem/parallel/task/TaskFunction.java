package io.multisystem.parallel.task;

/**
 * The body of a task. It receives the submitted arguments with every {@link Ref} replaced by that task's result.
 * It may return a plain value or a {@link Ref} of another task; a returned {@code Ref} is flattened, so the task's
 * own {@code Ref} completes with that task's result (this is how recursive jobs such as fib spawn sub-tasks without
 * blocking).
 *
 * <p>It is {@link java.io.Serializable} so that a cluster engine can ship it to another node: a lambda body then
 * serialises when everything it captures does.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface TaskFunction<R> extends java.io.Serializable {
    Object apply(Object[] args) throws Exception;
}
