package io.multisystem.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock that moves only when told to. Thread-safe. Inject it wherever production code takes a {@link Clock}. */
public final class FakeClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    public FakeClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private FakeClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start);
        this.zone = zone;
    }

    /** A clock at 2026-01-01T00:00:00Z. */
    public static FakeClock atEpochOfTests() {
        return new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a fake clock only moves forward; use set() to go back");
        }
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = Objects.requireNonNull(instant);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new FakeClock(now, newZone);
    }
}
