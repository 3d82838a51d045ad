package io.multisystem.ledger.detect;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CrowdSec's {@code leaky} (and, with capacity 0, {@code trigger}) bucket, grouped by a key, on event time.
 *
 * <p>Design: one small mutable state per group key in a hash map: the fill level and the time it was last
 * updated. Adding an event first drains {@code (t - last) / leakspeed} units, then adds one; the bucket overflows
 * when the level exceeds {@code capacity}. After an overflow the key is "blackholed" for {@code blackhole} (further
 * events are ignored, as CrowdSec does) and the bucket restarts empty. Everything is a function of event times,
 * so a replay gives the same overflows; the cost per event is one hash lookup and a few arithmetic operations.
 */
public final class LeakyBucket {
    private static final class State {
        double level;
        long last;
        long blackholedUntil = Long.MIN_VALUE;
    }

    private final String name;
    private final int capacity;
    private final long leakMillis;
    private final long blackholeMillis;
    private final Function<Event, String> groupBy;
    private final Map<String, State> buckets = new HashMap<>();
    private long overflows;

    public LeakyBucket(String name, int capacity, Duration leakSpeed, Duration blackhole, Function<Event, String> groupBy) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.name = name;
        this.capacity = capacity;
        this.leakMillis = Math.max(1, leakSpeed.toMillis());
        this.blackholeMillis = blackhole.toMillis();
        this.groupBy = groupBy;
    }

    public String name() {
        return name;
    }

    /** Adds an event; returns the group key if this event made the bucket overflow, else null. */
    public String add(Event e) {
        String key = groupBy.apply(e);
        return add(key, e.time().toEpochMilli());
    }

    /** Adds one unit to bucket {@code key} at {@code timeMillis}; returns key on overflow, else null. */
    public String add(String key, long timeMillis) {
        State s = buckets.get(key);
        if (s == null) {
            s = new State();
            s.last = timeMillis;
            buckets.put(key, s);
        }
        if (timeMillis < s.blackholedUntil) {
            return null;
        }
        if (timeMillis > s.last) {
            s.level = Math.max(0, s.level - (double) (timeMillis - s.last) / leakMillis);
            s.last = timeMillis;
        }
        s.level += 1;
        if (s.level > capacity) {
            s.level = 0;
            s.blackholedUntil = timeMillis + blackholeMillis;
            overflows++;
            return key;
        }
        return null;
    }

    public int buckets() {
        return buckets.size();
    }

    public long overflows() {
        return overflows;
    }
}
