package io.multisystem.chaos.proxy;

import java.util.random.RandomGenerator;

/** What a toxic stage may do to the link it runs on. Used on the link's I/O thread only. */
interface StageContext {
    /** The current time, System.nanoTime. */
    long now();

    /** Runs {@code action} at {@code deadline} unless the timer is cancelled or the connection is closed first. */
    EventLoop.Timer schedule(long deadline, Runnable action);

    /** Closes the whole connection now; with {@code reset}, both sockets are closed with SO_LINGER 0 (TCP RST). */
    void terminate(boolean reset);

    /** Randomness for jitter and slice sizes, seeded from the engine's seed. */
    RandomGenerator random();
}
