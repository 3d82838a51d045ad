package io.multisystem.contract.ratelimit;

import io.multisystem.contract.lang.RateLimitDecl;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * State of one {@code rate_limit} declaration, per key.
 *
 * <p>Token bucket: capacity {@code burst}, refilled continuously at {@code permits/period}; a request takes its
 * permits if that many tokens are present. In any interval of length t at most {@code burst + rate * t} permits pass.
 *
 * <p>Sliding window: the "sliding window counter" approximation — the count of the previous fixed window weighted by
 * its remaining overlap plus the current window's count must stay within the limit; O(1) memory per key. Two such
 * windows are enforced together: the rate window ({@code period}, limit {@code permits}) and, when {@code burst <
 * permits}, a burst window of length {@code period * burst / permits} (the time the steady rate takes to earn
 * {@code burst} permits) with limit {@code burst}, so no more than {@code burst} permits pass at once, the same
 * peak as a token bucket with that capacity, while the period total stays within the rate. (A sliding-window burst
 * above the rate is rejected by the parser.) A request is admitted only if both windows admit it; it is counted in
 * both.
 *
 * <p>Keys are kept in an LRU map bounded by {@code maxKeys}, so hostile key cardinality cannot exhaust memory (an
 * evicted key starts afresh, which is the documented limit). Thread-safe (one lock per declaration).
 */
public final class RateLimiter {
    public record Result(boolean allowed, long remaining, long retryAfterMillis) {
    }

    /** A sliding-window counter of fixed length. */
    private static final class Window {
        final long length;
        final long limit;
        long start;
        long current;
        long previous;

        Window(long length, long limit, long now) {
            this.length = length;
            this.limit = limit;
            this.start = now - Math.floorMod(now, length);
        }

        void roll(long now) {
            long s = now - Math.floorMod(now, length);
            if (s != start) {
                previous = s - start == length ? current : 0;
                current = 0;
                start = s;
            }
        }

        double used(long now) {
            return previous * (1.0 - (double) (now - start) / length) + current;
        }

        /** Milliseconds until {@code permits} more would fit: when the weighted previous count has decayed enough. */
        long retryAfter(long now, long permits) {
            if (permits > limit) {
                return -1;
            }
            double excess = used(now) + permits - limit;
            if (previous > 0 && excess <= previous * (1.0 - (double) (now - start) / length)) {
                // the previous window's weight decays linearly: previous * (1 - t/len) falls by `excess` after this long
                return Math.max(1, (long) Math.ceil(excess * length / previous));
            }
            return start + length - now;
        }
    }

    private static final class State {
        double tokens;
        long last;
        Window rate;
        Window burst;
    }

    private final RateLimitDecl decl;
    private final Clock clock;
    private final Map<String, State> states;

    public RateLimiter(RateLimitDecl decl, Clock clock, int maxKeys) {
        this.decl = decl;
        this.clock = clock;
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
                return size() > maxKeys;
            }
        };
    }

    public RateLimitDecl decl() {
        return decl;
    }

    public synchronized Result acquire(String key, long permits) {
        long now = clock.millis();
        State s = states.get(key);
        if (s == null) {
            s = new State();
            s.tokens = decl.burst();
            s.last = now;
            if (decl.algorithm() == RateLimitDecl.Algorithm.SLIDING_WINDOW) {
                s.rate = new Window(decl.periodMillis(), decl.permits(), now);
                if (decl.burst() < decl.permits()) {
                    s.burst = new Window(Math.max(1, decl.periodMillis() * decl.burst() / decl.permits()), decl.burst(), now);
                }
            }
            states.put(key, s);
        }
        return decl.algorithm() == RateLimitDecl.Algorithm.TOKEN_BUCKET ? bucket(s, now, permits) : window(s, now, permits);
    }

    private Result bucket(State s, long now, long permits) {
        double rate = (double) decl.permits() / decl.periodMillis();
        s.tokens = Math.min(decl.burst(), s.tokens + Math.max(0, now - s.last) * rate);
        s.last = Math.max(s.last, now);
        if (s.tokens >= permits) {
            s.tokens -= permits;
            return new Result(true, (long) Math.floor(s.tokens), 0);
        }
        long wait = (long) Math.ceil((permits - s.tokens) / rate);
        return new Result(false, (long) Math.floor(s.tokens), permits > decl.burst() ? -1 : wait);
    }

    private Result window(State s, long now, long permits) {
        s.rate.roll(now);
        if (s.burst != null) {
            s.burst.roll(now);
        }
        boolean fitsRate = s.rate.used(now) + permits <= s.rate.limit;
        boolean fitsBurst = s.burst == null || s.burst.used(now) + permits <= s.burst.limit;
        long remaining = (long) Math.max(0, Math.floor(s.rate.limit - s.rate.used(now)));
        if (s.burst != null) {
            remaining = Math.min(remaining, (long) Math.max(0, Math.floor(s.burst.limit - s.burst.used(now))));
        }
        if (fitsRate && fitsBurst) {
            s.rate.current += permits;
            if (s.burst != null) {
                s.burst.current += permits;
            }
            return new Result(true, Math.max(0, remaining - permits), 0);
        }
        long retry = 0;
        if (!fitsRate) {
            retry = s.rate.retryAfter(now, permits);
        }
        if (!fitsBurst) {
            long b = s.burst.retryAfter(now, permits);
            retry = retry < 0 || b < 0 ? -1 : Math.max(retry, b);
        }
        return new Result(false, remaining, retry);
    }
}
