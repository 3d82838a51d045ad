package io.multisystem.parallel.actor;

/** What happens when a behaviour throws. */
public enum Supervision {
    /** The actor stops; later sends fail with ACTOR_STOPPED. */
    STOP,
    /** The failing message is dropped and the actor goes on with the same behaviour and state. */
    RESUME,
    /** The actor gets a fresh behaviour from its factory (its state is reset) and goes on with the next message. */
    RESTART
}
