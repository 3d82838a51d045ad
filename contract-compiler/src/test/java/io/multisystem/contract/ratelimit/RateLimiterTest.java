package io.multisystem.contract.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.contract.lang.RateLimitDecl;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.core.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static RateLimitDecl decl(String algo) {
        return decl(algo, 5);
    }

    private static RateLimitDecl decl(String algo, int burst) {
        return SourceParser.parse("r", "rate_limit api { key: principal; rate: 10 per 1s; burst: " + burst + "; algorithm: "
                + algo + "; }").rateLimits().get(0);
    }

    @Test
    void tokenBucketAllowsTheBurstThenRefillsAtTheRate() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(decl("token_bucket"), clock, 100);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("alice", 1).allowed()).isTrue();
        }
        RateLimiter.Result refused = limiter.acquire("alice", 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).isEqualTo(100);
        assertThat(limiter.acquire("bob", 1).allowed()).as("keys are independent").isTrue();

        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.acquire("alice", 1).allowed()).isTrue();
        assertThat(limiter.acquire("alice", 1).allowed()).isFalse();
    }

    @Test
    void slidingWindowWeighsThePreviousWindow() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(decl("sliding_window", 10), clock, 100);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        }
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1500));
        // half of the previous window still counts: 10 * 0.5 = 5 used
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        }
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
    }

    @Test
    void slidingWindowBurstCapsPermitsWithinTheBurstWindowWhileTheRateCapsThePeriod() {
        // rate 10 per 1s, burst 5: at most 5 within any 500 ms (the time the rate needs to earn 5), 10 per second.
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(decl("sliding_window", 5), clock, 100);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        }
        RateLimiter.Result refused = limiter.acquire("k", 1);
        assertThat(refused.allowed()).as("burst exhausted").isFalse();
        assertThat(refused.retryAfterMillis()).isBetween(1L, 500L);

        clock.advance(Duration.ofMillis(500));
        // the burst window rolled: its previous count (5) weighs 100% at the start, so still refused
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
        clock.advance(Duration.ofMillis(250));
        // previous burst window weighs 50% (2.5) -> 2 more fit; the rate window has 5 of 10 used
        assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();

        clock.advance(Duration.ofMillis(250)); // t = 1000: new rate window; previous rate window (7) weighs 100%
        assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        assertThat(limiter.acquire("k", 1).allowed()).as("rate window: 7 + 3 = 10").isFalse();
    }

    @Test
    void slidingWindowNeverAdmitsMoreThanTheBurstInAnyBurstWindowNorMoreThanTheRateAtOnce() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(decl("sliding_window", 3), clock, 100);
        java.util.ArrayDeque<Long> admitted = new java.util.ArrayDeque<>();
        java.util.Random rnd = new java.util.Random(7);
        int total = 0;
        for (int i = 0; i < 5000; i++) {
            clock.advance(Duration.ofMillis(rnd.nextInt(40)));
            if (limiter.acquire("k", 1).allowed()) {
                admitted.add(clock.millis());
                total++;
            }
            long now = clock.millis();
            // the counter approximation admits at most 2x the limit in any window of its length (weighted previous
            // window + current), the documented bound of the sliding-window counter
            assertThat(admitted.stream().filter(t -> t > now - 300).count()).isLessThanOrEqualTo(6);
            assertThat(admitted.stream().filter(t -> t > now - 1000).count()).isLessThanOrEqualTo(20);
            while (!admitted.isEmpty() && admitted.peekFirst() <= now - 1000) {
                admitted.pollFirst();
            }
        }
        assertThat(total).isPositive();
    }

    @Test
    void aSlidingWindowBurstAboveTheRateIsRejectedWithItsLocation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decl("sliding_window", 20))
                .hasMessageContaining("r:1:1").hasMessageContaining("cannot exceed the rate");
    }
}
