package io.multisystem.chaos.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FaultProxyEngine} runs.
 *
 * @param ioThreads          event-loop threads shared by every proxy (at least 1)
 * @param defaultToxicExpiry expiry given to toxics created without one; {@link Duration#ZERO} for none
 * @param clock              wall clock for expiry instants
 * @param randomSeed         seed of the randomness used for toxicity, jitter and slicer sizes (reproducible runs)
 */
public record FaultProxyOptions(int ioThreads, Duration defaultToxicExpiry, Clock clock, long randomSeed) {
    /**
     * @throws IllegalArgumentException if {@code ioThreads < 1} or the default expiry is negative
     */
    public FaultProxyOptions {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be >= 1, was " + ioThreads);
        }
        Objects.requireNonNull(defaultToxicExpiry, "defaultToxicExpiry");
        if (defaultToxicExpiry.isNegative()) {
            throw new IllegalArgumentException("defaultToxicExpiry must be >= 0, was " + defaultToxicExpiry);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** One I/O thread per two cores (at least one), no default expiry, the system clock, a time-based seed. */
    public static FaultProxyOptions defaults() {
        return new FaultProxyOptions(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), Duration.ZERO,
                Clock.systemUTC(), System.nanoTime());
    }

    public FaultProxyOptions withIoThreads(int threads) {
        return new FaultProxyOptions(threads, defaultToxicExpiry, clock, randomSeed);
    }

    public FaultProxyOptions withDefaultToxicExpiry(Duration expiry) {
        return new FaultProxyOptions(ioThreads, expiry, clock, randomSeed);
    }

    public FaultProxyOptions withClock(Clock newClock) {
        return new FaultProxyOptions(ioThreads, defaultToxicExpiry, newClock, randomSeed);
    }

    public FaultProxyOptions withRandomSeed(long seed) {
        return new FaultProxyOptions(ioThreads, defaultToxicExpiry, clock, seed);
    }
}
