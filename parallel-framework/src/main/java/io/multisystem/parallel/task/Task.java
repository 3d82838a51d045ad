package io.multisystem.parallel.task;

import io.multisystem.core.error.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable description of a task: a stable function id, its body and how to run it (priority, timeout, retries,
 * checkpointing). The same {@code Task} may be submitted any number of times with different arguments.
 *
 * <p>The id must be stable across runs and unique per behaviour: it is part of the checkpoint key, so two tasks with
 * the same id and the same inputs are assumed to produce the same result. Change the id (e.g. append a version) when
 * the body changes.
 *
 * <p>Thread-safe. Each {@code Task} also keeps a running estimate of its cost, shared by the copies made with the
 * {@code with*} methods, which the engine uses to run tiny tasks inline.
 *
 * @param <R> the result type
 */
public final class Task<R> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern ID_FORMAT = Pattern.compile("[A-Za-z0-9_.:/-]{1,200}");

    /** Body with one typed argument. */
    @FunctionalInterface
    public interface Fn1<A, R> extends java.io.Serializable {
        R apply(A a) throws Exception;
    }

    /** Body with two typed arguments. */
    @FunctionalInterface
    public interface Fn2<A, B, R> extends java.io.Serializable {
        R apply(A a, B b) throws Exception;
    }

    private final String id;
    private final TaskFunction<R> function;
    private final Priority priority;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final boolean checkpointed;
    final CostEstimate cost;

    private Task(String id, TaskFunction<R> function, Priority priority, Duration timeout, RetryPolicy retryPolicy,
                 boolean checkpointed, CostEstimate cost) {
        this.id = id;
        this.function = function;
        this.priority = priority;
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
        this.checkpointed = checkpointed;
        this.cost = cost;
    }

    /**
     * A task whose body receives the raw argument array.
     *
     * @throws InvalidInputException with code {@code INVALID_TASK_ID} if {@code id} is not 1-200 characters of
     *     {@code [A-Za-z0-9_.:/-]}
     */
    public static <R> Task<R> of(String id, TaskFunction<R> function) {
        return new Task<>(requireId(id), Objects.requireNonNull(function, "function"), Priority.NORMAL, null,
                RetryPolicy.NONE, false, new CostEstimate());
    }

    /** A task of one argument; submitting it with a different number of arguments fails the task. */
    @SuppressWarnings("unchecked")
    public static <A, R> Task<R> of1(String id, Fn1<A, R> body) {
        Objects.requireNonNull(body, "body");
        return of(id, args -> {
            requireArity(id, args, 1);
            return body.apply((A) args[0]);
        });
    }

    /** A task of two arguments; submitting it with a different number of arguments fails the task. */
    @SuppressWarnings("unchecked")
    public static <A, B, R> Task<R> of2(String id, Fn2<A, B, R> body) {
        Objects.requireNonNull(body, "body");
        return of(id, args -> {
            requireArity(id, args, 2);
            return body.apply((A) args[0], (B) args[1]);
        });
    }

    public String id() {
        return id;
    }

    TaskFunction<R> function() {
        return function;
    }

    public Priority priority() {
        return priority;
    }

    /** The per-attempt timeout, or null for none. */
    public Duration timeout() {
        return timeout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public boolean isCheckpointed() {
        return checkpointed;
    }

    public Task<R> withPriority(Priority newPriority) {
        return new Task<>(id, function, Objects.requireNonNull(newPriority, "priority"), timeout, retryPolicy,
                checkpointed, cost);
    }

    /**
     * Fails each attempt that runs longer than {@code limit} with code {@code TASK_TIMED_OUT}; the running body is
     * interrupted. Timed-out attempts are not retried.
     *
     * @throws InvalidInputException with code {@code INVALID_TIMEOUT} if {@code limit} is not positive
     */
    public Task<R> withTimeout(Duration limit) {
        if (limit == null || limit.isZero() || limit.isNegative()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_TIMEOUT",
                    "task timeout must be a positive duration, was " + limit);
        }
        return new Task<>(id, function, priority, limit, retryPolicy, checkpointed, cost);
    }

    public Task<R> withRetry(RetryPolicy policy) {
        return new Task<>(id, function, priority, timeout, Objects.requireNonNull(policy, "policy"), checkpointed,
                cost);
    }

    /**
     * Stores each result in the engine's checkpoint store under SHA-256(id, serialised inputs) and reuses a stored
     * result instead of running the body. Inputs and result must be {@link java.io.Serializable}; otherwise the task
     * fails with code {@code NOT_SERIALIZABLE} naming the class. Has no effect on an engine without a store.
     */
    public Task<R> checkpointed() {
        return new Task<>(id, function, priority, timeout, retryPolicy, true, cost);
    }

    @Override
    public String toString() {
        return "Task[" + id + "]";
    }

    private static String requireId(String id) {
        if (id == null || !ID_FORMAT.matcher(id).matches()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_TASK_ID",
                    "task id must be 1-200 characters of letters, digits and _.:/- , was '" + id + "'");
        }
        return id;
    }

    private static void requireArity(String id, Object[] args, int expected) {
        if (args.length != expected) {
            throw new IllegalArgumentException("task " + id + " takes " + expected + " argument(s), was given "
                    + args.length);
        }
    }
}
