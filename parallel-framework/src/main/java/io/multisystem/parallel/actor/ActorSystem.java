package io.multisystem.parallel.actor;

import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.parallel.task.TaskEngine;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Actors on a shared work-stealing pool: each actor has a bounded FIFO mailbox and processes one message at a time.
 *
 * <p>Design note: an actor is scheduled on the pool only while its mailbox is non-empty; an atomic "scheduled" flag
 * guarantees at most one drain per actor at any moment (so behaviours need no locks), and a drain handles at most
 * {@code THROUGHPUT} messages before yielding the worker, so one busy actor cannot starve the others (Akka's
 * dispatcher throughput). Bounded mailboxes make senders wait instead of queueing without limit: that is the
 * backpressure the issue asks for. A failure in a behaviour is handled by the actor's {@link Supervision}.
 */
public final class ActorSystem implements AutoCloseable {
    private static final int THROUGHPUT = 64;

    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final Map<String, Actor<?>> actors = new ConcurrentHashMap<>();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong replySequence = new AtomicLong();

    public ActorSystem(int parallelism) {
        if (parallelism < 1 || parallelism > 32_767) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_PARALLELISM",
                    "parallelism must be between 1 and 32767 workers, was " + parallelism);
        }
        this.pool = new ForkJoinPool(parallelism, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "actor-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /**
     * Starts an actor.
     *
     * @throws InvalidInputException with code {@code INVALID_MAILBOX} unless {@code mailboxCapacity >= 1}
     * @throws io.multisystem.core.error.AlreadyExistsException with code {@code ACTOR_EXISTS} if a live actor has
     *     this name
     */
    public <M> ActorRef<M> spawn(String name, int mailboxCapacity, Supplier<? extends Behavior<M>> behaviorFactory,
                                 Supervision supervision) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(behaviorFactory, "behaviorFactory");
        Objects.requireNonNull(supervision, "supervision");
        if (mailboxCapacity < 1) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_MAILBOX",
                    "mailbox capacity must be at least 1, was " + mailboxCapacity);
        }
        Actor<M> actor = new Actor<>(name, mailboxCapacity, behaviorFactory, supervision);
        Actor<?> previous = actors.putIfAbsent(name, actor);
        if (previous != null && !previous.isStopped()) {
            throw new io.multisystem.core.error.AlreadyExistsException(TaskEngine.COMPONENT, "ACTOR_EXISTS",
                    "an actor named '" + name + "' is already running; pick another name or stop it first");
        }
        if (previous != null) {
            actors.put(name, actor);
        }
        return actor;
    }

    /** An actor with one behaviour instance that stops on failure. */
    public <M> ActorRef<M> spawn(String name, int mailboxCapacity, Behavior<M> behavior) {
        return spawn(name, mailboxCapacity, () -> behavior, Supervision.STOP);
    }

    /** Messages handled by all actors so far. */
    public long processed() {
        return processed.get();
    }

    /** Behaviour failures so far. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        actors.values().forEach(Actor::stopNow);
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private final class Actor<M> implements ActorRef<M>, ActorContext<M>, Runnable {
        private final String name;
        private final ArrayBlockingQueue<M> mailbox;
        private final Supplier<? extends Behavior<M>> factory;
        private final Supervision supervision;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean stopped;
        private Behavior<M> behavior;

        Actor(String name, int capacity, Supplier<? extends Behavior<M>> factory, Supervision supervision) {
            this.name = name;
            this.mailbox = new ArrayBlockingQueue<>(capacity);
            this.factory = factory;
            this.supervision = supervision;
            this.behavior = Objects.requireNonNull(factory.get(), "behaviour factory returned null");
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void tell(M message) throws InterruptedException {
            Objects.requireNonNull(message, "message");
            requireRunning();
            // Waiting on a full mailbox from inside a pool worker must not starve the pool: managedBlock lets the
            // ForkJoinPool add a compensating worker while this one waits.
            ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                boolean done;

                @Override
                public boolean block() throws InterruptedException {
                    // Wait in slices rather than in one put: an actor stopped (or a system closed) while a sender
                    // waits for room must release the sender instead of leaving it blocked forever.
                    while (!done) {
                        requireRunning();
                        done = mailbox.offer(message, 100, TimeUnit.MILLISECONDS);
                    }
                    return true;
                }

                @Override
                public boolean isReleasable() {
                    return done || (done = mailbox.offer(message));
                }
            });
            // Stopping clears the mailbox, which may have let this message in just before: it will never be handled.
            requireRunning();
            schedule();
        }

        @Override
        public boolean offer(M message, Duration timeout) throws InterruptedException {
            Objects.requireNonNull(message, "message");
            requireRunning();
            boolean accepted = mailbox.offer(message, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (accepted) {
                schedule();
            }
            return accepted;
        }

        @Override
        public <R> CompletionStage<R> ask(Function<ActorRef<R>, M> request, Duration timeout)
                throws InterruptedException {
            CompletableFuture<R> reply = new CompletableFuture<>();
            ActorRef<R> replyTo = new ReplyRef<>(name + "/reply-" + replySequence.incrementAndGet(), reply);
            var deadline = timer.schedule(() -> reply.completeExceptionally(new PlatformException(
                    ErrorKind.DEADLINE_EXCEEDED, TaskEngine.COMPONENT, "ASK_TIMED_OUT", Severity.OPERATIONAL,
                    "actor " + name + " did not reply within " + timeout, Map.of(), null)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            reply.whenComplete((r, e) -> deadline.cancel(false));
            tell(request.apply(replyTo));
            return reply;
        }

        @Override
        public int queued() {
            return mailbox.size();
        }

        @Override
        public boolean isStopped() {
            return stopped;
        }

        @Override
        public ActorRef<M> self() {
            return this;
        }

        @Override
        public ActorSystem system() {
            return ActorSystem.this;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        void stopNow() {
            stopped = true;
            mailbox.clear();
        }

        private void requireRunning() {
            if (stopped) {
                throw new FailedPreconditionException(TaskEngine.COMPONENT, "ACTOR_STOPPED",
                        "actor " + name + " has stopped and takes no more messages");
            }
        }

        private void schedule() {
            if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) {
                try {
                    pool.execute(this);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    scheduled.set(false);
                }
            }
        }

        /** One drain: at most THROUGHPUT messages, then yield the worker and reschedule if more are waiting. */
        @Override
        public void run() {
            try {
                for (int i = 0; i < THROUGHPUT && !stopped; i++) {
                    M message = mailbox.poll();
                    if (message == null) {
                        break;
                    }
                    try {
                        behavior.receive(this, message);
                        processed.incrementAndGet();
                    } catch (Exception | LinkageError | AssertionError failure) {
                        failures.incrementAndGet();
                        switch (supervision) {
                            case STOP -> stopNow();
                            case RESTART -> behavior = Objects.requireNonNull(factory.get(),
                                    "behaviour factory returned null");
                            case RESUME -> {
                            }
                        }
                    }
                }
                if (stopped) {
                    mailbox.clear();
                }
            } finally {
                scheduled.set(false);
            }
            if (!stopped) {
                schedule();
            }
        }
    }

    /** A one-shot reply address: the first message completes the asker's future, later ones are ignored. */
    private record ReplyRef<R>(String name, CompletableFuture<R> reply) implements ActorRef<R> {
        @Override
        public void tell(R message) {
            reply.complete(message);
        }

        @Override
        public boolean offer(R message, Duration timeout) {
            return reply.complete(message);
        }

        @Override
        public <Q> CompletionStage<Q> ask(Function<ActorRef<Q>, R> request, Duration timeout) {
            throw new FailedPreconditionException(TaskEngine.COMPONENT, "ASK_ON_REPLY",
                    "a reply address " + name + " cannot be asked; it accepts one reply");
        }

        @Override
        public int queued() {
            return 0;
        }

        @Override
        public boolean isStopped() {
            return reply.isDone();
        }
    }
}
