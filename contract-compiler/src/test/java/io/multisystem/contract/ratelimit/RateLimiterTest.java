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
        return SourceParser.parse("r", "rate_limit api { key: principal; rate: 10 per 1s; burst: 5; algorithm: " + algo + "; }")
                .rateLimits().get(0);
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
        RateLimiter limiter = new RateLimiter(decl("sliding_window"), clock, 100);

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
}
