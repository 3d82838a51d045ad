package io.multisystem.contract.ratelimit;

import io.multisystem.contract.lang.RateLimitDecl;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * State of one {@code rate_limit} declaration, per key.
 *
 * <p>Token bucket: capacity {@code burst}, refilled continuously at {@code permits/period}; a request takes its
 * permits if that many tokens are present. Sliding window: the "sliding window counter" approximation — the count of
 * the previous fixed window weighted by its remaining overlap plus the current window's count must stay within
 * {@code permits}; O(1) memory per key. Keys are kept in an LRU map bounded by {@code maxKeys}, so hostile key
 * cardinality cannot exhaust memory (an evicted key starts afresh, which is the documented limit).
 */
public final class RateLimiter {
    public record Result(boolean allowed, long remaining, long retryAfterMillis) {
    }

    private static final class State {
        double tokens;
        long last;
        long windowStart;
        long current;
        long previous;
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
            s.windowStart = now - Math.floorMod(now, decl.periodMillis());
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
        long period = decl.periodMillis();
        long start = now - Math.floorMod(now, period);
        if (start != s.windowStart) {
            s.previous = start - s.windowStart == period ? s.current : 0;
            s.current = 0;
            s.windowStart = start;
        }
        double overlap = 1.0 - (double) (now - start) / period;
        double used = s.previous * overlap + s.current;
        if (used + permits <= decl.permits()) {
            s.current += permits;
            return new Result(true, (long) Math.floor(decl.permits() - used - permits), 0);
        }
        return new Result(false, (long) Math.max(0, Math.floor(decl.permits() - used)), start + period - now);
    }
}
