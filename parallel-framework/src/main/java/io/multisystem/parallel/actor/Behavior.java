package io.multisystem.parallel.actor;

/**
 * What an actor does with a message. Called by one thread at a time per actor, so an actor's own fields need no
 * locking; it must not block for long (it holds a worker of the shared pool while it runs).
 *
 * @param <M> the message type
 */
@FunctionalInterface
public interface Behavior<M> {
    void receive(ActorContext<M> context, M message) throws Exception;
}
