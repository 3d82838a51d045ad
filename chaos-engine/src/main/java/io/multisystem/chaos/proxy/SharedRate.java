package io.multisystem.chaos.proxy;

/**
 * A pacer shared by every link a proxy_bandwidth toxic applies to: each reservation of {@code n} bytes starts when
 * the previous one ends (or now, if the pacer is idle; a lag of at most {@link ToxicStages#BURST_CREDIT_NANOS} is
 * made up), so the links together never exceed the rate. Thread-safe:
 * links on different I/O threads reserve concurrently.
 */
final class SharedRate {
    private final long bytesPerSecond;
    private long nextFree = Long.MIN_VALUE;
    private boolean idle = true;

    SharedRate(long rateKb) {
        this.bytesPerSecond = rateKb * 1024;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Reserves transmission of {@code bytes} bytes ready at {@code readyAt}; returns when it may start. */
    synchronized long reserve(long readyAt, long bytes) {
        long earliest = readyAt - ToxicStages.BURST_CREDIT_NANOS;
        long start = idle ? readyAt : Math.max(earliest, nextFree);
        idle = false;
        nextFree = start + ToxicStages.transmitNanos(bytes, bytesPerSecond);
        return start;
    }
}
