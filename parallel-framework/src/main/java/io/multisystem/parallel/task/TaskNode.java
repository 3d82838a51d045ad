package io.multisystem.parallel.task;

import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One vertex of the task graph. State moves WAITING (inputs pending) -> QUEUED -> RUNNING -> DONE, or to DONE
 * directly on cancellation or input failure; a retry moves RUNNING back to QUEUED. The {@link CompletableFuture} is
 * the single source of truth for the outcome: whoever completes it first wins, later completions are ignored.
 */
final class TaskNode<T> implements Ref<T> {
    static final int WAITING = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int DONE = 3;

    final ForkJoinTaskEngine engine;
    final Task<T> task;
    final long sequence;
    final Object[] args;
    final int inputCount;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private volatile int state;
    private volatile int pendingInputs;
    int attempts;
    /** Submissions made by this task's body so far (recording and replay only; written by the running thread). */
    int submitsMade;
    /** Replay only: the outcome of the current attempt between its recorded start and end (pump thread only). */
    Object heldResult;
    Throwable heldFailure;
    /** The thread running the body, {@link #INTERRUPTING} while a canceller interrupts it, or null. */
    private volatile Object runner;
    private java.util.concurrent.Future<?> remoteCall;
    private static final Object INTERRUPTING = new Object();

    private static final VarHandle STATE;
    private static final VarHandle PENDING_INPUTS;
    private static final VarHandle RUNNER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(TaskNode.class, "state", int.class);
            PENDING_INPUTS = lookup.findVarHandle(TaskNode.class, "pendingInputs", int.class);
            RUNNER = lookup.findVarHandle(TaskNode.class, "runner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    TaskNode(ForkJoinTaskEngine engine, Task<T> task, long sequence, Object[] args, int inputCount) {
        this.engine = engine;
        this.task = task;
        this.sequence = sequence;
        this.args = args;
        this.inputCount = inputCount;
        this.state = WAITING;
        this.pendingInputs = inputCount + 1;
    }

    boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Called once per input plus once by the submitter; the last call makes the node ready. */
    void inputDone(Throwable failure) {
        if (failure != null) {
            if (casState(WAITING, DONE)) {
                engine.recordFailure();
                future.completeExceptionally(TaskNode.failureOf(failure).prependedWith(label()));
            }
            return;
        }
        if ((int) PENDING_INPUTS.getAndAdd(this, -1) == 1 && casState(WAITING, QUEUED)) {
            engine.ready(this);
        }
    }

    boolean tryStart() {
        return casState(QUEUED, RUNNING);
    }

    /** Lock-free (one volatile write): this is on every task's path. */
    void enterRunning(Thread thread) {
        runner = thread;
    }

    /**
     * After this returns no one will interrupt the thread on behalf of this node; a pending interrupt is cleared. One
     * CAS; if a canceller is interrupting the thread right now, waits the few instructions until it is done, so its
     * interrupt cannot land on the thread's next task.
     */
    void leaveRunning() {
        Thread self = Thread.currentThread();
        while (!RUNNER.compareAndSet(this, self, null) && runner != null) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
    }

    synchronized void enterRemote(java.util.concurrent.Future<?> call) {
        remoteCall = call;
    }

    synchronized void leaveRemote() {
        remoteCall = null;
    }

    private void interruptRunner() {
        Object current = runner;
        if (current instanceof Thread thread && RUNNER.compareAndSet(this, thread, INTERRUPTING)) {
            try {
                thread.interrupt();
            } finally {
                runner = thread;
            }
        }
        synchronized (this) {
            if (remoteCall != null) {
                remoteCall.cancel(true);
            }
        }
    }

    void succeed(Object value) {
        state = DONE;
        @SuppressWarnings("unchecked") T result = (T) value;
        future.complete(result);
    }

    void fail(TaskFailedException failure) {
        state = DONE;
        if (future.completeExceptionally(failure)) {
            engine.recordFailure();
        }
    }

    void timeOut(Duration limit) {
        if (!future.isDone()) {
            fail(new TaskFailedException(ErrorKind.DEADLINE_EXCEEDED, "TASK_TIMED_OUT", List.of(label()),
                    "timed out after " + limit + "; raise Task.withTimeout or split the task", null));
            interruptRunner();
        }
    }

    @Override
    public boolean cancel() {
        while (true) {
            int current = state;
            if (current == DONE) {
                return false;
            }
            if (casState(current, DONE)) {
                boolean cancelled = future.completeExceptionally(new TaskFailedException(ErrorKind.ABORTED,
                        "TASK_CANCELLED", List.of(label()), current == RUNNING ? "cancelled while running"
                                : "cancelled before it started", null));
                if (cancelled) {
                    engine.recordFailure();
                }
                if (current == RUNNING) {
                    interruptRunner();
                }
                return cancelled;
            }
        }
    }

    /** Built on demand: formatting a label per task would cost more than scheduling it. */
    @Override
    public String label() {
        return task.id() + "#" + sequence;
    }

    @Override
    public T get() {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interruptedWaiting();
        } catch (ExecutionException e) {
            throw failureOf(e.getCause(), label());
        } catch (CancellationException e) {
            throw failureOf(e, label());
        }
    }

    @Override
    public T get(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_TIMEOUT",
                    "get timeout must be zero or positive, was " + timeout);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interruptedWaiting();
        } catch (ExecutionException e) {
            throw failureOf(e.getCause(), label());
        } catch (TimeoutException e) {
            throw new PlatformException(ErrorKind.DEADLINE_EXCEEDED, TaskEngine.COMPONENT, "RESULT_NOT_READY",
                    Severity.OPERATIONAL, "result of task " + label() + " not ready within " + timeout
                    + "; wait longer or cancel it", Map.of("task", label()), null);
        }
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public CompletionStage<T> asStage() {
        return future.exceptionallyCompose(e -> CompletableFuture.failedStage(failureOf(e, label())))
                .minimalCompletionStage();
    }

    @Override
    public String toString() {
        return "Ref[" + label() + "]";
    }

    private PlatformException interruptedWaiting() {
        return new PlatformException(ErrorKind.ABORTED, TaskEngine.COMPONENT, "WAIT_INTERRUPTED",
                Severity.OPERATIONAL, "interrupted while waiting for task " + label(), Map.of("task", label()), null);
    }

    static TaskFailedException failureOf(Throwable failure) {
        return failureOf(failure, "unknown");
    }

    /** The task failure inside {@code failure}; a foreign exception (a bug) is attributed to {@code label}. */
    static TaskFailedException failureOf(Throwable failure, String label) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TaskFailedException taskFailure) {
            return taskFailure;
        }
        return TaskFailedException.failed(label, cause);
    }
}
