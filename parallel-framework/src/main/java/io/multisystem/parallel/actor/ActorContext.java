package io.multisystem.parallel.actor;

/** What a running actor may use: its own ref (to hand out for replies), the system (to spawn), and stopping. */
public interface ActorContext<M> {
    ActorRef<M> self();

    ActorSystem system();

    /** Stops this actor after the current message; messages still queued are dropped and counted. */
    void stop();
}
