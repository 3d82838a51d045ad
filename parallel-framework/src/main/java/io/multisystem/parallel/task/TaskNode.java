package io.multisystem.parallel.task;

import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * directly on cancellation or input failure; a retry moves RUNNING back to QUEUED.
 *
 * <p>Design note. The node is its own lightweight result cell: one volatile {@code outcome} (null while pending, the
 * value, {@link #NULL_VALUE} for a null result, or a {@link Failed} holding the {@link TaskFailedException}) written
 * by a single CAS, so whoever completes first wins and later completions are ignored. Dependents are notified through
 * an intrusive Treiber stack of {@link Listener}s: an input edge or a "flatten" edge costs one small object and one CAS
 * to register, and completion swaps the stack for a {@code CLOSED} marker and fires it; a listener added after that
 * fires at once. No {@link CompletableFuture} is created unless a caller blocks in {@link #get} or asks for
 * {@link #asStage()}. Firing recurses only {@value #MAX_FIRE_DEPTH} levels deep per thread; deeper completions are
 * deferred to the outermost firing frame (a trampoline), so long chains of refs cannot overflow the stack.
 */
final class TaskNode<T> implements Ref<T> {
    static final int WAITING = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int DONE = 3;
    private static final int MAX_FIRE_DEPTH = 32;
    /** The outcome of a task that returned null. */
    static final Object NULL_VALUE = new Object();

    /** A failed outcome. */
    record Failed(TaskFailedException failure) {
    }

    /** A callback on completion of a node, linked intrusively into the node's listener stack. */
    abstract static class Listener {
        Listener next;

        /** Called once, after {@code source}'s outcome is set, on the completing thread (or the trampoline). */
        abstract void fire(TaskNode<?> source);
    }

    /** Marks a listener stack that has been fired; nothing is pushed onto it any more. */
    private static final Listener CLOSED = new Listener() {
        @Override
        void fire(TaskNode<?> source) {
        }
    };

    /** The edge from an input to a node that waits for it. */
    private static final class InputEdge extends Listener {
        private final TaskNode<?> dependent;

        InputEdge(TaskNode<?> dependent) {
            this.dependent = dependent;
        }

        @Override
        void fire(TaskNode<?> source) {
            dependent.inputDone(source.failureNow());
        }
    }

    /** Per-thread firing depth and the completions deferred beyond {@link #MAX_FIRE_DEPTH}. */
    static final class Propagation {
        int depth;
        java.util.ArrayDeque<Object> deferred;
    }

    private static final ThreadLocal<Propagation> PROPAGATION = ThreadLocal.withInitial(Propagation::new);

    final ForkJoinTaskEngine engine;
    final Task<T> task;
    final long sequence;
    final Object[] args;
    final int inputCount;
    private volatile Object outcome;
    private volatile Listener listeners;
    private volatile int state;
    private volatile int pendingInputs;
    int attempts;
    /**
     * True while the node runs inline inside its own {@code submit}, before any other thread can reach it (no input
     * edge, no ref handed out): its state and outcome are then written with release stores instead of CAS.
     */
    boolean confined;
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
    private static final VarHandle OUTCOME;
    private static final VarHandle LISTENERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(TaskNode.class, "state", int.class);
            PENDING_INPUTS = lookup.findVarHandle(TaskNode.class, "pendingInputs", int.class);
            RUNNER = lookup.findVarHandle(TaskNode.class, "runner", Object.class);
            OUTCOME = lookup.findVarHandle(TaskNode.class, "outcome", Object.class);
            LISTENERS = lookup.findVarHandle(TaskNode.class, "listeners", Listener.class);
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
        // Plain stores: a volatile store here would cost a full fence per task; the node is published to other
        // threads only through a CAS, a concurrent queue or a fork, all of which order these stores before it.
        STATE.set(this, WAITING);
        PENDING_INPUTS.set(this, inputCount + 1);
    }

    boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Called once per input plus once by the submitter; the last call makes the node ready. */
    void inputDone(Throwable failure) {
        if (failure != null) {
            if (casState(WAITING, DONE) && tryComplete(new Failed(TaskNode.failureOf(failure).prependedWith(label())))) {
                engine.recordFailure();
            }
            return;
        }
        if ((int) PENDING_INPUTS.getAndAdd(this, -1) == 1 && casState(WAITING, QUEUED)) {
            engine.ready(this);
        }
    }

    /** QUEUED -> RUNNING; {@code unpublished}: no other thread can reach the node, a plain store suffices. */
    boolean tryStart(boolean unpublished) {
        if (unpublished) {
            STATE.set(this, RUNNING);
            return true;
        }
        return casState(QUEUED, RUNNING);
    }

    /** All inputs were already done when {@code submit} wired the node: ready, no other thread involved. */
    void readyUnpublished() {
        STATE.set(this, QUEUED);
        PENDING_INPUTS.set(this, 0);
        engine.ready(this, true);
    }

    /** The submitter's count plus {@code n - 1} inputs found already successful at wiring. */
    void inputsDone(int n) {
        if ((int) PENDING_INPUTS.getAndAdd(this, -n) == n && casState(WAITING, QUEUED)) {
            engine.ready(this);
        }
    }

    /** Success of a node no other thread can reach yet (see {@link #confined}): release stores, no CAS. */
    void succeedUnpublished(Object value) {
        if (listeners != null) {
            succeed(value);
            return;
        }
        STATE.setRelease(this, DONE);
        OUTCOME.setRelease(this, value == null ? NULL_VALUE : value);
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
        STATE.setRelease(this, DONE);
        tryComplete(value == null ? NULL_VALUE : value);
    }

    void fail(TaskFailedException failure) {
        state = DONE;
        if (tryComplete(new Failed(failure))) {
            engine.recordFailure();
        }
    }

    /** Sets the outcome unless one is set, then fires the listeners; true if this call set it. */
    private boolean tryComplete(Object result) {
        if (outcome != null || !OUTCOME.compareAndSet(this, null, result)) {
            return false;
        }
        Listener head = (Listener) LISTENERS.getAndSet(this, CLOSED);
        if (head != null && head != CLOSED) {
            fireAll(this, head);
        }
        return true;
    }

    /**
     * Fires {@code head} and the listeners after it. Nested firing goes {@value #MAX_FIRE_DEPTH} levels deep; beyond
     * that the work is queued for the outermost frame on this thread, which runs it after its own listeners.
     */
    private static void fireAll(TaskNode<?> source, Listener head) {
        Propagation p = PROPAGATION.get();
        if (p.depth >= MAX_FIRE_DEPTH) {
            if (p.deferred == null) {
                p.deferred = new java.util.ArrayDeque<>();
            }
            p.deferred.add(source);
            p.deferred.add(head);
            return;
        }
        p.depth++;
        try {
            fireChain(source, head);
            if (p.depth == 1 && p.deferred != null) {
                Object next;
                while ((next = p.deferred.poll()) != null) {
                    fireChain((TaskNode<?>) next, (Listener) p.deferred.poll());
                }
            }
        } finally {
            p.depth--;
        }
    }

    private static void fireChain(TaskNode<?> source, Listener head) {
        // Fire in registration order (the stack holds them newest first).
        Listener reversed = null;
        while (head != null) {
            Listener next = head.next;
            head.next = reversed;
            reversed = head;
            head = next;
        }
        Error fatal = null;
        while (reversed != null) {
            Listener next = reversed.next;
            reversed.next = null;
            try {
                reversed.fire(source);
            } catch (RuntimeException ignored) {
                // As with CompletableFuture callbacks: one failing listener (e.g. a hand-off rejected by a pool that
                // is closing) must neither stop the others nor escape into the completing worker's loop.
            } catch (Error e) {
                if (fatal == null) {
                    fatal = e;
                }
            }
            reversed = next;
        }
        if (fatal != null) {
            throw fatal;
        }
    }

    /** Registers {@code listener}; if the node is already complete, fires it now on this thread. */
    void onComplete(Listener listener) {
        while (true) {
            Listener head = listeners;
            if (head == CLOSED) {
                fireAll(this, listener);
                return;
            }
            listener.next = head;
            if (LISTENERS.compareAndSet(this, head, listener)) {
                return;
            }
        }
    }

    /** Makes {@code dependent} wait for this node (one of its inputs). */
    void addDependent(TaskNode<?> dependent) {
        onComplete(new InputEdge(dependent));
    }

    /** True once an outcome is set. */
    boolean hasOutcome() {
        return outcome != null;
    }

    /** True once the node has succeeded. */
    boolean succeeded() {
        Object o = outcome;
        return o != null && !(o instanceof Failed);
    }

    /** The result of a node that {@link #succeeded()}. */
    Object valueNow() {
        Object o = outcome;
        return o == NULL_VALUE ? null : o;
    }

    /** The failure of a completed node, or null if it succeeded or is still pending. */
    TaskFailedException failureNow() {
        return outcome instanceof Failed failed ? failed.failure() : null;
    }

    void timeOut(Duration limit) {
        if (outcome == null) {
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
                boolean cancelled = tryComplete(new Failed(new TaskFailedException(ErrorKind.ABORTED,
                        "TASK_CANCELLED", List.of(label()), current == RUNNING ? "cancelled while running"
                                : "cancelled before it started", null)));
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
        if (outcome == null) {
            try {
                waiter().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interruptedWaiting();
            } catch (ExecutionException e) {
                throw failureOf(e.getCause(), label());
            }
        }
        return result();
    }

    @Override
    public T get(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_TIMEOUT",
                    "get timeout must be zero or positive, was " + timeout);
        }
        if (outcome == null) {
            try {
                waiter().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
        return result();
    }

    /** A future completed (with null) once this node has an outcome; made only for callers that block. */
    private CompletableFuture<Void> waiter() {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        onComplete(new Listener() {
            @Override
            void fire(TaskNode<?> source) {
                signal.complete(null);
            }
        });
        return signal;
    }

    @SuppressWarnings("unchecked")
    private T result() {
        Object o = outcome;
        if (o instanceof Failed failed) {
            throw failed.failure();
        }
        return o == NULL_VALUE ? null : (T) o;
    }

    @Override
    public boolean isDone() {
        return outcome != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<T> asStage() {
        CompletableFuture<T> stage = new CompletableFuture<>();
        onComplete(new Listener() {
            @Override
            void fire(TaskNode<?> source) {
                TaskFailedException failure = source.failureNow();
                if (failure != null) {
                    stage.completeExceptionally(failure);
                } else {
                    stage.complete((T) source.valueNow());
                }
            }
        });
        return stage.minimalCompletionStage();
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
