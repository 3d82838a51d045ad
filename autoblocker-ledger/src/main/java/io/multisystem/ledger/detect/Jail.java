package io.multisystem.ledger.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fail2ban jail semantics on event time: a source that fails {@code maxretry} times within {@code findtime} is
 * banned for {@code bantime}; with {@code bantime.increment} each further ban of the same source lasts
 * {@code bantime * factor * 2^(bans so far)} (fail2ban's default formula), capped at {@code maxtime}.
 *
 * <p>Design: per source, a deque of failure times (only the last {@code maxretry} are kept, so memory is bounded by
 * sources x maxretry) and a ban counter. Because only event times are used, replaying the same events gives the
 * same bans. While a source is banned its failures are not counted again (fail2ban would not see them).
 */
public final class Jail {
    /** A ban the jail decided. */
    public record Ban(String source, Instant at, Duration duration, int banCount, List<String> evidence) {
    }

    private final String name;
    private final int maxRetry;
    private final Duration findTime;
    private final Duration banTime;
    private final boolean increment;
    private final double factor;
    private final Duration maxTime;
    private final Map<String, ArrayDeque<Object[]>> failures = new HashMap<>();
    private final Map<String, Integer> banCounts = new HashMap<>();
    private final Map<String, Instant> bannedUntil = new HashMap<>();

    public Jail(String name, int maxRetry, Duration findTime, Duration banTime, boolean increment, double factor,
                Duration maxTime) {
        if (maxRetry < 1) {
            throw new IllegalArgumentException("maxretry must be at least 1");
        }
        this.name = name;
        this.maxRetry = maxRetry;
        this.findTime = findTime;
        this.banTime = banTime;
        this.increment = increment;
        this.factor = factor;
        this.maxTime = maxTime;
    }

    /** fail2ban's defaults: maxretry 5, findtime 10m, bantime 10m, no increment. */
    public static Jail defaults(String name) {
        return new Jail(name, 5, Duration.ofMinutes(10), Duration.ofMinutes(10), false, 1, Duration.ofDays(7));
    }

    public String name() {
        return name;
    }

    /** Counts one failure; returns the ban it triggers, if any. */
    public Ban fail(String source, Instant time, String evidence) {
        Instant until = bannedUntil.get(source);
        if (until != null && time.isBefore(until)) {
            return null;
        }
        ArrayDeque<Object[]> q = failures.computeIfAbsent(source, k -> new ArrayDeque<>());
        q.addLast(new Object[]{time, evidence});
        while (!q.isEmpty() && ((Instant) q.peekFirst()[0]).isBefore(time.minus(findTime))) {
            q.removeFirst();
        }
        while (q.size() > maxRetry) {
            q.removeFirst();
        }
        if (q.size() < maxRetry) {
            return null;
        }
        List<String> ev = new ArrayList<>();
        q.forEach(o -> ev.add((String) o[1]));
        q.clear();
        int count = banCounts.merge(source, 1, Integer::sum);
        Duration d = banTime;
        if (increment) {
            double mult = factor * Math.pow(2, Math.min(count - 1, 20));
            d = Duration.ofMillis((long) Math.min(maxTime.toMillis(), banTime.toMillis() * mult));
        }
        bannedUntil.put(source, time.plus(d));
        return new Ban(source, time, d, count, ev);
    }

    public int trackedSources() {
        return failures.size();
    }
}
