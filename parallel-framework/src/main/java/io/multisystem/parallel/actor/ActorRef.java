package io.multisystem.parallel.actor;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The address of an actor with a typed, bounded mailbox. Sending to a full mailbox is where backpressure happens:
 * {@link #tell} waits for room, {@link #offer} waits at most a given time and says whether the message went in.
 *
 * @param <M> the message type
 */
public interface ActorRef<M> {
    String name();

    /**
     * Puts {@code message} in the mailbox, waiting while it is full. The wait ends when room appears or when the actor
     * stops (or its system closes) meanwhile, so a sender is never left blocked on a dead actor; use {@link #offer} for
     * a wait with a deadline.
     *
     * @throws io.multisystem.core.error.FailedPreconditionException with code {@code ACTOR_STOPPED} if the actor has
     *     stopped, before or during the wait
     */
    void tell(M message) throws InterruptedException;

    /** Puts {@code message} in the mailbox if room appears within {@code timeout}; false if it did not. */
    boolean offer(M message, Duration timeout) throws InterruptedException;

    /**
     * Request-reply: builds a message carrying a one-shot reply address, sends it and completes with the first reply,
     * or exceptionally with code {@code ASK_TIMED_OUT} after {@code timeout}.
     */
    <R> CompletionStage<R> ask(Function<ActorRef<R>, M> request, Duration timeout) throws InterruptedException;

    /** Messages waiting in the mailbox now. */
    int queued();

    boolean isStopped();
}
